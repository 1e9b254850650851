#!/usr/bin/env bash
# Builds the .deb packages with cargo-deb into target/debian: antar-server and
# antar-agent for amd64, and antar-agent for arm64 (the desa offices' ARM boards; add
# --server for an arm64 server too). Prints the packages' paths.
#
#   scripts/build-deb.sh [--profile release|quick-release] [--server]
#
# The arm64 build uses Debian's arm64 Rust (scripts/build-aarch64.sh). Each package
# holds the executable, its systemd unit, /etc/antar/*.toml (a conffile), the runbook,
# and the maintainer scripts that make its system user (packaging/debian/).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
arm_server=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=${2:?--profile NAME}; shift ;;
    --server) arm_server=(--server) ;;
    *) echo "usage: $0 [--profile release|quick-release] [--server]" >&2; exit 2 ;;
  esac
  shift
done
command -v cargo-deb >/dev/null || cargo install --locked cargo-deb

out=target/debian
cargo build -q --profile "$profile" -p antar-server -p antar-agent
for p in antar-server antar-agent; do
  cargo deb -p "$p" --no-build --profile "$profile" -o "$out" 2>/dev/null | tail -1
done
scripts/build-aarch64.sh "--$profile" "${arm_server[@]}" >/dev/null
for p in antar-agent ${arm_server:+antar-server}; do
  CARGO_TARGET_DIR=target/aarch64 cargo deb -p "$p" --target aarch64-unknown-linux-gnu \
    --profile "$profile" --no-build -o "$out" 2>/dev/null | tail -1
done
