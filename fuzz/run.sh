#!/usr/bin/env bash
# Bounded fuzzing run of every fuzz target (libFuzzer through cargo-fuzz).
#
#   fuzz/run.sh [SECONDS_PER_TARGET]        (default 60)
#
# Works with the stable toolchain: cargo-fuzz needs nightly flags (-Zsanitizer, sancov), which
# RUSTC_BOOTSTRAP=1 unlocks. Installs cargo-fuzz when missing (cached outside the repository),
# builds the targets, seeds fuzz/corpus/<target>/ from tests/corpus/*.txt (and the docx target
# from the Word fixtures tests/docx/*.docx and their XML parts), runs each target for
# the given time, prints the executions per target and their total, and exits non-zero on any
# finding (crash, panic, timeout, leak, out-of-memory) or failure to build.
#
# Environment:
#   BAOCAO_FUZZ_CACHE      where cargo-fuzz is installed (default ~/.cache/baocao-fuzz)
#   BAOCAO_FUZZ_TARGETS    targets to run, space separated (default "lexer parser edits docx")
#   BAOCAO_FUZZ_SANITIZER  address (default) or none; "address" falls back to none with a
#                          warning when the toolchain has no sanitizer runtime
#   BAOCAO_FUZZ_JOBS       libFuzzer -jobs/-workers for each target (default 1: one process)
#   BAOCAO_FUZZ_ARGS       extra libFuzzer arguments (e.g. "-max_len=8192")
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECS=${1:-60}
case $SECS in '' | *[!0-9]*) echo "usage: fuzz/run.sh [SECONDS_PER_TARGET]" >&2; exit 2 ;; esac
TARGETS=${BAOCAO_FUZZ_TARGETS:-lexer parser edits docx}
CACHE=${BAOCAO_FUZZ_CACHE:-$HOME/.cache/baocao-fuzz}
SANITIZER=${BAOCAO_FUZZ_SANITIZER:-address}
JOBS=${BAOCAO_FUZZ_JOBS:-1}
CARGO_FUZZ_VERSION=0.13.2
export RUSTC_BOOTSTRAP=1
export PATH="$CACHE/bin:$PATH"
# The fuzz crate has its own workspace and target dir (fuzz/target); never the root's.
unset CARGO_TARGET_DIR
LOGS=$ROOT/fuzz/target/logs
mkdir -p "$LOGS"

# --- tools -----------------------------------------------------------------------------------
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION into $CACHE"
  cargo install --locked --root "$CACHE" --version "$CARGO_FUZZ_VERSION" cargo-fuzz
fi
cargo fuzz --version
# libfuzzer-sys compiles libFuzzer (C++).
if ! command -v c++ >/dev/null 2>&1 && ! command -v clang++ >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing a C++ compiler (libFuzzer is C++)"
    apt-get update -qq && apt-get install -y -qq g++ >/dev/null
  else
    echo "fuzz/run.sh: a C++ compiler (c++, g++ or clang++) is needed to build libFuzzer" >&2
    exit 1
  fi
fi

# --- build -----------------------------------------------------------------------------------
# Default cargo-fuzz profile: optimised, with debug assertions and overflow checks.
build() { cargo fuzz build --sanitizer "$SANITIZER" "$@"; }
echo "== building fuzz targets (sanitizer: $SANITIZER)"
if ! build >"$LOGS/build.log" 2>&1; then
  if [ "$SANITIZER" = address ] && grep -qiE "sanitizer|asan|rustc-.*_rt" "$LOGS/build.log"; then
    echo "warning: the build with AddressSanitizer failed; building without a sanitizer" >&2
    tail -5 "$LOGS/build.log" >&2
    SANITIZER=none
    build >"$LOGS/build.log" 2>&1 || { cat "$LOGS/build.log" >&2; exit 1; }
  else
    cat "$LOGS/build.log" >&2
    exit 1
  fi
fi

# --- seed corpora ----------------------------------------------------------------------------
# Generated at run time (fuzz/corpus is git-ignored): every corpus line for the lexer, chunks of
# 12 lines for the parser, chunks of 6 lines followed by a few edits for the edits target (small
# inputs keep the executions fast; the fuzzer grows them).
seed() {
  local d=$ROOT/fuzz/corpus
  mkdir -p "$d/lexer" "$d/parser" "$d/edits" "$d/docx"
  local f base n i
  for f in "$ROOT"/tests/corpus/*.txt; do
    base=$(basename "$f" .txt)
    n=0
    while IFS= read -r line || [ -n "$line" ]; do
      n=$((n + 1))
      [ -n "${line//[[:space:]]/}" ] || continue
      printf '%s' "$line" >"$d/lexer/seed-$base-$n"
    done <"$f"
    i=0
    while [ $((i * 12)) -lt "$n" ]; do
      sed -n "$((i * 12 + 1)),$((i * 12 + 12))p" "$f" >"$d/parser/seed-$base-$i"
      i=$((i + 1))
    done
    i=0
    while [ $((i * 6)) -lt "$n" ]; do
      {
        sed -n "$((i * 6 + 1)),$((i * 6 + 6))p" "$f"
        # 0xFF, then: a UTF-16 replacement on line 1 with pieces (CRLF, combining accent), a
        # UTF-8 insertion past the end of line 3 (raw "1. "), a full-reparse check, and an
        # edit inside a character of line 0.
        printf '\377\200\001\002\001\010\002\001\005\030\003\377\003\377\0031. \007\010\000\001\000\002\001x'
      } >"$d/edits/seed-$base-$i"
      i=$((i + 1))
    done
  done
  # The Word fixtures whole, and their XML parts in the docx target's other input form: a byte
  # 0x01, then word/document.xml, numbering.xml and footnotes.xml separated by 0xFF (styles.xml
  # left empty: python-docx's is 350 KB of table styles).
  for f in "$ROOT"/tests/docx/*.docx; do
    [ -f "$f" ] || continue
    base=$(basename "$f" .docx)
    # No .docx extension: `baocao-ls check .` in the clone must not take the corpus for reports.
    cp "$f" "$d/docx/seed-$base"
    python3 - "$f" "$d/docx/seed-$base-parts" <<'PY' || true
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
def part(name):
    try:
        return z.read(name)
    except KeyError:
        return b""
data = b"\x01" + b"\xff".join([part("word/document.xml"), b"", part("word/numbering.xml"), part("word/footnotes.xml")])
open(sys.argv[2], "wb").write(data)
PY
  done
}
seed

# --- run -------------------------------------------------------------------------------------
total=0
failed=()
summary=()
for t in $TARGETS; do
  echo "== fuzzing $t for ${SECS}s"
  log=$LOGS/$t.log
  mkdir -p "fuzz/artifacts/$t"
  before=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)
  # Lines of real reports are up to ~2 KB; longer inputs only slow the search down.
  # A Word file is a zip of some 40 KB; its XML parts are given as one input of up to 20 KB.
  case $t in lexer | edits) max_len=2048 ;; docx) max_len=65536 ;; *) max_len=4096 ;; esac
  parallel=()
  if [ "$JOBS" -gt 1 ]; then parallel=(-jobs="$JOBS" -workers="$JOBS"); fi
  set +e
  # The -timeout is per input; the outer timeout only guards against a stuck libFuzzer.
  timeout --kill-after=30 $((SECS + 120)) \
    cargo fuzz run --sanitizer "$SANITIZER" "$t" "$ROOT/fuzz/corpus/$t" "$ROOT/fuzz/seeds/$t" -- \
      -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2560 -dict="$ROOT/fuzz/baocao.dict" \
      -print_final_stats=1 -max_len=$max_len ${parallel[@]+"${parallel[@]}"} ${BAOCAO_FUZZ_ARGS:-} >"$log" 2>&1
  rc=$?
  set -e
  # With -jobs > 1 libFuzzer writes each job's output to fuzz-<n>.log in the working dir.
  # The main log repeats the jobs' final stats: count them once, from the jobs' own logs.
  if [ "$JOBS" -gt 1 ]; then
    runs=$(cat fuzz-*.log 2>/dev/null | grep -E '^stat::number_of_executed_units:' | awk '{s += $2} END {print s + 0}')
    cat fuzz-*.log >>"$log" 2>/dev/null || true
    rm -f fuzz-*.log
  else
    runs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{s += $2} END {print s + 0}')
  fi
  if [ "$runs" = 0 ]; then
    runs=$(grep -E '^Done [0-9]+ runs' "$log" | awk '{s += $2} END {print s + 0}')
  fi
  after=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)
  total=$((total + runs))
  if [ "$rc" != 0 ] || [ "$after" -gt "$before" ] || grep -qE '^(==[0-9]+== ?ERROR|SUMMARY: (libFuzzer|AddressSanitizer|LeakSanitizer))' "$log"; then
    failed+=("$t")
    summary+=("$t: $runs executions, FINDING (exit $rc; log $log)")
    echo "-- $t: finding or failure (exit $rc); last lines of $log:" >&2
    grep -E 'panicked at|^SUMMARY|ERROR: libFuzzer|artifact_prefix|Test unit written' "$log" | head -20 >&2 || true
    tail -25 "$log" >&2
  else
    summary+=("$t: $runs executions")
  fi
  echo "-- ${summary[-1]}"
done

echo "== fuzzing summary (${SECS}s per target, sanitizer: $SANITIZER)"
printf '  %s\n' "${summary[@]}"
echo "  total: $total executions"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: findings in: ${failed[*]} (inputs in fuzz/artifacts/<target>/)" >&2
  exit 1
fi
