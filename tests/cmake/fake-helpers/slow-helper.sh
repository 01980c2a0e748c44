#!/bin/sh
# Stands in for gator-rocm in the HelperTimeout case: never finishes in time.
exec sleep 30
