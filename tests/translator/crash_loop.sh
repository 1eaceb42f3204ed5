#!/usr/bin/env bash
# The SIGKILL crash loop: `edigate serve` is killed at random moments while it takes N orders from a
# drop folder, acknowledges them and delivers them to an ERP folder that a consumer empties as it
# goes, and sends N/4 invoices from the ERP to the partner; it is restarted each time. Afterwards
# every order must have been recorded once, acknowledged once (one 997 each) and delivered once (the
# consumer never sees a name twice), every invoice sent once (one 810 each in the outbox and the
# ledger), no control number left unused, and nothing left behind. Bounded: at most 60 kills or
# 150 seconds.
# Usage: crash_loop.sh EDIGATE_BINARY SAMPLES_DIR [N]
set -euo pipefail
edigate=$1
samples=$2
n=${3:-30}
work=$(mktemp -d /tmp/edigate-crash.XXXXXX)
pid=""
consumer=""
cleanup() {
  [[ -n $pid ]] && kill -9 "$pid" 2>/dev/null || true
  [[ -n $consumer ]] && kill "$consumer" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/drop" "$work/erp" "$work/consumed" "$work/partners" "$work/erp-out/northwind-retail"
cp "$samples/partners/northwind-retail.xml" "$work/partners/"
cp -r "$samples/partners/certs" "$samples/partners/overlays" "$work/partners/"
cat > "$work/gateway.xml" <<XML
<gateway xmlns="urn:edigate:gateway:1" data="data" db="sqlite:edigate.db" poll-ms="20">
  <partners dir="partners"/>
  <inbound folder="drop"/>
  <outbound folder="erp-out"/>
  <erp name="erp" format="canonical-json" path="erp"/>
</gateway>
XML
# N different orders: their own ISA13, GS06 and PO number.
for i in $(seq 1 "$n"); do
  isa=$(printf '%09d' $((700000 + i)))
  gs=$((700000 + i))
  sed -e "s/000005211/$isa/g" -e "s/\*5211\*X\*/*$gs*X*/" -e "s/^GE\*1\*5211~/GE*1*$gs~/" -e "s/4500012399/46000$i/g" \
    "$samples/partners/inbound/northwind-850-4500012399.edi" > "$work/drop/.order-$i.part"
  mv "$work/drop/.order-$i.part" "$work/drop/order-$i.edi"
done
invoices=$((n / 4))
for i in $(seq 1 "$invoices"); do
  sed -e "s/INV-30318/INV-9$i/g" "$samples/erp/netsuite-invoice.json" > "$work/erp-out/northwind-retail/.invoice-$i.part"
  mv "$work/erp-out/northwind-retail/.invoice-$i.part" "$work/erp-out/northwind-retail/invoice-$i.json"
done
# The ERP: takes each published file away and notes its name; a name seen twice is a double delivery.
(
  while true; do
    for f in "$work"/erp/*.json; do
      [[ -e $f ]] || continue
      name=$(basename "$f")
      echo "$name" >> "$work/consumed.log"
      mv "$f" "$work/consumed/$name.$RANDOM$RANDOM" 2>/dev/null || true
    done
    sleep 0.02
  done
) &
consumer=$!

kills=0
start=$SECONDS
RANDOM=4242  # the same kill moments on every run
cd "$work"
while (( kills < 60 && SECONDS - start < 150 )); do
  "$edigate" serve --config gateway.xml 2>>serve.log &
  pid=$!
  sleep "0.$(printf "%03d" $((RANDOM % 300 + 100)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  kills=$((kills + 1))
  left=$(( $(ls drop | wc -l) + $(ls erp-out/northwind-retail | wc -l) ))
  done_count=$("$edigate" acks list --db sqlite:edigate.db --direction inbound --limit 100000 --json | grep -c '"status": "accepted"' || true)
  (( left == 0 && done_count >= n )) && break
done
echo "killed $kills times in $((SECONDS - start)) s; orders finished while being killed: $("$edigate" acks list --db sqlite:edigate.db --direction inbound --limit 100000 --json | grep -c "\"status\": \"accepted\"" || true)"
"$edigate" serve --config gateway.xml --until-idle 2>>serve.log
sleep 0.3
kill "$consumer" 2>/dev/null || true
wait "$consumer" 2>/dev/null || true
consumer=""
for f in erp/*.json; do [[ -e $f ]] && basename "$f" >> consumed.log; done

fail=0
check() { if ! eval "$2"; then echo "FAILED: $1"; fail=1; else echo "ok: $1"; fi; }
delivered=$(sort consumed.log | uniq | wc -l)
twice=$(sort consumed.log | uniq -d | wc -l)
check "every order delivered to the ERP ($delivered of $n)" "(( delivered == n ))"
check "no order delivered twice ($twice names seen again)" "(( twice == 0 ))"
acks=$(ls data/outbox/northwind-retail | grep -c -- '-997\.edi$' || true)
check "one 997 per order in the partner's outbox ($acks)" "(( acks == n ))"
sent=$(ls data/outbox/northwind-retail | grep -c -- '-810-' || true)
check "one 810 per invoice in the partner's outbox ($sent of $invoices)" "(( sent == invoices ))"
ledger_810=$("$edigate" acks list --db sqlite:edigate.db --direction outbound --limit 100000 --json | grep -c '"set_type": "810"' || true)
check "each invoice recorded once, awaiting its 997 ($ledger_810)" "(( ledger_810 == invoices ))"
inbound=$("$edigate" acks list --db sqlite:edigate.db --direction inbound --limit 100000 --json)
accepted=$(grep -c '"status": "accepted"' <<<"$inbound" || true)
rejected=$(grep -c '"status": "rejected"' <<<"$inbound" || true)
check "each order recorded once, accepted ($accepted accepted, $rejected rejected)" "(( accepted == n && rejected == 0 ))"
outbound=$("$edigate" acks list --db sqlite:edigate.db --direction outbound --limit 100000 --json | grep -c '"set_type": "997"' || true)
check "each 997 recorded once ($outbound)" "(( outbound == n ))"
check "no control number handed out and left unused" "\"$edigate\" partner numbers northwind-retail --db sqlite:edigate.db > numbers.txt"
check "the drop folders are empty" "(( \$(ls drop | wc -l) + \$(ls erp-out/northwind-retail | wc -l) == 0 ))"
if (( fail )); then
  echo "--- serve.log (last 30 lines)"; tail -30 serve.log
  cat numbers.txt 2>/dev/null || true
  exit 1
fi
