#!/usr/bin/env python3
"""The portal API keeps its contract: every answer of a live `edigate serve` (on data put in by the
command line: partners imported, an invoice sent, an order received, the partner's 997 rejecting the
invoice) is checked against portal-api/openapi.yaml — the operation exists, the status is documented
for it, the Content-Type is the documented one, and the JSON body validates against the documented
schema (JSON Schema 2020-12, as OpenAPI 3.1 says). Every answer carries X-Request-Id.

usage: contract.py EDIGATE SAMPLES OPENAPI_YAML
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import jsonschema
import yaml

edigate, samples, openapi_file = sys.argv[1:4]
spec = yaml.safe_load(open(openapi_file, encoding="utf-8"))
work = tempfile.mkdtemp(prefix="edigate-contract-")
env = dict(os.environ, EDIGATE_DB=f"sqlite:{work}/edigate.db", EDIGATE_NOW="202611251200", EDIGATE_DATA=f"{work}/data")
failures = []
checked = 0


def run(*args, now=None):
    e = dict(env, EDIGATE_NOW=now) if now else env
    r = subprocess.run([edigate, *args], env=e, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        sys.exit(f"FAILED: edigate {' '.join(args)}: {r.stdout}{r.stderr}")
    return r.stdout


# ---- data, through the command line
for profile in ("northwind-retail.xml", "hillside-foods.xml"):
    run("partner", "import", f"{samples}/partners/{profile}")
sent = json.loads(run("send", f"{samples}/erp/netsuite-invoice.json", "--to", "northwind-retail", "--outbox",
                      f"{work}/data/outbox", "--json"))
run("receive", f"{samples}/partners/inbound/northwind-850-4500012399.edi")
group, st = sent["sets"][0]["group_control"], sent["sets"][0]["control_number"]
with open(f"{work}/their-997.edi", "w") as f:
    f.write("ISA*00*          *00*          *01*061234567      *01*987654321      *261125*1300*^*00501*000000077*0*P*:~"
            f"GS*FA*061234567*987654321*20261125*1300*77*X*005010~ST*997*0001~AK1*IN*{group}~AK2*810*{st}"
            "~AK3*IT1*5**8~AK4*3*355*7*ZZ~AK5*R*5~AK9*R*1*1*0~SE*8*0001~GE*1*77~IEA*1*000000077~")
run("receive", f"{work}/their-997.edi", now="202611251300")
token = run("token", "create", "--role", "admin", "--name", "contract").strip().splitlines()[-1]

with open(f"{work}/gateway.xml", "w") as f:
    f.write(f'<gateway xmlns="urn:edigate:gateway:1" data="{work}/data" db="sqlite:{work}/edigate.db" poll-ms="200">\n'
            f'  <http listen="127.0.0.1:0"/>\n  <log file="{work}/serve.log"/>\n</gateway>\n')
server = subprocess.Popen([edigate, "serve", "--config", f"{work}/gateway.xml"], env=dict(env, EDIGATE_NOW="202611271200"))
port = None
for _ in range(200):
    try:
        m = re.search(r'"event":"http.listening".*?"port":(\d+)', open(f"{work}/serve.log").read())
        if m:
            port = int(m.group(1))
            break
    except FileNotFoundError:
        pass
    time.sleep(0.05)
if port is None:
    server.kill()
    sys.exit("FAILED: serve did not start listening")


# ---- the contract
def operation(method, path):
    """The documented (template, operation) for a concrete path."""
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()]
    return None, None


def response_spec(op, status):
    responses = op["responses"]
    r = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
    if r is not None and "$ref" in r:
        r = spec["components"]["responses"][r["$ref"].split("/")[-1]]
    return r


def call(method, path, body=None, headers=None, expect=None, auth=True):
    global checked
    url = f"http://127.0.0.1:{port}{path}"
    h = dict(headers or {})
    if auth:
        h["Authorization"] = f"Bearer {token}"
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, rheaders, text = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, rheaders, text = e.code, e.headers, e.read()
    checked += 1
    where = f"{method} {path} -> {status}"
    if expect is not None and status != expect:
        failures.append(f"{where}: expected {expect}: {text[:300]!r}")
    if not rheaders.get("X-Request-Id"):
        failures.append(f"{where}: no X-Request-Id")
    template, op = operation(method, path.split("?")[0])
    if op is None and status == 405:
        op = {"responses": {"405": {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}
    if op is None:
        failures.append(f"{where}: no such operation in the OpenAPI document")
        return status, text
    r = response_spec(op, status)
    if r is None:
        failures.append(f"{where}: status {status} is not documented for {method} {template}")
        return status, text
    content = r.get("content")
    if not content:
        if text:
            failures.append(f"{where}: documented without a body, answered {len(text)} bytes")
        return status, text
    media = (rheaders.get("Content-Type") or "").split(";")[0].strip()
    if media not in content:
        failures.append(f"{where}: Content-Type {media} is not one of {list(content)}")
        return status, text
    schema = content[media].get("schema")
    if schema is not None and media.endswith("json"):
        document = json.loads(text)
        rooted = dict(schema, components=spec["components"])  # so that "#/components/..." resolves
        try:
            jsonschema.Draft202012Validator(rooted).validate(document)
        except jsonschema.ValidationError as e:
            failures.append(f"{where}: does not match the schema at {list(e.absolute_path)}: {e.message[:300]}")
    return status, text


def json_of(text):
    return json.loads(text)


as_json = {"Content-Type": "application/json"}
call("GET", "/v1/health", auth=False, expect=200)
call("GET", "/v1/openapi.yaml", auth=False, expect=200)
call("GET", "/v1/acknowledgments", auth=False, expect=401)
_, body = call("GET", "/v1/acknowledgments?page_size=2", expect=200)
next_token = json_of(body).get("next_page_token")
call("GET", f"/v1/acknowledgments?page_size=2&page_token={next_token}", expect=200)
_, body = call("GET", "/v1/acknowledgments?po=4500012399", expect=200)
inbound = json_of(body)["items"][0]["id"]
_, body = call("GET", "/v1/acknowledgments?invoice=INV-30318", expect=200)
outbound = json_of(body)["items"][0]["id"]
call("GET", "/v1/acknowledgments?status=rejected&direction=outbound", expect=200)
call("GET", "/v1/acknowledgments/overdue", expect=200)
call("GET", "/v1/acknowledgments?status=lost", expect=400)
call("GET", f"/v1/acknowledgments/{outbound}", expect=200)
call("GET", "/v1/acknowledgments/999999", expect=404)
for view in ("", "/raw", "/segments", "/canonical", "/timeline"):
    call("GET", f"/v1/documents/{inbound}{view}", expect=200)
call("GET", f"/v1/documents/{outbound}/timeline", expect=200)
call("POST", f"/v1/documents/{outbound}/resend", headers={"Idempotency-Key": "c-1"}, expect=202)
call("POST", f"/v1/documents/{outbound}/resend", expect=400)
call("POST", f"/v1/documents/{inbound}/reprocess", headers={"Idempotency-Key": "c-2"}, expect=200)
call("POST", f"/v1/documents/{inbound}/resend", headers={"Idempotency-Key": "c-3"}, expect=409)
call("POST", "/v1/outbound/northwind-retail", body=open(f"{samples}/erp/netsuite-invoice.json").read(), headers=as_json, expect=200)
call("POST", "/v1/outbound/northwind-retail", body=open(f"{samples}/erp/netsuite-item-fulfillment.json").read(), headers=as_json,
     expect=201)
call("POST", "/v1/outbound/northwind-retail", body="x", headers={"Content-Type": "image/png"}, expect=415)
call("GET", "/v1/partners", expect=200)
new = {"name": "contract-foods", "title": "Contract Foods",
       "identities": {"x12": {"qualifier": "ZZ", "id": "CONTRACT", "our_qualifier": "01", "our_id": "987654321"}},
       "agreements": [{"document": "order", "direction": "inbound", "standard": "x12", "version": "005010", "ack": "997"}]}
_, body = call("POST", "/v1/partners", body=json.dumps(new), headers=as_json, expect=201)
call("POST", "/v1/partners", body=json.dumps(new), headers=as_json, expect=409)
call("POST", "/v1/partners", body="{", headers=as_json, expect=400)
call("POST", "/v1/partners", body=json.dumps(dict(new, name="rule-breaker", agreements=[dict(new["agreements"][0], standard="edifact",
                                                                                           version="D96A")])),
     headers=as_json, expect=422)
base = "/v1/partners/contract-foods"
req = urllib.request.Request(f"http://127.0.0.1:{port}{base}", headers={"Authorization": f"Bearer {token}"})
etag = urllib.request.urlopen(req, timeout=30).headers["ETag"]
call("GET", base, expect=200)
call("PATCH", base, body='{"notes":"x"}', headers=as_json, expect=428)
call("PATCH", base, body='{"notes":"x"}', headers=dict(as_json, **{"If-Match": '"0000000000000000"'}), expect=412)
call("PATCH", base, body='{"notes":"onboarding in December"}', headers=dict(as_json, **{"If-Match": etag}), expect=200)
anything = dict(as_json, **{"If-Match": "*"})
call("POST", f"{base}/status", body='{"status":"test"}', headers=anything, expect=200)
call("POST", f"{base}/status", body='{"status":"onboarding"}', headers=anything, expect=409)
call("GET", f"{base}/identities", expect=200)
call("PUT", f"{base}/identities", body=json.dumps(new["identities"]), headers=anything, expect=200)
call("GET", f"{base}/agreements", expect=200)
call("PUT", f"{base}/agreements/invoice/outbound",
     body='{"standard":"x12","version":"005010","ack":"997","ack_deadline_minutes":1440}', headers=anything, expect=201)
call("DELETE", f"{base}/agreements/invoice/outbound", headers={"If-Match": "*"}, expect=204)
pem = open(f"{samples}/partners/certs/northwind-as2.pem").read()
_, body = call("POST", f"{base}/certificates?usage=signing", body=pem, headers={"Content-Type": "application/x-pem-file"}, expect=201)
call("GET", f"{base}/certificates", expect=200)
call("DELETE", f"{base}/certificates/{json_of(body)['sha256']}", expect=204)
call("GET", "/v1/audit", expect=200)
call("GET", "/v1/partners/nobody", expect=404)
call("DELETE", "/v1/partners", expect=405)

server.terminate()
server.wait(timeout=10)
shutil.rmtree(work, ignore_errors=True)
for f in failures:
    print("FAILED:", f)
print(f"contract: {checked} answers checked against {openapi_file}, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
