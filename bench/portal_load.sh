#!/usr/bin/env bash
# A bounded load run of the portal's acknowledgment search (see bench/README.md, "Portal load"):
#   bench/portal_load.sh [SETS=1000000] [DURATION=30]
# Builds `edigate` and `ledger_fill` in the release tree, fills build/bench/ledger-SETS.db once (reused
# while its completion marker is there), creates a viewer token, starts `edigate serve` on a free port
# of 127.0.0.1 and runs wrk (2 threads, 16 connections, DURATION seconds, at most 60) with
# bench/portal_load.lua cycling through acknowledgment searches made from the fill's manifest. Prints
# requests/s, p50 and p99 latency, non-2xx responses and socket errors, and writes them to
# build/bench/portal_load.json. Exit status: 0 when every response was 2xx and no socket error
# happened, 1 otherwise, 2 for a setup failure. The server is always stopped.
#
# Environment: EDIGATE_BENCH_BUILD_DIR  build directory (default build/release, as bench/run.sh);
#              EDIGATE_BENCH_OUT        where the ledger, manifest and results go (default build/bench);
#              PORTAL_LOAD_PATH_SET     acks (default) or health: GET /v1/health only, to check the
#                                       mechanics; without `edigate token` it then runs without a token.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

case "${1:-}" in -h|--help) sed -n '2,17p' "$0"; exit 0 ;; esac
sets=${1:-1000000}
duration=${2:-30}
[ $# -le 2 ] || { echo "bench/portal_load.sh: at most two arguments, SETS and DURATION" >&2; exit 2; }
[[ "$sets" =~ ^[1-9][0-9]*$ ]] || { echo "bench/portal_load.sh: SETS must be a positive number, not $sets" >&2; exit 2; }
# wrk runs under `timeout 60`: the measured part of the run stays within a minute.
[[ "$duration" =~ ^[1-9][0-9]*$ ]] && [ "$duration" -le 55 ] ||
  { echo "bench/portal_load.sh: DURATION must be 1..55 seconds, not $duration" >&2; exit 2; }

build_dir=${EDIGATE_BENCH_BUILD_DIR:-build/release}
out=${EDIGATE_BENCH_OUT:-build/bench}
path_set=${PORTAL_LOAD_PATH_SET:-acks}
case "$path_set" in acks|health) ;; *) echo "bench/portal_load.sh: PORTAL_LOAD_PATH_SET is acks or health" >&2; exit 2 ;; esac

log() { echo "bench/portal_load.sh: $*" >&2; }
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { log "$tool is not installed (scripts/install-deps.sh --bench)"; exit 2; }
done

# ---- build (configure once, as bench/run.sh does)
. "$(dirname "$0")/release_tree.sh"
release_tree
log "building edigate and ledger_fill in $build_dir"
cmake --build "$build_dir" -j2 --target edigate ledger_fill >&2
edigate="$build_dir/translator/edigate"
fill="$build_dir/bench/ledger_fill"

# ---- the ledger (filled once; the marker is written only after ledger_fill succeeded)
mkdir -p "$out"
db="$out/ledger-$sets.db"
manifest="$out/ledger-$sets.manifest.json"
marker="$db.complete"
if [ -f "$marker" ] && [ -f "$db" ] && [ -f "$manifest" ]; then
  log "reusing $db ($(du -h "$db" | cut -f1)): $(cat "$marker")"
else
  rm -f "$db" "$db-wal" "$db-shm" "$manifest" "$marker"
  log "filling $db with $sets sets (once; later runs reuse it)"
  summary=$("$fill" --db "sqlite:$db" --sets "$sets" --manifest "$manifest")
  echo "$summary" >&2
  echo "$summary" >"$marker"
fi

# ---- cleanup: the server stopped, its directory removed, the run's token revoked, whatever happens
work=$(mktemp -d)
server_pid=
token=
token_id=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  # The run's token is of no use afterwards.
  [ -z "$token_id" ] || "$edigate" token revoke "$token_id" --db "sqlite:$db" >/dev/null 2>&1 || true
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# ---- the token (viewer: reads everything, changes nothing)
if "$edigate" token --help >/dev/null 2>&1; then
  created=$("$edigate" token create --role viewer --name portal-load --db "sqlite:$db")
  token=$(tail -n 1 <<<"$created")
  token_id=$(sed -n '1s/^token \([0-9][0-9]*\) .*/\1/p' <<<"$created")
  [ -n "$token" ] || { log "edigate token create printed no token"; exit 2; }
elif [ "$path_set" = health ]; then
  log "this edigate has no 'token' command: running the health path set without a token"
else
  log "this edigate has no 'token' command: the acknowledgment search needs a viewer token"
  exit 2
fi

# ---- the request paths
paths="$work/paths.txt"
python3 - "$manifest" "$path_set" >"$paths" <<'PY'
import json, sys, urllib.parse
manifest, path_set = json.load(open(sys.argv[1])), sys.argv[2]
if path_set == "health":
    print("/v1/health")
    sys.exit(0)
q = urllib.parse.quote
partners, pos, interchanges = manifest["partners"], manifest["po"], manifest["interchange"]
# Equal shares of the five searches customer service makes, each cycling through its sample values.
rounds = max(len(partners), len(pos), len(interchanges))
for i in range(rounds):
    p = q(partners[i % len(partners)])
    print(f"/v1/acknowledgments?po={q(pos[i % len(pos)])}")
    print(f"/v1/acknowledgments?partner={p}&page_size=50")
    print(f"/v1/acknowledgments?partner={p}&status=rejected")
    print(f"/v1/acknowledgments?interchange={q(interchanges[i % len(interchanges)])}")
    print(f"/v1/acknowledgments/overdue?partner={p}")
PY
log "$(wc -l <"$paths") request paths ($path_set)"

# ---- the server: a gateway with nothing to poll, only the HTTP API on a free port
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
mkdir -p "$work/data"
cat >"$work/edigate.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<gateway xmlns="urn:edigate:gateway:1" data="$work/data" db="sqlite:$(cd "$(dirname "$db")" && pwd)/$(basename "$db")">
  <http listen="127.0.0.1:$port"/>
  <log file="$work/edigate.log" level="warn"/>
</gateway>
XML
"$edigate" serve --config "$work/edigate.xml" >"$work/serve.out" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
ready=0
for _ in $(seq 600); do  # at most 60 s: opening a large ledger may apply a migration first
  if curl -fsS -o /dev/null --max-time 1 "$base/v1/health" 2>/dev/null; then ready=1; break; fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ "$ready" != 1 ]; then
  log "edigate serve did not answer GET /v1/health within 60 s"
  tail -n 20 "$work/serve.out" "$work/edigate.log" >&2 2>/dev/null || true
  exit 2
fi

# One request of each kind first: a broken path set shows its answer instead of a flood of non-2xx.
auth=()
[ -z "$token" ] || auth=(-H "Authorization: Bearer $token")
while read -r path; do
  code=$(curl -sS -o "$work/probe.json" -w '%{http_code}' --max-time 10 "${auth[@]}" "$base$path") || code=000
  if [ "${code:0:1}" != 2 ]; then
    log "GET $path answered $code: $(head -c 300 "$work/probe.json" 2>/dev/null)"
    exit 1
  fi
done < <(awk 'NR <= 5' "$paths")

# ---- the load
log "wrk -t2 -c16 -d${duration}s against $base ($sets sets)"
wrk_out="$work/wrk.out"
wrk_args=(-t2 -c16 "-d${duration}s" --latency -s bench/portal_load.lua)
[ -z "$token" ] || wrk_args+=(-H "Authorization: Bearer $token")
status=0
PORTAL_LOAD_PATHS="$paths" timeout 60 wrk "${wrk_args[@]}" "$base" >"$wrk_out" 2>&1 || status=$?
cat "$wrk_out" >&2
if [ "$status" != 0 ]; then
  log "wrk failed (exit $status)"
  exit 2
fi
result=$(sed -n 's/^portal_load\.result //p' "$wrk_out")
[ -n "$result" ] || { log "wrk printed no result line"; exit 2; }

python3 - "$result" "$out/portal_load.json" "$sets" "$duration" "$path_set" "$db" "$manifest" <<'PY'
import json, os, subprocess, sys, datetime
result, target, sets, duration, path_set, db, manifest = sys.argv[1:]
r = json.loads(result)
try:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
except OSError:
    commit = ""
report = {
    "at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "commit": commit,
    "sets": int(sets),
    "db_bytes": os.path.getsize(db),
    "fill": json.load(open(manifest)).get("seconds"),
    "path_set": path_set,
    "threads": 2,
    "connections": 16,
    "duration_s": int(duration),
    **r,
}
with open(target + ".tmp", "w") as f:
    json.dump(report, f, indent=2)
    f.write("\n")
os.replace(target + ".tmp", target)
print(f"portal load ({path_set}, {int(sets):,} sets, {duration} s, 2 threads, 16 connections): "
      f"{r['requests']:,} requests, {r['requests_per_s']:,.0f} requests/s, p50 {r['p50_ms']:.2f} ms, "
      f"p99 {r['p99_ms']:.2f} ms, non-2xx {r['non_2xx']}, socket errors {r['errors']}  ({target})")
PY

result_non_2xx=$(python3 -c 'import json,sys; r = json.loads(sys.argv[1]); print(r["non_2xx"] + r["errors"])' "$result")
[ "$result_non_2xx" = 0 ] || { log "the run had non-2xx responses or socket errors"; exit 1; }
