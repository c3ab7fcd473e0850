#!/usr/bin/env bash
# run.sh: build the benchmarks in a release tree, run every one of them,
# and print their results as one table.
#
#   tests/bench/run.sh [ARGUMENTS…]
#
# Every program tests/bench/bench-<name>.c is run in turn; ARGUMENTS go to
# each of them (--repeat 3 for medians of three runs; --rows N for a quick
# look, but the figures we quote are at the default size). A program
# reports by printing lines "RESULT<TAB>benchmark<TAB>measure<TAB>value
# <TAB>reference<TAB>ratio<TAB>aim" (the ratio is the value's cost over the
# reference's; an aim is "<=N" or "-") and "INFO<TAB>key<TAB>value"; the
# rest of what it prints is shown as it runs.
#
# Environment: BENCH_BUILD_DIR, the build folder (default build-bench at
# the top of the source tree, set up with --buildtype=release if missing);
# BENCH_TMPDIR, where the databases are written (default $TMPDIR or
# /var/tmp: a disk, not memory, as people's files are).
#
# This script only reads the source tree; it writes to the build folder and
# a temporary folder it removes. It exits non-zero if a benchmark failed to
# run, not when an aim is missed: the table says that.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BENCH_BUILD_DIR:-$root/build-bench}

# What is measured: taken now, before building, as the tree may change
# while the benchmarks run.
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git -C "$root" diff --quiet HEAD -- 2>/dev/null; then
  # A digest of the uncommitted changes, so that two runs can be matched.
  commit="$commit + local changes $(git -C "$root" diff HEAD -- | sha1sum | cut -c1-8)"
fi

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$root" --buildtype=release
fi
buildtype=$(meson configure "$build" 2>/dev/null | awk '$1 == "buildtype" { print $2; exit }')
if [ "$buildtype" != "release" ]; then
  echo "run.sh: warning: $build is a ${buildtype:-unknown} build; figures are quoted from release builds" >&2
fi
# Only the benchmarks (and what they link): a test elsewhere that does not
# build yet must not stop them.
targets=()
for source in "$here"/bench-*.c; do
  targets+=("$(basename "$source" .c)")
done
if ! log=$(meson compile -C "$build" "${targets[@]}" 2>&1); then
  echo "$log" >&2
  echo "run.sh: the benchmarks do not build" >&2
  exit 1
fi

tmp=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/var/tmp}}/joinery-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
results="$tmp/results.tsv"
: > "$results"

load_before=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
failed=0
for source in "$here"/bench-*.c; do
  name=$(basename "$source" .c)
  program="$build/tests/bench/$name"
  if [ ! -x "$program" ]; then
    echo "run.sh: $program was not built; is $name in tests/bench/meson.build?" >&2
    printf 'RESULT\t%s\tnot built\t-\t-\t-\t-\n' "$name" >> "$results"
    failed=1
    continue
  fi
  echo "== $name $*"
  mkdir -p "$tmp/$name"
  # Show the program's report as it runs, and keep its machine lines.
  if ! "$program" "$@" --dir "$tmp/$name" | tee "$tmp/$name.out"; then
    status=${PIPESTATUS[0]}
    printf 'RESULT\t%s\tfailed (exit %s)\t-\t-\t-\t-\n' "$name" "$status" >> "$results"
    failed=1
  fi
  grep -E '^(RESULT|INFO)'$'\t' "$tmp/$name.out" >> "$results" || true
  echo
done

fs=$(stat -f -c %T "$tmp" 2>/dev/null || echo unknown)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)

echo "Joinery benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
echo "machine: ${cpu:-unknown CPU}, $(nproc) CPUs; build: ${buildtype:-unknown}; databases on $fs"
# Other work on the machine slows the benchmarks unevenly: say how busy it was.
echo "load average: $load_before before, $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown) after"
awk -F '\t' '$1 == "INFO" && $2 == "sqlite" { print "SQLite " $3; exit }' "$results"
echo

awk -F '\t' '
  function verdict(ratio, aim,    limit) {
    if (aim == "-" || aim == "" || ratio == "-")
      return ""
    if (aim ~ /^<=/) { limit = substr(aim, 3); return (ratio + 0 <= limit + 0) ? "met" : "MISSED" }
    if (aim ~ /^>=/) { limit = substr(aim, 3); return (ratio + 0 >= limit + 0) ? "met" : "MISSED" }
    return "?"
  }
  BEGIN {
    n = 1
    cell[1, 1] = "benchmark"; cell[1, 2] = "measure"; cell[1, 3] = "value"
    cell[1, 4] = "reference"; cell[1, 5] = "ratio"; cell[1, 6] = "aim"; cell[1, 7] = "verdict"
  }
  $1 == "RESULT" {
    n++
    for (c = 2; c <= 6; c++)
      cell[n, c - 1] = $c
    cell[n, 5] = ($6 == "-" ? "-" : $6 "x")
    cell[n, 6] = ($7 == "-" ? "-" : ($7 ~ /^<=/ ? "<= " substr($7, 3) "x" : ">= " substr($7, 3) "x"))
    cell[n, 7] = verdict($6, $7)
  }
  END {
    for (r = 1; r <= n; r++)
      for (c = 1; c <= 7; c++)
        if (length(cell[r, c]) > width[c])
          width[c] = length(cell[r, c])
    for (r = 1; r <= n; r++) {
      line = "|"
      for (c = 1; c <= 7; c++)
        line = line sprintf(" %" (c >= 3 && c <= 5 ? "" : "-") width[c] "s |", cell[r, c])
      print line
      if (r == 1) {
        line = "|"
        for (c = 1; c <= 7; c++) {
          dashes = ""
          for (i = 0; i < width[c]; i++)
            dashes = dashes "-"
          line = line (c >= 3 && c <= 5 ? "-" dashes ":|" : " " dashes " |")
        }
        print line
      }
    }
  }
' "$results"
echo
echo "value: the thing measured (write-people: through the core); reference: what it is set"
echo "beside (write-people: the bare prepared INSERT, the floor); ratio: the value's cost over"
echo "the reference's (time, CPU or bytes), so lower is better and the aim is a ceiling."

exit "$failed"
