#!/bin/sh
# Installs what GatorRocm needs to build and test on Debian bookworm (or Ubuntu 24.04), as root.
# Safe to run again: apt-get skips what is already installed.
set -eu
packages="cmake ninja-build g++ git libfmt-dev catch2 nlohmann-json3-dev libtomlplusplus-dev
libexpected-dev libcurl4-openssl-dev lld python3 python3-packaging python3-venv python3-pip clang-14 libclang-rt-14-dev
clang-format-14
libamdhip64-dev hipcc rocminfo python3-torch
libtorch-dev clang-15 clang-tools-15 llvm-15 lld-15 rocm-device-libs"
# The last line (with hipcc, libamdhip64-dev, python3-torch above) is for the native tests
# (ctest -L native): Debian's torch C++ package, clang 15's offload tools, AMD's device libraries.
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-deps: missing:$missing; run as root (or: sudo $0)" >&2
  exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
