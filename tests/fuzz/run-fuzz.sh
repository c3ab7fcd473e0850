#!/bin/sh
# run-fuzz.sh: build the CSV reader's libFuzzer target with clang and run
# it for a bounded time, from the seeds in tests/fuzz/corpus-csv/.
#
#   run-fuzz.sh SOURCE_ROOT BUILD_DIR SECONDS
#
# The project is built with gcc; libFuzzer needs clang, so the target is
# built here, outside meson's build, from the reader's own two files
# (app/exchange/joinery-csv.c and joinery-exchange-error.c, which need
# nothing but GLib). Exits 77 — meson's "skipped" — when clang or its
# libFuzzer runtime is not installed; 0 when the run found nothing; 1 when
# the target did not build or the fuzzer found a crash, a leak or a broken
# promise (the input that did it is printed as base64 and left in
# BUILD_DIR/fuzz-csv-artifacts/).
set -u

root=$1
build=$2
seconds=${3:-10}
clang=${CLANG:-clang}

if ! command -v "$clang" >/dev/null 2>&1; then
  echo "1..0 # SKIP no clang"
  exit 77
fi
if ! flags=$(pkg-config --cflags --libs gio-2.0 2>/dev/null); then
  echo "1..0 # SKIP no pkg-config for gio-2.0"
  exit 77
fi

work="$build/fuzz-csv"
mkdir -p "$work" "$build/fuzz-csv-artifacts"
probe="$work/probe.c"
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput (const uint8_t *d, size_t n) { return 0; }\n' > "$probe"
if ! "$clang" -fsanitize=fuzzer,address "$probe" -o "$work/probe" >/dev/null 2>&1; then
  echo "1..0 # SKIP clang has no libFuzzer runtime"
  exit 77
fi

# shellcheck disable=SC2086 # the flags are words
if ! "$clang" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
     -I"$root/app/exchange" "$root/tests/fuzz/fuzz-csv.c" "$root/app/exchange/joinery-csv.c" \
     "$root/app/exchange/joinery-exchange-error.c" $flags -o "$work/fuzz-csv"; then
  echo "run-fuzz.sh: the fuzz target does not build" >&2
  exit 1
fi

# A corpus of its own each run, from the seeds: the source tree is not written to.
rm -rf "$work/corpus"
mkdir -p "$work/corpus"
cp "$root/tests/fuzz/corpus-csv/"* "$work/corpus/"

# GLib's one-time allocations (its type system) are reachable, not leaks;
# meson's malloc checks are ASan's job here.
unset MALLOC_CHECK_ MALLOC_PERTURB_
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
if ! "$work/fuzz-csv" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
     -artifact_prefix="$build/fuzz-csv-artifacts/" -print_final_stats=1 "$work/corpus" 2>"$work/log"; then
  tail -n 60 "$work/log" >&2
  for crash in "$build/fuzz-csv-artifacts/"*; do
    [ -f "$crash" ] && { echo "input $crash:" >&2; base64 "$crash" >&2; }
  done
  exit 1
fi
grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$work/log" || true
exit 0
