#!/usr/bin/env bash
# The HTTP API against its own schema: starts a real antar-server (SQLite, in a
# temporary folder) with an operator's token, an enrolled device's token and a few
# dispatches of Desa Naru, then runs Schemathesis on /api/openapi.json. Fails on any
# 5xx, or an answer whose status, content type or body the schema does not allow.
#
#   scripts/schemathesis.sh                     # 100 examples per operation
#   scripts/schemathesis.sh --max-examples 20   # CI's bounded run
#   SERVER=target/release/antar-server scripts/schemathesis.sh --max-examples 1000
#
# Needs `schemathesis` (pip install schemathesis) on PATH, or SCHEMATHESIS=path.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

examples=100
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --max-examples) examples="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) extra+=("$1"); shift ;;
    esac
done
server=${SERVER:-target/debug/antar-server}
st=${SCHEMATHESIS:-schemathesis}
[ -x "$server" ] || cargo build -q -p antar-server
command -v "$st" >/dev/null || { echo "schemathesis not found (pip install schemathesis)"; exit 2; }

work=$(mktemp -d)
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
data="$work/data"
export ANTAR_LANG=en
"$server" --data-dir "$data" init >/dev/null 2>&1
echo "schemathesis-password" | "$server" --data-dir "$data" user add schemathesis --role admin >/dev/null 2>&1
OPERATOR_TOKEN=$("$server" --data-dir "$data" token create schemathesis 2>/dev/null | tail -1)
code=$("$server" --data-dir "$data" enroll-code 52.06.03.2012 2>/dev/null | grep -oE '[A-Z0-9]{5}-[A-Z0-9]{5}' | head -1)
cat >"$work/naru.csv" <<'CSV'
kind,number,holder_name,nik,desa_code,applicant_phone
kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,081234567890
akta-kelahiran,5206-LT-12032024-0042,Muhammad Saleh,5206030101200003,52.06.03.2012,
ktp-el,5206035507900002,Nurul Hamzah,5206035507900002,52.06.03.2012,081298765432
CSV
"$server" --data-dir "$data" import "$work/naru.csv" --output /dev/null 2>/dev/null

"$server" --data-dir "$data" serve --listen 127.0.0.1:0 --public-per-minute 1000000 \
    --metrics off >"$work/serve.log" 2>&1 &
echo $! >"$work/pid"
for _ in $(seq 1 100); do
    addr=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/serve.log" | head -1 || true)
    [ -n "$addr" ] && break
    sleep 0.2
done
[ -n "${addr:-}" ] || { cat "$work/serve.log"; echo "the server did not start"; exit 1; }
DEVICE_TOKEN=$(curl -sf -H 'content-type: application/json' \
    -d "{\"code\":\"$code\",\"device_name\":\"Laptop Kantor Desa Naru\"}" "$addr/api/v1/enroll" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["device_token"])')
export OPERATOR_TOKEN DEVICE_TOKEN
export SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$root/scripts/schemathesis${PYTHONPATH:+:$PYTHONPATH}"

status=0
"$st" --config-file "$root/scripts/schemathesis/schemathesis.toml" run "$addr/api/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --workers 1 --seed 15 \
    "${extra[@]}" || status=$?
if grep -q 'ERROR\|internal error\|panicked' "$work/serve.log"; then
    echo "the server logged errors:"
    grep 'ERROR\|internal error\|panicked' "$work/serve.log" | head -20
    status=1
fi
exit $status
