#!/usr/bin/env bash
# Builds the fuzz preset (clang++-16, libFuzzer + ASan + UBSan) and runs every fuzz target for
# SECONDS (default 60), one after the other. Exits non-zero when any target finds a crash, a hang,
# a leak, undefined behaviour, an out-of-memory or a broken harness invariant. See fuzz/README.md.
#
#   fuzz/run.sh [SECONDS]
#
# Environment: EDIGATE_FUZZ_BUILD_DIR  build directory (default build/fuzz, the fuzz preset's);
#              EDIGATE_FUZZ_TARGETS    space-separated subset of targets to run;
#              EDIGATE_FUZZ_SEED       libFuzzer -seed (CI sets it: the same inputs every run);
#              EDIGATE_FUZZ_RUNS       libFuzzer -runs: stop after this many inputs (SECONDS stays a cap).
# Layout under the build directory: corpus/TARGET (the growing work corpus, kept between runs),
# seeds/TARGET (rebuilt every run), artifacts/TARGET (crash-*, timeout-*, leak-*, oom-*),
# logs/TARGET.log.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

seconds=${1:-60}
case "$seconds" in
  ''|*[!0-9]*) echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 2 ;;
esac
build_dir=${EDIGATE_FUZZ_BUILD_DIR:-build/fuzz}
log() { echo "fuzz/run.sh: $*" >&2; }

# ---- build
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  log "configuring the fuzz preset in $build_dir"
  if [ "$build_dir" = build/fuzz ]; then
    cmake --preset fuzz >&2
  else
    cmake --preset fuzz -B "$build_dir" >&2
  fi
fi
all_targets="fuzz_x12_reader fuzz_edifact_reader fuzz_from_json fuzz_validator fuzz_canonical_json fuzz_maps fuzz_http"
targets=${EDIGATE_FUZZ_TARGETS:-$all_targets}
build_targets=$targets
case " $targets " in *" fuzz_from_json "*) build_targets="$targets edigate" ;; esac  # its seeds come from to-json
log "building $build_targets in $build_dir"
# shellcheck disable=SC2086
cmake --build "$build_dir" -j2 --target $build_targets >&2

# ---- seeds: committed crafted seeds, the samples and the parser test data, by format
format_of() {  # prints x12, edifact or both
  local head
  head=$(head -c 4096 "$1" | tr -d '\000')
  case "$head" in
    *ISA*) case "$head" in *UNB*|*UNA*) echo both ;; *) echo x12 ;; esac ;;
    *UNB*|*UNA*) echo edifact ;;
    *) echo both ;;
  esac
}

seed_dir() {  # TARGET FORMAT
  local target=$1 format=$2 dir="$build_dir/seeds/$1" f kind n=0
  rm -rf "$dir"
  mkdir -p "$dir"
  case "$format" in
    x12|edifact)
      for f in "fuzz/seeds/$format"/* "samples/$format"/*.edi; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
        n=$((n + 1))
      done
      while IFS= read -r -d '' f; do
        kind=$(format_of "$f")
        if [ "$kind" = "$format" ] || [ "$kind" = both ]; then
          cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
          n=$((n + 1))
        fi
      done < <(find tests/data/parsers -type f -name '*.edi' -print0 2>/dev/null)
      ;;
    http)
      for f in fuzz/seeds/http/*; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
        n=$((n + 1))
      done
      ;;
    canonical_json)
      # The canonical documents of the tests, and the canonical error cases kept as fuzz seeds.
      for f in fuzz/seeds/canonical_json/* tests/data/maps/canonical/*.json; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
        n=$((n + 1))
      done
      ;;
    maps)
      # Every translate input (EDI and ERP documents) and the ERP samples.
      for f in tests/data/maps/translate/*.edi tests/data/maps/translate/erp-*.json tests/data/maps/translate/erp-*.xml \
               tests/data/maps/translate/erp-*.csv samples/erp/*; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
        n=$((n + 1))
      done
      ;;
    validate)
      for f in samples/*/*.edi tests/data/translator/validate/*.edi; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
        n=$((n + 1))
      done
      ;;
    json)
      for f in fuzz/seeds/json/* tests/data/parsers/fuzz-regressions/*.json; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
        n=$((n + 1))
      done
      # The JSON form of every sample and valid test file, written by this build's own CLI.
      if [ -x "$build_dir/translator/edigate" ]; then
        for f in samples/*/*.edi tests/data/parsers/valid/*.edi; do
          [ -f "$f" ] || continue
          if "$build_dir/translator/edigate" to-json --compact "$f" >"$dir/$(echo "$f" | tr '/' '_').json" 2>/dev/null; then
            n=$((n + 1))
          else
            rm -f "$dir/$(echo "$f" | tr '/' '_').json"
          fi
        done
      fi
      ;;
  esac
  log "$target: $n seed files"
  echo "$dir"
}

# ---- run
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$build_dir/logs"
failed=()
for target in $targets; do
  case "$target" in
    fuzz_x12_reader) format=x12 ;;
    fuzz_edifact_reader) format=edifact ;;
    fuzz_from_json) format=json ;;
    fuzz_validator) format=validate ;;
    fuzz_canonical_json) format=canonical_json ;;
    fuzz_maps) format=maps ;;
    fuzz_http) format=http ;;
    *) log "unknown target $target"; exit 2 ;;
  esac
  corpus="$build_dir/corpus/$target"
  artifacts="$build_dir/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  seeds=$(seed_dir "$target" "$format")
  dict=()
  [ -f "fuzz/dict/$format.dict" ] && dict=(-dict="fuzz/dict/$format.dict")
  repeatable=()
  [ -n "${EDIGATE_FUZZ_SEED:-}" ] && repeatable+=(-seed="$EDIGATE_FUZZ_SEED")
  [ -n "${EDIGATE_FUZZ_RUNS:-}" ] && repeatable+=(-runs="$EDIGATE_FUZZ_RUNS")
  log "running $target for ${seconds}s (log: $build_dir/logs/$target.log)"
  set +e
  "$build_dir/fuzz/$target" "$corpus" "$seeds" "${dict[@]}" "${repeatable[@]}" \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -max_len=65536 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 \
    >"$build_dir/logs/$target.log" 2>&1
  rc=$?
  set -e
  grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
    "$build_dir/logs/$target.log" | sed "s/^/  $target: /" >&2 || true
  if [ "$rc" -ne 0 ]; then
    log "$target FAILED (exit $rc); artifacts in $artifacts:"
    ls -1 "$artifacts" >&2 || true
    grep -E 'ERROR: |SUMMARY: |invariant broken|runtime error' "$build_dir/logs/$target.log" | head -5 >&2 || true
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  log "failures: ${failed[*]}"
  log "reproduce: $build_dir/fuzz/TARGET ARTIFACT; minimize: TARGET -minimize_crash=1 -runs=100000 ARTIFACT"
  exit 1
fi
log "all targets ran ${seconds}s without findings"
