#!/bin/sh
# sanitizer-run.sh: run one test of a build with the sanitizers
# (-Db_sanitize=address,undefined), failing it on any report from any
# process it starts — the test program, the `joinery` it runs, the Lua
# sandbox's fork server and every run it forks, which end with _exit and
# whose output no test reads.
#
#   sanitizer-run.sh PROGRAM [ARGUMENT…]
#
# It is the exe_wrapper of the `asan` test setup (tests/meson.build), the
# default setup of such a build. Every report goes to a file of its own
# (log_path, one per process) in a folder of this run; after the test, each
# report found is printed to standard error and the test fails, whatever
# its own status said. UndefinedBehaviorSanitizer stops at the first
# problem; LeakSanitizer runs at every exit but _exit, with the
# suppressions in tests/lsan.supp (third-party libraries only).
set -u

here=$(cd "$(dirname "$0")" && pwd)
reports=$(mktemp -d "${TMPDIR:-/tmp}/joinery-sanitizer-XXXXXX") || exit 1

# glibc's malloc checks and GLib's slice allocator would only hide
# allocations from AddressSanitizer, which replaces malloc.
unset MALLOC_CHECK_ MALLOC_PERTURB_
export G_SLICE=always-malloc
# The window's tests run GTK, GLib's GIO modules, fontconfig and Mesa,
# which keep allocations for the life of the process and are built
# without frame pointers: their leaks come with a stack cut short at
# g_malloc, which no suppression can tell from ours, and the slow unwinder
# that would follow them makes the window miss its tests' deadlines. There
# the leak check is off; every other check stays on. The core, exchange,
# Lua and command line code they share is leak-checked by the other suites.
leaks=1
case "$1" in
  */gui/*) leaks=0 ;;
esac
# Leak-checked programs load no GIO modules: a desktop has some (dconf's
# settings backend, gvfs), whose objects GIO keeps for the life of the
# process, with stacks cut short at g_malloc as above. They need none:
# local files and the memory settings backend the tests use are GIO's own.
if [ "$leaks" = 1 ]; then
  mkdir "$reports/.no-gio-modules" && export GIO_MODULE_DIR="$reports/.no-gio-modules"
fi
export ASAN_OPTIONS="detect_leaks=$leaks:halt_on_error=1:abort_on_error=0:allocator_may_return_null=1:detect_stack_use_after_return=0:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"

"$@"
status=$?

found=0
for report in "$reports"/*; do
  [ -f "$report" ] || continue
  found=1
  echo "sanitizer-run.sh: a report from process ${report##*.} ($(basename "$report" | cut -d. -f1)):" >&2
  cat "$report" >&2
done
rm -rf "$reports"
if [ "$found" = 1 ]; then
  echo "sanitizer-run.sh: the sanitizers reported problems (above); the test fails" >&2
  [ "$status" = 0 ] && status=1
fi
exit "$status"
