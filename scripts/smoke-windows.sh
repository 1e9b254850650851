#!/usr/bin/env bash
# The Windows agent's smoke test: antar-agent.exe (scripts/build-windows.sh) runs under
# Wine against this machine's server on loopback, as the desa office's Windows PC
# would against Dukcapil: enroll, sync, receive, hand over, sync; then the server must
# show the handover. One line per step; any failed step stops it (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."

exe=$(scripts/build-windows.sh | tail -1)
# Debian's wine64 package puts its loader in /usr/lib/wine (the `wine` package adds
# the command on PATH).
find_wine() { command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; }; }
if ! find_wine >/dev/null; then
  echo "smoke-windows: installing Wine" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 >/dev/null
fi
wine=$(find_wine)
# Wine 8 has no bcryptprimitives.dll (Rust's standard library takes random bytes from
# its ProcessPrng on Windows 10 and later): for Wine only, a small stand-in over
# RtlGenRandom goes beside the executable. Windows itself has the real one.
if ! "$wine" --version | grep -qE 'wine-(9|[1-9][0-9])'; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$(dirname "$exe")/bcryptprimitives.dll" \
    scripts/windows/bcryptprimitives.c -ladvapi32
fi
cargo build -q -p antar-server
server=target/debug/antar-server

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export WINEPREFIX="$tmp/wine" WINEDEBUG=-all
naru=52.06.03.2012
S() { "$server" --data-dir "$tmp/server" --lang en "$@"; }
A() { "$wine" "$exe" --data-dir "$tmp/agent" --lang en "$@"; }
step() { echo "smoke-windows: $*" >&2; }
fail() { step "FAILED: $1"; cat "$tmp/step.log" >&2 2>/dev/null || true; exit 1; }

S init > /dev/null 2>&1
printf 'kind,number,holder_name,nik,desa_code,applicant_phone\n%s\n%s\n' \
  "kk,5206031203990001,Siti Aminah,5206034507900001,$naru," \
  "kk,5206031203990002,Muhammad Saleh,5206030101200003,$naru," > "$tmp/kiriman.csv"
first=$(S import "$tmp/kiriman.csv" 2>/dev/null | sed -n 2p | cut -d, -f2)
S publish > /dev/null 2>&1 || fail "publish"
"$server" --data-dir "$tmp/server" --lang en serve --listen 127.0.0.1:0 --metrics off \
  > /dev/null 2> "$tmp/server.log" &
pid=$!
url=
for _ in $(seq 1 300); do
  url=$(grep -so 'http://127.0.0.1:[0-9]*' "$tmp/server.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || fail "the server did not start"
S manifest create --courier "Arifin Usman" --desa "$naru" --all-issued >/dev/null 2>&1 || fail "manifest"
step "server at $url; $(A --version 2>/dev/null | tr -d '\r') under $("$wine" --version)"
A enroll --server "$url" --code "$(S enroll-code "$naru" 2>/dev/null | tr -d '[:space:]')" > "$tmp/step.log" 2>&1 \
  || fail "enroll"
step "enrolled"
A sync > "$tmp/step.log" 2>&1 || fail "sync"
step "synced: $(A list --json 2>/dev/null | grep -o '"tracking_code"' | wc -l) dispatches"
A receive "$first" > "$tmp/step.log" 2>&1 || fail "receive"
step "received $first"
A handover "$first" --recipient "Siti Aminah" --relation holder --clerk "Nurul Hamzah" > "$tmp/step.log" 2>&1 \
  || fail "handover"
step "handed over $first"
A sync > "$tmp/step.log" 2>&1 || fail "second sync"
S dispatch show "$first" --json 2>/dev/null | grep -q '"status": *"handed_over"' \
  || fail "the server does not show the handover"
step "ok: the server shows $first handed over"
