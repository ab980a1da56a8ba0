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

# simdjson, optional: responses are read about ten times faster than with nlohmann's parser
# (include/arize/core/json_tape.hpp). ARIZE_SIMDJSON: AUTO (default; also in an installed
# package), ON (required), OFF (never). The top-level CMakeLists.txt makes arize::simdjson of
# it (src/simdjson_reader.cpp).
if(NOT ARIZE_SIMDJSON STREQUAL "OFF" AND NOT TARGET simdjson::simdjson)
  if(ARIZE_SIMDJSON STREQUAL "ON")
    arize_find_dependency(simdjson CONFIG)
  else()
    find_package(simdjson CONFIG QUIET)
  endif()
endif()

# Boost (headers only: Beast and Asio), optional: the async client (include/arize/async/,
# issue 19). ARIZE_ASYNC: AUTO (default; also in an installed package), ON (required), OFF
# (never). The top-level CMakeLists.txt makes arize::async of it.
if(NOT ARIZE_ASYNC STREQUAL "OFF" AND NOT TARGET Boost::headers)
  if(ARIZE_ASYNC STREQUAL "ON")
    arize_find_dependency(Boost 1.81 CONFIG)
  else()
    find_package(Boost 1.81 CONFIG QUIET)
  endif()
endif()

unset(arize_httplib_version)  # set below by the branch that defines arize::httplib

# cpp-httplib, in this order:
# - ARIZE_HTTPLIB_DIR: a folder holding the upstream single header httplib.h (header-only,
#   compiled with OpenSSL support): by default in the top-level build, the release carried in
#   third_party/cpp-httplib. Build-tree only: an installed package finds cpp-httplib as below.
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
  set(ARIZE_HTTPLIB_HEADER_ONLY TRUE)  # its code is compiled into each target that includes it
  file(STRINGS ${ARIZE_HTTPLIB_DIR}/httplib.h arize_httplib_version_line
       REGEX "^#define CPPHTTPLIB_VERSION \"" LIMIT_COUNT 1)
  string(REGEX REPLACE ".*\"(.*)\".*" "\\1" arize_httplib_version "${arize_httplib_version_line}")
endif()
if(NOT TARGET arize::httplib)
  find_package(httplib CONFIG QUIET)
  if(TARGET httplib::httplib)
    add_library(arize::httplib INTERFACE IMPORTED)
    set_target_properties(arize::httplib PROPERTIES INTERFACE_LINK_LIBRARIES httplib::httplib)
    set(arize_httplib_version "${httplib_VERSION}")
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
    set(arize_httplib_version "${ARIZE_HTTPLIB_VERSION}")
  endif()
endif()

# Releases before 0.53.1 lack fixes of published cpp-httplib advisories that concern HTTP
# clients (SECURITY.md lists them): a warning here, when this file defined arize::httplib and
# knows its version, and a notice at compile time (arize/core/httplib_advisories.hpp).
# ARIZE_NO_HTTPLIB_ADVISORY_NOTICE=ON silences both: it defines the macro of that name for
# every target that links arize::httplib.
if(DEFINED arize_httplib_version)
  if(ARIZE_NO_HTTPLIB_ADVISORY_NOTICE)
    set_property(TARGET arize::httplib APPEND PROPERTY
                 INTERFACE_COMPILE_DEFINITIONS ARIZE_NO_HTTPLIB_ADVISORY_NOTICE)
  elseif(arize_httplib_version AND arize_httplib_version VERSION_LESS 0.53.1)
    message(WARNING
      "arize-cpp: cpp-httplib ${arize_httplib_version} predates fixes of published advisories "
      "that concern HTTP clients (remote denial of service, header injection; see SECURITY.md "
      "of arize-cpp). Use cpp-httplib 0.53.1 or later where you can. "
      "-DARIZE_NO_HTTPLIB_ADVISORY_NOTICE=ON silences this warning and the compile-time notice.")
  endif()
  unset(arize_httplib_version)
endif()
