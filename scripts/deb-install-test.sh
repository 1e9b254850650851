#!/usr/bin/env bash
# Installs the antar-server and antar-agent packages in a clean Debian root and proves
# each starts from its shipped settings file: the server answers /healthz, the agent
# serves the clerk's UI. Needs root (debootstrap, chroot). Prints the timings.
#
#   scripts/deb-install-test.sh [--profile release|quick-release] [--keep]
#
# The root is Debian bookworm `minbase` (essential packages and apt only), made once
# with debootstrap and kept as a tarball in /var/tmp; each run unpacks a fresh copy.
# A chroot has no systemd, so the service is started the way its unit would start it:
# as the package's system user, with the unit's ExecStart line and its state folder.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=${2:?--profile NAME}; shift ;;
    --keep) keep=1 ;;
    *) echo "usage: $0 [--profile release|quick-release] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "deb-install-test: run as root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
command -v cargo-deb >/dev/null || cargo install --locked cargo-deb

say() { echo "deb-install-test: $*" >&2; }
now() { date +%s.%N; }
since() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }

out=target/debian
t=$(now)
cargo build -q --profile "$profile" -p antar-server -p antar-agent
server_deb=$(cargo deb -p antar-server --no-build --profile "$profile" -o "$out" 2>/dev/null | tail -1)
agent_deb=$(cargo deb -p antar-agent --no-build --profile "$profile" -o "$out" 2>/dev/null | tail -1)
say "packages ($profile, $(since "$t") s): $server_deb $(du -h "$server_deb" | cut -f1), $agent_deb $(du -h "$agent_deb" | cut -f1)"

cache=/var/tmp/antar-debian-bookworm-minbase.tar
if [ ! -f "$cache" ]; then
  t=$(now)
  dir=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >/dev/null
  tar -C "$dir" -cf "$cache" .
  rm -rf "$dir"
  say "clean root made with debootstrap in $(since "$t") s (kept in $cache)"
fi
root=$(mktemp -d /var/tmp/antar-root.XXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  umount "$root/proc" 2>/dev/null || true
  if [ "$keep" = 1 ]; then say "root kept in $root"; else rm -rf "$root"; fi
}
trap cleanup EXIT
tar -C "$root" -xf "$cache"
chmod 755 "$root"   # the new system's / (the tarball keeps mktemp's 0700): all may enter
mount -t proc proc "$root/proc"
cp "$server_deb" "$agent_deb" "$root/tmp/"

# The unit's ExecStart line and user, run in the root as systemd would.
start_like_unit() {
  local name=$1 user=$2 state=$3
  shift 3
  local exec
  exec=$(sed -n 's/^ExecStart=//p' "$root/usr/lib/systemd/system/$name.service")
  install -d -m 0700 "$root/var/lib/$state"
  chroot "$root" chown "$user:$user" "/var/lib/$state"
  chroot "$root" setpriv --reuid "$user" --regid "$user" --init-groups \
    env "$@" sh -c "cd /var/lib/$state && exec $exec" > "$root/tmp/$name.log" 2>&1 &
  pids+=($!)
}

# Polls a URL until it answers; prints the HTTP status.
wait_for() {
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)
    [ "$code" != 000 ] && { echo "$code"; return 0; }
    sleep 0.05
  done
  echo 000
}

# The shipped settings listen on 8080 (server) and 7420 (agent). Where this machine
# already uses one, the environment moves it (flag > environment > file), as an operator
# would, and the script says so.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
server_port=8080 agent_port=7420
server_env=() agent_env=()
if ss -ltn | grep -q ":8080 "; then
  server_port=$(free_port); server_env=(ANTAR_LISTEN=127.0.0.1:$server_port)
  say "port 8080 is in use here: the server listens on $server_port (ANTAR_LISTEN)"
fi
if ss -ltn | grep -q ":7420 "; then
  agent_port=$(free_port); agent_env=(ANTAR_AGENT_UI=127.0.0.1:$agent_port)
  say "port 7420 is in use here: the agent's UI listens on $agent_port (ANTAR_AGENT_UI)"
fi

t=$(now)
chroot "$root" dpkg -i "/tmp/$(basename "$server_deb")" > "$root/tmp/dpkg-server.log" 2>&1 \
  || { cat "$root/tmp/dpkg-server.log" >&2; exit 1; }
chroot "$root" getent passwd antar >/dev/null || { say "FAILED: no antar user"; exit 1; }
start_like_unit antar-server antar antar "${server_env[@]}"
code=$(wait_for "http://127.0.0.1:$server_port/healthz")
[ "$code" = 200 ] || { cat "$root/tmp/antar-server.log" >&2; say "FAILED: /healthz answered $code"; exit 1; }
server_secs=$(since "$t")
say "antar-server: dpkg -i to /healthz 200 in $server_secs s (as user antar, /etc/antar/server.toml)"
ls -ld "$root/var/lib/antar/antar.db" > /dev/null || { say "FAILED: no database in /var/lib/antar"; exit 1; }

t=$(now)
chroot "$root" dpkg -i "/tmp/$(basename "$agent_deb")" > "$root/tmp/dpkg-agent.log" 2>&1 \
  || { cat "$root/tmp/dpkg-agent.log" >&2; exit 1; }
start_like_unit antar-agent antar-agent antar-agent "${agent_env[@]}"
code=$(wait_for "http://127.0.0.1:$agent_port/")
# Not enrolled yet: the clerk's UI sends the clerk to the enrollment page.
[ "$code" = 303 ] || { cat "$root/tmp/antar-agent.log" >&2; say "FAILED: the agent's UI answered $code"; exit 1; }
agent_secs=$(since "$t")
say "antar-agent: dpkg -i to the clerk's UI in $agent_secs s (as user antar-agent, /etc/antar/agent.toml)"

# Removing keeps the data; purging removes the settings and the users, never the data.
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()
chroot "$root" dpkg --purge antar-server antar-agent > "$root/tmp/dpkg-purge.log" 2>&1 \
  || { cat "$root/tmp/dpkg-purge.log" >&2; exit 1; }
[ -f "$root/var/lib/antar/antar.db" ] || { say "FAILED: purge deleted the data"; exit 1; }
! chroot "$root" getent passwd antar >/dev/null || { say "FAILED: purge left the antar user"; exit 1; }
[ ! -e "$root/etc/antar/server.toml" ] || { say "FAILED: purge left /etc/antar/server.toml"; exit 1; }
say "purged: settings and users gone, /var/lib/antar kept"
echo "| package ($profile) | size | dpkg -i → answering |"
echo "|---|---|---|"
echo "| $(basename "$server_deb") | $(du -h "$server_deb" | cut -f1) | $server_secs s (/healthz) |"
echo "| $(basename "$agent_deb") | $(du -h "$agent_deb" | cut -f1) | $agent_secs s (clerk UI) |"
