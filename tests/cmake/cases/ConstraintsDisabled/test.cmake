case_configure(configure ARGS -DGATOR_CONSTRAINTS_OUTPUT=)
case_expect(configure)
