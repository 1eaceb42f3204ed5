#!/usr/bin/env bash
# Lints portal-api/openapi.yaml with the Redocly CLI pinned in portal-api/openapi-lint/package-lock.json
# and the rules in portal-api/openapi-lint/redocly.yaml. Fails on any error or warning (the CLI itself
# exits 0 on warnings alone). ctest runs it as portal.openapi_lint (label lint); it needs npm and the
# npm registry or a warm npm cache.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lint_dir="$root/portal-api/openapi-lint"

# No usage reports and no update notices: the run must be quiet and repeatable.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export NO_UPDATE_NOTIFIER=1

cd "$lint_dir"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error

lint() {
  npx --no-install redocly lint --config redocly.yaml --max-problems 1000 "$@" ../openapi.yaml
}

report="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$report" "$log"' EXIT

# The JSON report's totals decide; its exit status alone would let warnings through.
lint --format json >"$report" 2>"$log" || true
if ! counts="$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.version} ${r.totals.errors} ${r.totals.warnings}`);' "$report" 2>/dev/null)"; then
  echo "lint-openapi: redocly gave no report:" >&2
  cat "$log" "$report" >&2
  exit 1
fi
read -r version errors warnings <<<"$counts"
echo "lint-openapi: redocly $version: $errors error(s), $warnings warning(s) in portal-api/openapi.yaml"
if ((errors + warnings > 0)); then
  lint --format stylish >&2 || true
  exit 1
fi
