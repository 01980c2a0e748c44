#!/bin/sh
# Checks that every C++ file of helper/, tests/ and bench/ is laid out as .clang-format says
# (clang-format 14, Debian's clang-format-14). Prints the files that are not and exits 1; with --fix,
# formats them in place instead. Exits 125 (a skip for CTest) when clang-format-14 is missing.
set -eu
cd "$(dirname "$0")/.."
formatter=${CLANG_FORMAT:-clang-format-14}
if ! command -v "$formatter" >/dev/null 2>&1; then
  echo "check-format: skipped: $formatter is not installed (apt-get install clang-format-14)"
  exit 125
fi
files=$(git ls-files 'helper/*.cpp' 'helper/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 2>/dev/null ||
        find helper tests bench -name '*.cpp' -o -name '*.h')
if [ "${1:-}" = "--fix" ]; then
  # shellcheck disable=SC2086
  "$formatter" -i $files
  exit 0
fi
bad=""
for f in $files; do
  "$formatter" --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
count=$(echo "$files" | wc -w)
if [ -n "$bad" ]; then
  echo "check-format: not formatted as .clang-format says (run scripts/check-format.sh --fix):"
  for f in $bad; do echo "  $f"; done
  exit 1
fi
echo "check-format: $count files formatted as .clang-format says"
