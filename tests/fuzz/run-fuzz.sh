#!/bin/sh
# run-fuzz.sh: build the libFuzzer targets (tests/fuzz/fuzz-NAME.c) with
# clang and run them for a bounded time each, from their seed corpora.
#
#   tests/fuzz/run-fuzz.sh [--build-dir DIR] [--seed N] NAME|all [SECONDS]
#
# --seed N makes libFuzzer's choices the same at every run (the suite uses
# seed 1, so that its answer does not change from run to run); without it
# each run explores afresh.
#
# NAME is csv, archive, mapping, manifest, cli or lua; all runs each in
# turn (the CSV reader half as long again), as the suite's `fuzz` test does
# for ten seconds each. SECONDS defaults to 60. By hand, run one target for
# longer: tests/fuzz/run-fuzz.sh archive 3600.
#
# The project is built with gcc; libFuzzer needs clang, so the targets are
# built in a build of their own (DIR, by default build-fuzz/ in the source
# tree), with AddressSanitizer and UndefinedBehaviorSanitizer, coverage on
# every library they use. The corpus grows in DIR/corpus-NAME/ (the seeds
# in the source tree are not written to). Output is TAP, one case a
# target. Exits 77 — meson's "skipped" — when clang or its libFuzzer
# runtime is not installed; 0 when the runs found nothing; 1 when a target
# did not build or a fuzzer found a crash, a leak, a hang or a broken
# promise: the input that did it is printed as base64 and left in
# DIR/artifacts-NAME/. Replay one with DIR/tests/fuzz/fuzz-NAME FILE; add it
# to tests/fuzz/regressions-NAME/ once fixed, where the suite's
# fuzz-replay-NAME test feeds it to the target at every run.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=
if [ "${1:-}" = "--build-dir" ]; then
  build=$2
  shift 2
fi
seed=
if [ "${1:-}" = "--seed" ]; then
  seed=$2
  shift 2
fi
build=${build:-$root/build-fuzz}
name=${1:-all}
seconds=${2:-60}
clang=${CLANG:-clang}
all="csv archive mapping manifest cli lua"

case " $all all " in
  *" $name "*) ;;
  *) echo "run-fuzz.sh: no target “$name” (one of: $all, or all)" >&2; exit 2 ;;
esac
[ "$name" = all ] && targets=$all || targets=$name
set -- $targets

if ! command -v "$clang" >/dev/null 2>&1; then
  echo "1..0 # SKIP no clang"
  exit 77
fi
mkdir -p "$build"
probe="$build/probe.c"
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput (const uint8_t *d, size_t n) { return 0; }\n' > "$probe"
if ! "$clang" -fsanitize=fuzzer,address "$probe" -o "$build/probe" >/dev/null 2>&1; then
  echo "1..0 # SKIP clang has no libFuzzer runtime"
  exit 77
fi

echo "1..$#"

# A build of its own, with clang, coverage and the sanitizers.
log="$build/build.log"
if [ ! -f "$build/build.ninja" ]; then
  # The suite's environment is not the build's.
  if ! env -u MALLOC_CHECK_ -u MALLOC_PERTURB_ CC="$clang" meson setup "$build" "$root" \
       -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false \
       -Dc_args="-fsanitize=fuzzer-no-link -fno-sanitize-recover=all" >"$log" 2>&1; then
    tail -n 40 "$log" | sed 's/^/# /'
    i=0
    for t in "$@"; do i=$((i + 1)); echo "not ok $i $t # the fuzz build cannot be set up"; done
    exit 1
  fi
fi
fuzzers=
for t in "$@"; do fuzzers="$fuzzers tests/fuzz/fuzz-$t"; done
# shellcheck disable=SC2086 # the targets are words
if ! env -u MALLOC_CHECK_ -u MALLOC_PERTURB_ meson compile -C "$build" $fuzzers >>"$log" 2>&1; then
  grep -E 'error|Error' "$log" | tail -n 40 | sed 's/^/# /'
  i=0
  for t in "$@"; do i=$((i + 1)); echo "not ok $i $t # the fuzz target does not build"; done
  exit 1
fi

# meson's malloc checks and perturbation are the sanitizers' job here;
# GLib's criticals (a broken precondition) are crashes; leaks of the
# libraries' one-time allocations are suppressed as in the suite.
unset MALLOC_CHECK_ MALLOC_PERTURB_
# The targets make databases and files by the thousand: in memory when possible.
[ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm
export G_DEBUG=fatal-criticals G_SLICE=always-malloc
# Leaks are not looked for in these runs: the archive and manifest targets
# show leaks, at the end of a long run only, that are not yet understood
# (GLib key files and json-glib trees left in cycles); the replays of every
# corpus and regression in the sanitizer build look for leaks instead.
# ASAN_OPTIONS=detect_leaks=1 by hand looks for them here too.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}"

status=0
i=0
for t in "$@"; do
  i=$((i + 1))
  time=$seconds
  [ "$name" = all ] && [ "$t" = csv ] && time=$((seconds * 3 / 2))
  corpus="$build/corpus-$t"
  artifacts="$build/artifacts-$t"
  mkdir -p "$corpus" "$artifacts"
  cp "$here/corpus-$t/"* "$corpus/"
  [ -d "$here/regressions-$t" ] && cp "$here/regressions-$t/"* "$corpus/" 2>/dev/null
  out="$build/fuzz-$t.log"
  # Its own folder as the working directory: nothing lands in the tree.
  # libFuzzer's check for leaks after each new input also takes for leaks
  # what GLib and json-glib free only later, which would fail runs at random.
  if (cd "$build" && "$build/tests/fuzz/fuzz-$t" ${seed:+-seed="$seed"} -max_total_time="$time" -max_len=8192 -timeout=10 \
        -rss_limit_mb=2048 -detect_leaks=0 -artifact_prefix="$artifacts/" -print_final_stats=1 \
        "$corpus") >"$out" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out")
    echo "ok $i $t # ${runs:-?} inputs in ${time} s"
  else
    status=1
    echo "not ok $i $t"
    tail -n 60 "$out" | sed 's/^/# /'
    for crash in "$artifacts/"*; do
      [ -f "$crash" ] && { echo "# input $crash:"; base64 "$crash" | sed 's/^/# /'; }
    done
  fi
done
exit $status
