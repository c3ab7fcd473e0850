#!/bin/sh
# The core must stay display-free: no symbol from GTK, GDK, GSK or
# libadwaita in the core library, and no such library linked into the
# core's test programs. Prints TAP.
set -u
echo "1..2"
lib=$1
shift
if nm -A "$lib" 2>/dev/null | grep -E ' U (gtk_|gdk_|gsk_|adw_)' >/dev/null; then
  echo "not ok 1 - the core library refers to GTK: $(nm -A "$lib" | grep -E ' U (gtk_|gdk_|gsk_|adw_)' | head -3)"
else
  echo "ok 1 - the core library refers to no GTK, GDK, GSK or libadwaita symbol"
fi
bad=""
for exe in "$@"; do
  if ! ldd "$exe" >/dev/null 2>&1; then
    bad="$bad $exe(unreadable)"
  elif ldd "$exe" | grep -E 'lib(gtk|gdk|adwaita|gtksourceview)' >/dev/null; then
    bad="$bad $exe"
  fi
done
if [ -z "$bad" ]; then
  echo "ok 2 - the core's test programs link no GTK library"
else
  echo "not ok 2 - linked to GTK:$bad"
fi
