# Finds the dependencies of arize::client. Shared by the build tree and by the
# installed package config (arize-clientConfig.cmake includes this file too, from
# <prefix>/share/arize-client/cmake, so it must not use any build-tree path).
include(CMakeFindDependencyMacro)

# From a package config (CMAKE_FIND_PACKAGE_NAME is set), find_dependency forwards
# QUIET/REQUIRED and marks the package not found on failure; in the build tree a
# missing dependency is a configure error.
macro(arize_find_dependency)
  if(CMAKE_FIND_PACKAGE_NAME)
    find_dependency(${ARGN})
  else()
    find_package(${ARGN} REQUIRED)
  endif()
endmacro()

arize_find_dependency(nlohmann_json 3.11)
arize_find_dependency(OpenSSL)
arize_find_dependency(Threads)

# cpp-httplib, in this order:
# - ARIZE_HTTPLIB_DIR: a folder holding the upstream single header httplib.h (header-only,
#   compiled with OpenSSL support), e.g. the current release for the second build of
#   scripts/test. Build-tree only: an installed package finds cpp-httplib as below.
# - its CMake package (vcpkg, Conan, upstream's own install);
# - pkg-config: Debian's cpp-httplib ships a compiled part and only a pkg-config file. Its
#   class layouts depend on the defines pkg-config passes, so take them from there.
if(NOT TARGET arize::httplib AND ARIZE_HTTPLIB_DIR AND NOT CMAKE_FIND_PACKAGE_NAME)
  if(NOT EXISTS ${ARIZE_HTTPLIB_DIR}/httplib.h)
    message(FATAL_ERROR "ARIZE_HTTPLIB_DIR=${ARIZE_HTTPLIB_DIR} holds no httplib.h")
  endif()
  add_library(arize::httplib INTERFACE IMPORTED)
  set_target_properties(arize::httplib PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES ${ARIZE_HTTPLIB_DIR}
    INTERFACE_COMPILE_DEFINITIONS CPPHTTPLIB_OPENSSL_SUPPORT
    INTERFACE_LINK_LIBRARIES "OpenSSL::SSL;OpenSSL::Crypto;Threads::Threads")
endif()
if(NOT TARGET arize::httplib)
  find_package(httplib CONFIG QUIET)
  if(TARGET httplib::httplib)
    add_library(arize::httplib INTERFACE IMPORTED)
    set_target_properties(arize::httplib PROPERTIES INTERFACE_LINK_LIBRARIES httplib::httplib)
  else()
    arize_find_dependency(PkgConfig)
    if(CMAKE_FIND_PACKAGE_NAME)
      if(NOT PKG_CONFIG_FOUND)
        return()  # find_dependency has already set arize-client_FOUND to FALSE
      endif()
      pkg_check_modules(ARIZE_HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
      if(NOT ARIZE_HTTPLIB_FOUND)
        set(${CMAKE_FIND_PACKAGE_NAME}_NOT_FOUND_MESSAGE
            "cpp-httplib was found neither as a CMake package (httplib) nor by pkg-config")
        set(${CMAKE_FIND_PACKAGE_NAME}_FOUND FALSE)
        return()
      endif()
    else()
      pkg_check_modules(ARIZE_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
    endif()
    add_library(arize::httplib INTERFACE IMPORTED)
    set_target_properties(arize::httplib PROPERTIES
      INTERFACE_LINK_LIBRARIES "PkgConfig::ARIZE_HTTPLIB;Threads::Threads")
  endif()
endif()
