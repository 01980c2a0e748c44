#!/bin/sh
# Stands in for gator-rocm in the HelperFails cases: writes half a script to the -o file (as a helper
# that dies midway might), then fails with a message of its own.
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift ;;
  esac
  shift
done
if [ -n "$out" ]; then
  printf 'set(GATOR_ROCM_FOUND [=[TRUE]=])\nset(GATOR_ROCM_VERSION [=[9.9.9]=])\n' > "$out"
fi
echo "gator-rocm: error: simulated helper failure (reading /sys/class/kfd: Input/output error)" >&2
exit 3
