#!/usr/bin/env bash
# Quick start 1 of 2: install what is missing, build the release binary, run edigate on the samples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
echo
echo "== edigate inspect samples/x12/*.edi samples/edifact/*.edi"
build/release/translator/edigate inspect samples/x12/*.edi samples/edifact/*.edi
