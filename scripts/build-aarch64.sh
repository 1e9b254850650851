#!/usr/bin/env bash
# Builds antar-agent (and, with --server, antar-server) for aarch64-unknown-linux-gnu —
# the Raspberry Pi class boards of the desa offices — on this x86 machine, with
# Debian's own Rust for arm64 (rustup offers no aarch64 standard library here):
# rustc-web and libstd-rust-web-dev:arm64, gcc-aarch64-linux-gnu as the linker and the
# C compiler of ring and SQLite, and qemu-user-static to run the result.
#
#   scripts/build-aarch64.sh [--release | --quick-release] [--server]
#
# prints the executables' paths. --quick-release (no LTO) is what CI builds to run
# under qemu; --release is what ships.
#
# The build has its own target folder (target/aarch64): it uses another rustc, and
# sharing target/ would make every host build start over.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=dev
packages=(-p antar-agent)
for arg in "$@"; do
  case "$arg" in
    --release) profile=release ;;
    --quick-release) profile=quick-release ;;
    --server) packages+=(-p antar-server) ;;
    *) echo "usage: $0 [--release | --quick-release] [--server]" >&2; exit 2 ;;
  esac
done

if [ ! -d /usr/lib/rustlib/aarch64-unknown-linux-gnu ] || ! command -v aarch64-linux-gnu-gcc >/dev/null \
   || ! command -v qemu-aarch64-static >/dev/null; then
  echo "build-aarch64: installing Debian's arm64 Rust, the cross linker and qemu" >&2
  dpkg --add-architecture arm64
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web libstd-rust-web-dev:arm64 \
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static >/dev/null
fi

export RUSTC=/usr/bin/rustc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
cargo build --profile "$profile" --target aarch64-unknown-linux-gnu --target-dir target/aarch64 \
  "${packages[@]}" >&2

dir=target/aarch64/aarch64-unknown-linux-gnu/$([ "$profile" = dev ] && echo debug || echo "$profile")
for exe in antar-agent antar-server; do
  [ -x "$dir/$exe" ] && echo "$dir/$exe"
done
exit 0
