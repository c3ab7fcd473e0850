#!/bin/bash
# xvfb-run-test.sh PROGRAM [ARGS…]: run a GUI test under its own X server
# and its own session bus, so that `meson test` works as root with no
# display (as CI runs it). Xvfb picks a free display itself (-displayfd),
# so tests may run side by side.
set -u

fd_file=$(mktemp)
# A data folder of the test's own: the window's daily backups go there,
# not into the home folder of whoever runs the tests.
data_home=$(mktemp -d)
export XDG_DATA_HOME="$data_home"
# And a settings folder of its own, with GTK's animations off (as a user
# who prefers reduced motion has them): the tests check what the window
# does, not how it moves, and libadwaita 1.2 can crash when an animation
# is cut short by a quick next step (a toast's, an entry row's), which a
# test's pace on a busy machine makes likely.
config_home=$(mktemp -d)
export XDG_CONFIG_HOME="$config_home"
mkdir -p "$config_home/gtk-4.0"
printf '[Settings]\ngtk-enable-animations=false\n' > "$config_home/gtk-4.0/settings.ini"
Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp 9>"$fd_file" 2>/dev/null &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; rm -f "$fd_file"; rm -rf "$data_home" "$config_home"' EXIT

for _ in $(seq 1 200); do
  [ -s "$fd_file" ] && break
  sleep 0.05
done
display=$(head -n 1 "$fd_file")
if [ -z "$display" ]; then
  echo "Bail out! Xvfb did not start (install the xvfb package)"
  exit 1
fi

export DISPLAY=":$display"
export GDK_BACKEND=x11
export GTK_A11Y=none
export NO_AT_BRIDGE=1
# GtkApplication wants a session bus (it warns without one, and warnings
# are fatal in the tests); a private one dies with the test.
if ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "Bail out! dbus-run-session is missing: install the dbus package"
  exit 1
fi
dbus-run-session -- "$@"
