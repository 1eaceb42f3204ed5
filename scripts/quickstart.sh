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
echo
echo "== edigate validate (schemas, then the acknowledgment each partner would get)"
for f in samples/x12/850_purchase_order_4010.edi samples/x12/850_purchase_order_5010.edi \
         samples/edifact/orders_d96a_unoc_una.edi; do
  build/release/translator/edigate validate "$f" --ack auto --ack-out -
done
echo
echo "== edigate translate: X12 850 -> canonical JSON, -> SAP IDoc; EDIFACT DESADV -> canonical XML"
build/release/translator/edigate translate samples/x12/850_purchase_order_4010.edi --to canonical-json
build/release/translator/edigate translate samples/x12/850_purchase_order_4010.edi --to idoc
build/release/translator/edigate translate samples/edifact/desadv_d96a.edi --to canonical-xml
echo
echo "== edigate translate: a NetSuite invoice -> X12 810 for Northwind Retail (its partner profile)"
build/release/translator/edigate translate samples/erp/netsuite-invoice.json --to x12 \
  --partner samples/partners/northwind-retail.xml
echo
echo "== the store (embedded SQLite, build/quickstart.db): partners, receiving, the acknowledgment ledger"
export EDIGATE_DB=sqlite:build/quickstart.db
rm -f build/quickstart.db build/quickstart.db-wal build/quickstart.db-shm
build/release/translator/edigate partner import samples/partners/northwind-retail.xml
build/release/translator/edigate partner import samples/partners/hillside-foods.xml
build/release/translator/edigate receive samples/partners/inbound/northwind-850-4500012399.edi --ack-out -
build/release/translator/edigate receive samples/partners/inbound/hillside-desadv-DES0004211.edi --ack-out -
echo "-- the same order again: a duplicate, answered with TA1 025 and not processed (exit 1 expected)"
build/release/translator/edigate receive samples/partners/inbound/northwind-850-4500012399.edi --ack-out - || true
build/release/translator/edigate acks list
