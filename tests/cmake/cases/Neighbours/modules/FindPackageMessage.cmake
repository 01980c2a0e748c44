# A project's own module that happens to share the name of CMake's: GatorRocm must not load it.
function(find_package_message)
  message(SEND_ERROR "check failed: the project's FindPackageMessage.cmake was used")
endfunction()
