#!/usr/bin/env bash
# Configure time of a consumer project with and without find_package(GatorRocm): the median of N
# runs each, and the ratio. Two cases: a fresh configure (new build directory: compiler detection
# included) and a re-configure (what a build does when a watched file changes).
#
#   bench/configure_bench.sh [-n N] [--build DIR | --prefix DIR] [--fixture DIR]
#
#   --build DIR    a GatorRocm build tree to install into a temporary prefix (default: build-cmake,
#                  then build)
#   --prefix DIR   an installed GatorRocm instead
#   --fixture DIR  the machine to detect (default: tests/fixtures/rocm702-8xmi300x, the bundled
#                  example system; "/" for this machine)
#   -n N           runs per variant (default 11)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
runs=11
build=""
prefix=""
fixture="$here/tests/fixtures/rocm702-8xmi300x"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    --fixture) fixture=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "configure_bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/gator-configure-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -z "$prefix" ]; then
  if [ -z "$build" ]; then
    for candidate in "$here/build-cmake" "$here/build"; do
      if [ -f "$candidate/CMakeCache.txt" ]; then build=$candidate; break; fi
    done
  fi
  if [ -z "$build" ]; then
    echo "configure_bench.sh: no GatorRocm build found; pass --build DIR or --prefix DIR" >&2
    exit 2
  fi
  cmake --build "$build" --target gator-rocm >/dev/null
  prefix="$work/prefix"
  cmake --install "$build" --prefix "$prefix" >/dev/null
fi

# The same small consumer twice: with find_package(GatorRocm) and what uses it, and without.
for variant in with without; do
  mkdir -p "$work/$variant"
  {
    echo 'cmake_minimum_required(VERSION 3.25)'
    echo 'project(BenchConsumer LANGUAGES CXX)'
    if [ "$variant" = with ]; then
      echo 'find_package(GatorRocm 0.1 REQUIRED)'
      echo 'message(STATUS "torch index: ${GATOR_TORCH_INDEX_URL}")'
      echo 'add_custom_target(pip-install COMMAND python3 -m pip install -c "${GATOR_CONSTRAINTS_FILE}" transformers VERBATIM)'
    else
      echo 'add_custom_target(pip-install COMMAND python3 -m pip install transformers VERBATIM)'
    fi
  } > "$work/$variant/CMakeLists.txt"
done

args=(-G Ninja "-DCMAKE_PREFIX_PATH=$prefix")
if [ "$fixture" != "/" ]; then
  args+=("-DGATOR_SYSROOT=$fixture" "-DGATOR_VENV=/srv/venv")
fi

now() { date +%s%N; }
# time_configure <variant> fresh|again: milliseconds of one configure
time_configure() {
  local src="$work/$1" bin="$work/$1-build" start end
  if [ "$2" = fresh ]; then rm -rf "$bin"; fi
  start=$(now)
  cmake -S "$src" -B "$bin" "${args[@]}" >"$work/last.log" 2>&1 || {
    cat "$work/last.log" >&2; exit 1; }
  end=$(now)
  echo $(( (end - start) / 1000 ))
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf 'GatorRocm from %s; machine: %s; %d runs each (Ninja, %s)\n' "$prefix" "$fixture" "$runs" \
  "$(cmake --version | head -1)"
printf '%-14s %14s %14s %8s\n' "configure" "without (ms)" "with (ms)" "ratio"
for mode in fresh again; do
  : > "$work/with.$mode"; : > "$work/without.$mode"
  # Warm-up (and the build directories for "again"), then alternate the variants.
  time_configure with fresh >/dev/null; time_configure without fresh >/dev/null
  for _ in $(seq "$runs"); do
    time_configure without "$mode" >> "$work/without.$mode"
    time_configure with "$mode" >> "$work/with.$mode"
  done
  without_us=$(median < "$work/without.$mode")
  with_us=$(median < "$work/with.$mode")
  label="fresh"
  [ "$mode" = again ] && label="re-configure"
  awk -v l="$label" -v a="$without_us" -v b="$with_us" \
    'BEGIN { printf "%-14s %14.1f %14.1f %8.2f\n", l, a / 1000, b / 1000, b / a }'
done
