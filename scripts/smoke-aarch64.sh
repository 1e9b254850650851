#!/usr/bin/env bash
# The aarch64 agent's smoke test: the agent built by build-aarch64.sh runs under
# qemu-aarch64 against this machine's x86 server on loopback, as a desa office's ARM
# board would against Dukcapil: enroll, sync, receive, hand over, sync; then the server
# must show the handover. One line per step; any failed step stops it (exit 1).
#
#   scripts/smoke-aarch64.sh                 # CI: quick-release build, two dispatches
#   scripts/smoke-aarch64.sh --measure 5000  # also the agent's memory: idle, and its
#                                            # first sync of a 5,000-dispatch desa,
#                                            # under qemu and natively on x86_64
#
# The agent is built optimised (AARCH64_PROFILE, default quick-release): a debug
# build under qemu's emulation spent over ten minutes enrolling (its crypto
# unoptimised, every instruction translated).
set -euo pipefail
cd "$(dirname "$0")/.."

measure=0
case "${1:-}" in
  --measure) measure=${2:?--measure N}; [ "$measure" -ge 2 ] || { echo "--measure needs N ≥ 2" >&2; exit 2; } ;;
  "") ;;
  *) echo "usage: $0 [--measure N]" >&2; exit 2 ;;
esac
profile=${AARCH64_PROFILE:-quick-release}

agent_bin=$(scripts/build-aarch64.sh "--$profile" | grep antar-agent)
file -L "$agent_bin" 2>/dev/null | grep -q 'ARM aarch64' \
  || { echo "smoke-aarch64: $agent_bin is not an aarch64 executable" >&2; exit 1; }
if [ "$measure" -gt 0 ]; then
  cargo build -q --profile "$profile" -p antar-server -p antar-agent
  server=target/$profile/antar-server
  x86_agent=target/$profile/antar-agent
else
  cargo build -q -p antar-server
  server=target/debug/antar-server
fi

# The arm64 C library of the multiarch packages (libc6:arm64, which Debian's arm64
# Rust brings) when present: mixing the loader of the cross toolchain's copy
# (/usr/aarch64-linux-gnu) with the libraries of the other made every new thread spin
# forever under qemu here.
qemu=(qemu-aarch64-static)
[ -e /lib/ld-linux-aarch64.so.1 ] || qemu+=(-L /usr/aarch64-linux-gnu)

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
naru=52.06.03.2012
S() { "$server" --data-dir "$tmp/server" --lang en "$@"; }
A() { "${qemu[@]}" "$agent_bin" --data-dir "$tmp/agent" --lang en "$@"; }
step() { echo "smoke-aarch64: $*" >&2; }
fail() { step "FAILED: $1"; cat "$tmp/step.log" >&2 2>/dev/null || true; exit 1; }

S init > /dev/null 2>&1
{
  echo 'kind,number,holder_name,nik,desa_code,applicant_phone'
  echo "kk,5206031203990001,Siti Aminah,5206034507900001,$naru,"
  echo "kk,5206031203990002,Muhammad Saleh,5206030101200003,$naru,"
  # More dispatches for --measure: well-formed NIKs of Kecamatan Bolo (520603),
  # women born 1970–1999.
  for i in $(seq 3 "$measure"); do
    printf 'kk,52060312%08d,Warga %d,520603%02d%02d%02d%04d,%s,\n' "$i" "$i" \
      "$(( 40 + i % 28 + 1 ))" "$(( i % 12 + 1 ))" "$(( 70 + i % 30 ))" "$(( i % 9000 + 1 ))" "$naru"
  done
} > "$tmp/kiriman.csv"
first=$(S import "$tmp/kiriman.csv" 2>/dev/null | sed -n 2p | cut -d, -f2)
[ -n "$first" ] || fail "import"
S publish >/dev/null 2>&1 || fail "publish"
"$server" --data-dir "$tmp/server" --lang en serve --listen 127.0.0.1:0 --metrics off \
  > /dev/null 2> "$tmp/server.log" &
pid=$!
url=
for _ in $(seq 1 300); do
  url=$(grep -so 'http://127.0.0.1:[0-9]*' "$tmp/server.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$tmp/server.log" >&2; fail "the server did not start"; }
S manifest create --courier "Arifin Usman" --desa "$naru" --all-issued >/dev/null 2>&1 || fail "manifest"
step "server at $url; agent $(A --version) under qemu-aarch64"

# Peak RSS in MB of a command (GNU time).
peak() { /usr/bin/time -f '%M' -o "$tmp/peak" "$@" > "$tmp/step.log" 2>&1; echo "$(( $(cat "$tmp/peak") / 1024 ))"; }

A enroll --server "$url" --code "$(S enroll-code "$naru" 2>/dev/null | tr -d '[:space:]')" > "$tmp/step.log" 2>&1 \
  || fail "enroll"
step "enrolled"
start=$(date +%s.%N)
rss=$(peak "${qemu[@]}" "$agent_bin" --data-dir "$tmp/agent" sync) || fail "first sync"
secs=$(echo "$(date +%s.%N) - $start" | bc)
step "synced: $(A list --json | grep -o '"tracking_code"' | wc -l) dispatches ($(printf '%.1f' "$secs") s, peak RSS $rss MB under qemu)"
A receive "$first" > "$tmp/step.log" 2>&1 || fail "receive"
step "received $first"
A handover "$first" --recipient "Siti Aminah" --relation holder --clerk "Nurul Hamzah" > "$tmp/step.log" 2>&1 \
  || fail "handover"
step "handed over $first"
A sync > "$tmp/step.log" 2>&1 || fail "second sync"
step "synced"
S dispatch show "$first" --json 2>/dev/null | grep -q '"status": *"handed_over"' \
  || fail "the server does not show the handover"
step "ok: the server shows $first handed over"

[ "$measure" -gt 0 ] || exit 0

# Idle RSS: `run` with its UI, after its first sync, left alone for 20 s.
idle() {
  "$@" run --ui 127.0.0.1:0 --interval 3600 > "$tmp/run.log" 2>&1 &
  local run=$!
  sleep 20
  local kb
  kb=$(awk '/VmRSS/ {print $2}' "/proc/$run/status")
  kill "$run"; wait "$run" 2>/dev/null || true
  echo "$(( kb / 1024 ))"
}
arm_idle=$(idle "${qemu[@]}" "$agent_bin" --data-dir "$tmp/agent")
X() { "$x86_agent" --data-dir "$tmp/x86" --lang en "$@"; }
X enroll --server "$url" --code "$(S enroll-code "$naru" 2>/dev/null | tr -d '[:space:]')" > "$tmp/step.log" 2>&1 \
  || fail "x86 enroll"
start=$(date +%s.%N)
x86_sync=$(peak "$x86_agent" --data-dir "$tmp/x86" sync) || fail "x86 first sync"
x86_secs=$(echo "$(date +%s.%N) - $start" | bc)
x86_idle=$(idle "$x86_agent" --data-dir "$tmp/x86")
echo "| agent ($profile), desa of $measure dispatches | first sync peak RSS | first sync time | idle RSS (run, 20 s) |"
echo "|---|---|---|---|"
echo "| aarch64 under qemu-user (RSS includes qemu) | $rss MB | $(printf '%.1f' "$secs") s | $arm_idle MB |"
echo "| x86_64 native | $x86_sync MB | $(printf '%.1f' "$x86_secs") s | $x86_idle MB |"
ls -l "$agent_bin" "$x86_agent" | awk '{print "size " $5 " bytes " $9}'
