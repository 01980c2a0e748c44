# A package built with configure_package_config_file (its PACKAGE_PREFIX_DIR) that depends on GatorRocm.
set(PACKAGE_PREFIX_DIR "/opt/dependent")
include(CMakeFindDependencyMacro)
find_dependency(GatorRocm)
set(Dependent_DATA_DIR "${PACKAGE_PREFIX_DIR}/share/dependent")
