#!/usr/bin/env bash
# Quick start 2 of 2: install what is missing, build with ASan+UBSan, run the whole test suite.
#   EDIGATE_FUZZ_SECONDS=N   also build the libFuzzer targets and run each for N seconds (CI: 20)
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_seconds="${EDIGATE_FUZZ_SECONDS:-0}"
if [[ "$fuzz_seconds" != "0" ]]; then scripts/install-deps.sh --fuzz; else scripts/install-deps.sh --tests; fi
cmake --preset debug >/dev/null
cmake --build --preset debug -j "$(nproc)"
# The store tests run on SQLite and on a real PostgreSQL server started here, on 127.0.0.1.
eval "$(scripts/test-postgres.sh start)"
trap 'scripts/test-postgres.sh stop "$EDIGATE_TEST_PG_DIR"' EXIT
status=0
ctest --preset debug -j "$(nproc)" || status=$?
if [[ "$fuzz_seconds" != "0" && -x fuzz/run.sh ]]; then
  fuzz/run.sh "$fuzz_seconds" || status=1
fi
exit $status
