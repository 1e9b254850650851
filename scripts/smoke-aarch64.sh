#!/usr/bin/env bash
# The aarch64 agent's smoke test: the agent built by build-aarch64.sh runs under
# qemu-aarch64 against this machine's x86 server on loopback, as a desa office's ARM
# board would against Dukcapil: enroll, sync, receive, hand over, sync; then the server
# must show the handover. It prints one line per step. The agent is built in release:
# a debug build under qemu's emulation spent over ten minutes enrolling (its crypto
# unoptimised, every instruction translated).
set -euo pipefail
cd "$(dirname "$0")/.."

agent_bin=$(scripts/build-aarch64.sh --release | grep antar-agent)
file -L "$agent_bin" 2>/dev/null | grep -q 'ARM aarch64' \
  || { echo "smoke-aarch64: $agent_bin is not an aarch64 executable" >&2; exit 1; }
cargo build -q -p antar-server
server=target/debug/antar-server

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
naru=52.06.03.2012
S() { "$server" --data-dir "$tmp/server" --lang en "$@"; }
A() { qemu-aarch64-static -L /usr/aarch64-linux-gnu "$agent_bin" --data-dir "$tmp/agent" --lang en "$@"; }
step() { echo "smoke-aarch64: $*" >&2; }

S init 2>/dev/null
printf 'kind,number,holder_name,nik,desa_code,applicant_phone\n%s\n%s\n' \
  "kk,5206031203990001,Siti Aminah,5206034507900001,$naru," \
  "kk,5206031203990002,Muhammad Saleh,5206030101200003,$naru," > "$tmp/kiriman.csv"
first=$(S import "$tmp/kiriman.csv" 2>/dev/null | sed -n 2p | cut -d, -f2)
S publish 2>/dev/null
S serve --listen 127.0.0.1:0 --metrics off 2> "$tmp/server.log" &
pid=$!
for _ in $(seq 1 300); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/server.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "smoke-aarch64: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
S manifest create --courier "Arifin Usman" --desa "$naru" --all-issued >/dev/null 2>&1
enroll_code=$(S enroll-code "$naru" 2>/dev/null | tr -d '[:space:]')
step "server at $url; agent $(A --version) under qemu-aarch64"

A enroll --server "$url" --code "$enroll_code" >/dev/null 2>&1 && step "enrolled"
A sync >/dev/null 2>&1 && step "synced: $(A list --json | grep -o '"tracking_code"' | wc -l) dispatches"
A receive "$first" >/dev/null 2>&1 && step "received $first"
A handover "$first" --recipient "Siti Aminah" --relation holder --clerk "Nurul Hamzah" >/dev/null 2>&1 \
  && step "handed over $first"
A sync >/dev/null 2>&1 && step "synced"
if S dispatch show "$first" --json 2>/dev/null | grep -q '"status": *"handed_over"'; then
  step "ok: the server shows $first handed over"
else
  step "FAILED: the server does not show the handover"
  S dispatch show "$first" --json >&2 || true
  exit 1
fi
