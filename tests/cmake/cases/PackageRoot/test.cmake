case_configure(configure ARGS -DCMAKE_PREFIX_PATH= "-DGatorRocm_ROOT=${STAGE}")
case_expect(configure)
