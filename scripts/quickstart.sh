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
echo "== the main job: edigate serve with samples/gateway/edigate.xml (embedded SQLite in build/demo/)"
rm -rf build/demo
mkdir -p build/demo/drop/inbound build/demo/drop/outbound/northwind-retail build/demo/drop/outbound/hillside-foods
cp samples/partners/inbound/*.edi build/demo/drop/inbound/
cp samples/erp/netsuite-item-fulfillment.json samples/erp/netsuite-invoice.json build/demo/drop/outbound/northwind-retail/
cp samples/erp/d365-sales-order.json build/demo/drop/outbound/hillside-foods/
build/release/translator/edigate serve --config samples/gateway/edigate.xml --until-idle
echo "-- delivered to the ERP folders:"; ls build/demo/erp/*
echo "-- for the partners (our 997/CONTRL, the ASN and the invoice to Northwind, the order to Hillside):"; ls build/demo/data/outbox/*
echo "-- the same order dropped again: a duplicate, answered with TA1 025, never delivered"
cp samples/partners/inbound/northwind-850-4500012399.edi build/demo/drop/inbound/po-again.edi
build/release/translator/edigate serve --config samples/gateway/edigate.xml --until-idle
build/release/translator/edigate acks list --db sqlite:build/demo/edigate.db
echo
echo "== the portal API over the same store: a viewer token, then what customer service asks"
token=$(build/release/translator/edigate token create --role viewer --name quickstart --db sqlite:build/demo/edigate.db | tail -1)
sed -e 's|<http listen="[^"]*"/>|<http listen="127.0.0.1:0"/>|' -e 's|<log [^>]*/>||' \
    -e 's|</gateway>|  <log file="../../build/demo/api.log"/>\n</gateway>|' samples/gateway/edigate.xml > samples/gateway/.quickstart-api.xml
build/release/translator/edigate serve --config samples/gateway/.quickstart-api.xml &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true; rm -f samples/gateway/.quickstart-api.xml' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*"event":"http.listening".*"port":\([0-9]*\).*/\1/p' build/demo/api.log 2>/dev/null | head -1 || true)
  [[ -n $port ]] && break
  sleep 0.1
done
api() { echo "-- GET $1"; curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1" | python3 -m json.tool | head -"${2:-40}"; }
api "/v1/acknowledgments?po=4500012399" 45
api "/v1/acknowledgments?direction=outbound&status=pending&page_size=2" 30
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
