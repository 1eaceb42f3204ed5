#!/usr/bin/env bash
# One command for the reader, validation and mapping benchmarks (see bench/README.md):
#   bench/run.sh [--big] [--repeat N] [--api next|batch|both] [--json]
# Builds the release preset, generates 100 MB X12 and EDIFACT files into bench/data/ (and with --big
# also 1 GB ones), runs edigate_parse_bench on them and prints its table. Exit status is the bench's:
# non-zero when a segment count differs from gen_edi.py's counts, the reader reports a diagnostic, or
# a child's peak RSS exceeds 32 MiB.
#
# Environment: EDIGATE_BENCH_BUILD_DIR  build directory (default build/release, the release preset's);
#              EDIGATE_BENCH_SEED       generator seed (default 1).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

big=0
repeat=3
json=()
api=both
while [ $# -gt 0 ]; do
  case "$1" in
    --big) big=1 ;;
    --repeat) repeat=${2:?--repeat needs a number}; shift ;;
    --json) json=(--json) ;;
    --api) api=${2:?--api needs next, batch or both}; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

build_dir=${EDIGATE_BENCH_BUILD_DIR:-build/release}
seed=${EDIGATE_BENCH_SEED:-1}
generator="$repo/../shared/bench/gen_edi.py"
data="$repo/bench/data"
max_rss_mib=32

log() { echo "bench/run.sh: $*" >&2; }

# ---- build (configure once; later runs reuse the tree and build incrementally)
. "$(dirname "$0")/release_tree.sh"
release_tree
log "building edigate_parse_bench, edigate_validate_bench and edigate_map_bench in $build_dir"
cmake --build "$build_dir" -j2 --target edigate_parse_bench edigate_validate_bench edigate_map_bench edigate_store_bench \
  edigate_receive_bench >&2
bench="$build_dir/bench/edigate_parse_bench"
validate_bench="$build_dir/bench/edigate_validate_bench"
map_bench="$build_dir/bench/edigate_map_bench"
store_bench="$build_dir/bench/edigate_store_bench"
receive_bench="$build_dir/bench/edigate_receive_bench"

# ---- data (deterministic: same arguments, same bytes; skipped when already complete)
if [ ! -f "$generator" ]; then
  log "generator not found: $generator"
  exit 2
fi
mkdir -p "$data"

# The file is complete when it exists with the size its FILE.counts.json records (gen_edi.py writes
# that file last).
complete() {
  local file=$1 size recorded
  [ -f "$file" ] && [ -f "$file.counts.json" ] || return 1
  size=$(stat -c %s "$file")
  recorded=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$file.counts.json" 2>/dev/null) || return 1
  [ "$size" = "$recorded" ]
}

generate() {  # FORMAT MB
  local format=$1 mb=$2
  local file="$data/${format}_${mb}mb_s${seed}.edi"
  if complete "$file"; then
    log "reusing $file ($(stat -c %s "$file") bytes)"
  else
    log "generating $file"
    rm -f "$file" "$file.counts.json"
    python3 "$generator" --format "$format" --mb "$mb" --seed "$seed" --out "$file" >&2
  fi
  files+=("$file")
}

files=()
generate x12 100
generate edifact 100
if [ "$big" = 1 ]; then
  generate x12 1000
  generate edifact 1000
fi

# ---- measure
log "running $bench (${#files[@]} files, $repeat runs each)"
status=0
"$bench" "${files[@]}" --repeat "$repeat" --api "$api" --max-rss-mib "$max_rss_mib" "${json[@]}" || status=$?
log "running $validate_bench (validation against the reader alone, same files)"
"$validate_bench" "${files[@]}" --repeat "$repeat" --max-rss-mib "$max_rss_mib" "${json[@]}" || status=$?
log "running $map_bench (mapping to canonical JSON, and parse + validate + map, against the reader)"
"$map_bench" "${files[@]}" --repeat "$repeat" --max-rss-mib "$max_rss_mib" "${json[@]}" || status=$?
# The ledger: a fresh SQLite file and a private PostgreSQL server (the tests' one, on 127.0.0.1).
store_dir=$(mktemp -d)
eval "$(scripts/test-postgres.sh start)"
trap 'scripts/test-postgres.sh stop "$EDIGATE_TEST_PG_DIR"; rm -rf "$store_dir"' EXIT
log "running $store_bench (100,000 sets recorded and acknowledged, then queried, on SQLite and PostgreSQL)"
"$store_bench" "sqlite:$store_dir/bench.db" "$EDIGATE_TEST_PG_URL" --sets 100000 --queries 200 "${json[@]}" || status=$?
# The inbound pipeline on the SQLite default: on the disk (every fsync paid) and, where there is one,
# on a tmpfs (what is left is the work itself).
log "running $receive_bench (documents/s through receive against parse + map; data in \$TMPDIR, disk)"
TMPDIR=${TMPDIR:-/tmp} "$receive_bench" samples --small 300 --large 5 "${json[@]}" || status=$?
if [ -d /dev/shm ]; then
  log "running $receive_bench again with its data on /dev/shm (tmpfs: no fsync cost)"
  TMPDIR=/dev/shm "$receive_bench" samples --small 300 --large 5 "${json[@]}" || status=$?
fi
exit "$status"
