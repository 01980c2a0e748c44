#!/bin/sh
# The main job on the bundled example system (tests/fixtures/rocm702-8xmi300x: ROCm 7.0.2, 8x MI300X,
# a venv at /srv/venv with torch 2.10.0+rocm7.0): build the helper, install GatorRocm into
# build/stage, configure the example consumer against that machine, and show what it wrote.
# On a real machine, see README.md ("On a real machine").
set -eu
cd "$(dirname "$0")/.."
here=$(pwd)
echo "== building gator-rocm (preset dev)"
cmake --preset dev >/dev/null
cmake --build --preset dev --target gator-rocm
cmake --install build/dev --prefix build/stage >/dev/null
echo "== configuring examples/consumer against tests/fixtures/rocm702-8xmi300x"
cmake -S examples/consumer -B build/consumer -G Ninja \
  -DCMAKE_PREFIX_PATH="$here/build/stage" \
  -DGATOR_SYSROOT="$here/tests/fixtures/rocm702-8xmi300x" -DGATOR_VENV=/srv/venv
echo
echo "== build/consumer/constraints.txt (pip install -c build/consumer/constraints.txt ...)"
cat build/consumer/constraints.txt
