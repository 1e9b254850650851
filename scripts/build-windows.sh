#!/usr/bin/env bash
# Builds antar-agent.exe for 64-bit Windows (x86_64-pc-windows-gnu) on this Linux
# machine: rustup's Windows standard library and the MinGW-w64 C compiler (for ring
# and SQLite), in its own target folder. Prints the executable's path.
#
#   scripts/build-windows.sh [--release | --quick-release]
#
# `scripts/smoke-windows.sh` runs it under Wine against this machine's server.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=quick-release
case "${1:-}" in
  --release) profile=release ;;
  --quick-release | "") ;;
  *) echo "usage: $0 [--release | --quick-release]" >&2; exit 2 ;;
esac
rustup target list --installed | grep -q x86_64-pc-windows-gnu \
  || rustup target add x86_64-pc-windows-gnu >&2
command -v x86_64-w64-mingw32-gcc >/dev/null || {
  echo "build-windows: installing the MinGW-w64 C compiler" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null
}
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
cargo build --profile "$profile" --target x86_64-pc-windows-gnu --target-dir target/windows \
  -p antar-agent >&2
echo "target/windows/x86_64-pc-windows-gnu/$profile/antar-agent.exe"
