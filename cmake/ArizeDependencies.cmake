# Finds the dependencies of arize::client. Shared by the build tree and by the
# installed package config (arize-clientConfig.cmake includes this file too).
include(CMakeFindDependencyMacro)
find_dependency(nlohmann_json 3.11)
find_dependency(OpenSSL)
find_dependency(date CONFIG)
find_dependency(Threads)

# Debian's cpp-httplib ships a compiled part and only a pkg-config file. Its
# class layouts depend on the defines pkg-config passes, so take them from there.
if(NOT TARGET arize::httplib)
  find_package(httplib CONFIG QUIET)
  if(TARGET httplib::httplib)
    add_library(arize::httplib INTERFACE IMPORTED)
    set_target_properties(arize::httplib PROPERTIES INTERFACE_LINK_LIBRARIES httplib::httplib)
  else()
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(ARIZE_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
    add_library(arize::httplib INTERFACE IMPORTED)
    set_target_properties(arize::httplib PROPERTIES
      INTERFACE_LINK_LIBRARIES "PkgConfig::ARIZE_HTTPLIB;Threads::Threads")
  endif()
endif()
