#!/usr/bin/env bash
# Installs the Debian 12 packages edigate needs, and only those that are missing (idempotent).
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --tests  also the PostgreSQL server the store tests start, and curl
#   scripts/install-deps.sh --fuzz   also clang-16 and its libFuzzer runtime (implies --tests)
#   scripts/install-deps.sh --bench  also wrk, the portal load run's client (bench/portal_load.sh)
# The OpenAPI lint (ctest portal.openapi_lint) runs when npm is on the PATH (Node.js 20 or later; it
# installs its pinned Redocly CLI from the npm registry) and is skipped otherwise.
set -euo pipefail

packages=(
  cmake ninja-build g++ make pkg-config python3 curl   # curl: the quick start asks the portal API
  libboost-dev libboost-iostreams-dev        # Spirit X3, Beast, Asio (header-only)
  libxerces-c-dev                            # XML schemas
  libcurl4-openssl-dev libssl-dev zlib1g-dev # AS2/SFTP client, S/MIME, RFC 5402 compression
  libsoci-dev libsqlite3-dev libpq-dev       # the store
  libfmt-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev
)
for arg in "$@"; do
  case "$arg" in
    --tests) packages+=(postgresql curl python3-yaml python3-jsonschema) ;;  # the serve HTTP and API contract tests' clients
    --fuzz) packages+=(postgresql curl python3-yaml python3-jsonschema clang-16 libclang-rt-16-dev) ;;
    --bench) packages+=(wrk) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}" >&2
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
