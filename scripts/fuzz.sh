#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a long time (default 600 s each), from its seed
# corpus plus what earlier runs found (build/fuzz/tests/fuzz/found/<target>), and prints the
# executions per target. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Builds the `fuzz` preset first (clang-14 with libFuzzer, ASan and UBSan).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(pep440_version pep440_specifier data probe_parsers probe_host pyproject)
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
bin=build/fuzz/tests/fuzz
for target in "${targets[@]}"; do
  log=$(mktemp)
  seeds=(tests/fuzz/corpus/"$target")
  case $target in
    data) seeds+=(helper/data) ;;
    probe_parsers) seeds+=(tests/fixtures) ;;
  esac
  [ -d "${seeds[0]}" ] || seeds=("${seeds[@]:1}")
  mkdir -p "$bin/found/$target"
  status=0
  "$bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 "$bin/found/$target" "${seeds[@]}" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "$target: ${execs:-?} executions in $seconds s, exit $status"
  if [ "$status" -ne 0 ]; then tail -40 "$log"; fi
  rm -f "$log"
done
