#!/usr/bin/env bash
# `edigate serve` over HTTP on 127.0.0.1, against an ERP webhook played by Python's http.server (an
# independent HTTP implementation) that refuses the first delivery with 503: health, metrics,
# POST /v1/outbound/{partner} (sent, replayed, refused), an inbound order delivered to the webhook
# after a retry with its Idempotency-Key, and a clean stop on SIGTERM. Every wait is bounded.
# Usage: serve_http.sh EDIGATE_BINARY SAMPLES_DIR
set -euo pipefail
edigate=$1
samples=$2
work=$(mktemp -d /tmp/edigate-serve-http.XXXXXX)
serve_pid=""
hook_pid=""
cleanup() {
  [[ -n $serve_pid ]] && kill -9 "$serve_pid" 2>/dev/null || true
  [[ -n $hook_pid ]] && kill -9 "$hook_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
mkdir -p partners drop hook
cp "$samples/partners/northwind-retail.xml" "$samples/partners/hillside-foods.xml" partners/
cp -r "$samples/partners/certs" "$samples/partners/overlays" partners/

# The ERP's webhook: 503 to the first POST, 200 after; each accepted body and its key kept.
cat > hook.py <<'PY'
import http.server, sys, os
class Hook(http.server.BaseHTTPRequestHandler):
    seen = 0
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Hook.seen += 1
        if Hook.seen == 1:
            self.send_response(503); self.end_headers(); return
        key = self.headers.get("Idempotency-Key", "")
        with open(os.path.join("hook", "%d.json" % Hook.seen), "wb") as f: f.write(body)
        with open(os.path.join("hook", "keys.txt"), "a") as f: f.write(key + "\n")
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
open("hook.port", "w").write(str(server.server_address[1]))
server.serve_forever()
PY
python3 hook.py &
hook_pid=$!
for _ in $(seq 1 100); do [[ -s hook.port ]] && break; sleep 0.05; done
hook_port=$(cat hook.port)

cat > gateway.xml <<XML
<gateway xmlns="urn:edigate:gateway:1" data="data" db="sqlite:edigate.db" poll-ms="50">
  <partners dir="partners"/>
  <inbound folder="drop"/>
  <erp name="hook" format="canonical-json" kind="webhook" url="http://127.0.0.1:$hook_port/orders" attempts="3"/>
  <http listen="127.0.0.1:0"/>
  <log file="serve.log"/>
</gateway>
XML
# The API's bearer token: created on the command line, stored hashed.
token=$("$edigate" token create --role operator --name serve-test --db sqlite:edigate.db | tail -1)
"$edigate" serve --config gateway.xml &
serve_pid=$!
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's/.*"event":"http.listening".*"port":\([0-9]*\).*/\1/p' serve.log 2>/dev/null | head -1 || true)
  [[ -n $port ]] && break
  sleep 0.05
done
[[ -n $port ]] || { echo "FAILED: serve did not start listening"; cat serve.log; exit 1; }
base="http://127.0.0.1:$port"

fail=0
check() { if ! eval "$2"; then echo "FAILED: $1"; fail=1; else echo "ok: $1"; fi; }
request() {  # METHOD PATH [CONTENT_TYPE FILE] -> prints "STATUS BODY"
  local out status
  if [[ $# -gt 2 ]]; then
    status=$(curl -s -o body.txt -w '%{http_code}' -X "$1" -H "Authorization: Bearer $token" -H "Content-Type: $3" \
      --data-binary "@$4" "$base$2")
  else
    status=$(curl -s -o body.txt -w '%{http_code}' -X "$1" -H "Authorization: Bearer $token" "$base$2")
  fi
  echo "$status $(tr -d '\n' < body.txt)"
}

r=$(request GET /v1/health)
check "health answers 200 ok ($r)" '[[ $r == "200 "*"\"status\":\"ok\""* ]]'
r=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/json" \
  --data-binary "@$samples/erp/netsuite-invoice.json" "$base/v1/outbound/northwind-retail")
check "without a token the API answers 401 ($r)" '[[ $r == 401 ]]'
r=$(request POST /v1/outbound/northwind-retail application/json "$samples/erp/netsuite-invoice.json")
check "an invoice POSTed for Northwind is sent as ISA 1 ($r)" '[[ $r == "201 "*"\"interchange_control\":\"000000001\""* ]]'
check "its 810 waits in Northwind's outbox" '[[ -f data/outbox/northwind-retail/000000001-810-INV-30318.edi ]]'
r=$(request POST /v1/outbound/northwind-retail application/json "$samples/erp/netsuite-invoice.json")
check "the same invoice again is a replay ($r)" '[[ $r == "200 "*"\"replay\":true"* ]]'
r=$(request POST /v1/outbound/hillside-foods application/json "$samples/erp/netsuite-invoice.json")
check "an invoice for Hillside (no outbound invoice agreement) is refused as 422 ($r)" '[[ $r == "422 "*"outbound agreement"* ]]'
r=$(request POST /v1/outbound/nobody application/json "$samples/erp/netsuite-invoice.json")
check "an unknown partner is 404 ($r)" '[[ $r == "404 "* ]]'
r=$(request POST /v1/outbound/northwind-retail text/plain "$samples/erp/netsuite-invoice.json")
check "a document of no known type is 415 ($r)" '[[ $r == "415 "* ]]'

cp "$samples/partners/inbound/northwind-850-4500012399.edi" drop/.po.part && mv drop/.po.part drop/po.edi
for _ in $(seq 1 200); do [[ -f hook/keys.txt ]] && break; sleep 0.05; done
check "the order reached the webhook after its 503" '[[ -f hook/2.json ]] && grep -q "\"order_number\": \"4500012399\"" hook/2.json'
check "with an Idempotency-Key" '[[ -n $(head -1 hook/keys.txt) ]]'
sleep 0.3
check "and only once" '[[ $(wc -l < hook/keys.txt) -eq 1 ]]'

r=$(request GET "/v1/acknowledgments?po=4500012399")
check "the API finds the order by its PO, with the 997 we sent ($r)" \
  '[[ $r == "200 "*"\"our_acknowledgment\":{\"kind\":\"997\",\"status\":\"accepted\"}"*"\"set_type\":\"850\""* ]]'
r=$(request GET /metrics)
check "metrics count the processed message" '[[ $r == *"edigate_inbound_messages_total{state=\"processed\"} 1"* ]]'
check "metrics count the delivery to the webhook" '[[ $r == *"edigate_erp_deliveries_total{connector=\"hook\"} 1"* ]]'
check "metrics count the documents sent over HTTP" '[[ $r == *"edigate_outbound_documents_total{result=\"sent\"} 1"* ]]'
check "logs carry no payload" '! grep -q "BEG\*\|LIN\*\|INV-30318-" serve.log'

kill -TERM "$serve_pid"
stopped=1
for _ in $(seq 1 100); do kill -0 "$serve_pid" 2>/dev/null || { stopped=0; break; }; sleep 0.05; done
check "SIGTERM stops serve within 5 s" '(( stopped == 0 ))'
wait "$serve_pid" && status=0 || status=$?
serve_pid=""
check "with exit status 0 ($status)" '(( status == 0 ))'
if (( fail )); then tail -20 serve.log; exit 1; fi
