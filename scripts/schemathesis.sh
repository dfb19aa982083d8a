#!/usr/bin/env bash
# schemathesis (PyPI, pinned in openapi-validate.sh) against `pbx sim`, from the committed 3.0.3
# documents (schemathesis 3 reads 3.1 only as an experiment): every operation of every family, with valid and invalid inputs.
# Checks: no 5xx, status codes, content types and bodies as declared (the 200 body is the
# success or the vendor's error envelope, so an invalid input must get that envelope).
# Bounded: a fixed example count and seed per operation, a timeout per request and per run.
# Token families run with a token from a real login; their session operations (login, keep
# alive, logout) run last, so a generated logout cannot end the token the others use.
# Usage: scripts/schemathesis.sh   (PBX_BIN: the pbx binary; ST_EXAMPLES: cases per operation;
#   ST_FAMILIES: the families to run, space-separated, default all)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${PBX_PY_VENV:-target/py-venv}
pbx=${PBX_BIN:-target/debug/pbx}
examples=${ST_EXAMPLES:-4}
PBX_PY_VENV=$venv PBX_BIN=$pbx scripts/openapi-validate.sh

tmp=$(mktemp -d)
"$pbx" sim --port 0 --switchvox-auth basic >"$tmp/sim.out" 2>"$tmp/sim.err" &
sim=$!
trap 'kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; rm -rf "$tmp"' EXIT
url=
for _ in $(seq 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/sim.out" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "pbx sim did not start" >&2
  cat "$tmp/sim.err" >&2
  exit 1
fi

export SCHEMATHESIS_TELEMETRY=false
st() {
  timeout 300 "$venv/bin/st" run "$@" \
    --base-url "$url" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --data-generation-method all \
    --hypothesis-max-examples "$examples" \
    --hypothesis-seed 1 \
    --hypothesis-database none \
    --hypothesis-suppress-health-check all \
    --request-timeout 5000 \
    --stateful none \
    --schemathesis-io-telemetry false \
    --no-color
}

# The token of a fresh login, from the document's own login example with the simulator's
# credentials; prints "QUERY_KEY TOKEN".
login() {
  timeout 30 "$venv/bin/python" - "$1" "$url" <<'PY'
import hashlib, json, sys, urllib.request

doc = json.load(open(sys.argv[1]))
key = doc["components"]["securitySchemes"]["token"]["name"]
for path, item in doc["paths"].items():
    for method, op in item.items():
        links = op["responses"]["200"].get("links")
        if not links or op["security"]:
            continue
        media = op["requestBody"]["content"]["application/json"]
        body = next(iter(media["examples"].values()))["value"]
        md5 = media["schema"]["properties"]["password"].get("minLength") == 32
        body["username"] = "api"
        body["password"] = hashlib.md5(b"Secret123").hexdigest() if md5 else "Secret123"
        headers = {"Content-Type": "application/json"}
        query = ""
        for p in op.get("parameters", []):
            if p["in"] == "path":
                # `{version}`: the family's default API version.
                path = path.replace("{" + p["name"] + "}", p["schema"]["default"])
            elif p["name"] == "User-Agent":
                headers["User-Agent"] = p["schema"]["enum"][0]
            elif p["in"] == "query":
                query = f"?{p['name']}=json"
        req = urllib.request.Request(sys.argv[2] + path + query, json.dumps(body).encode(), headers)
        answer = json.load(urllib.request.urlopen(req, timeout=10))
        token_field = next(iter(links.values()))["parameters"][f"query.{key}"].split("/")[-1]
        print(key, answer[token_field])
        sys.exit(0)
sys.exit("no login operation")
PY
}

start=$(date +%s)
status=0
for doc in docs/openapi/*-3.0.json; do
  family=$(basename "$doc" -3.0.json)
  if [ -n "${ST_FAMILIES:-}" ] && [[ " $ST_FAMILIES " != *" $family "* ]]; then
    continue
  fi
  echo "--- schemathesis: $family"
  if [ "$family" = switchvox ]; then
    st "$doc" --auth api:Secret123 --auth-type basic || status=1
    continue
  fi
  read -r key token < <(login "$doc")
  st "$doc" --set-query "$key=$token" --exclude-tag session || status=1
  st "$doc" --set-query "$key=$token" --include-tag session || status=1
done
echo "schemathesis: $(($(date +%s) - start)) s"
exit $status
