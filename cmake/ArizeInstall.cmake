# Installs the headers and exports arize::core, arize::client and arize::client_compiled (a
# static library, core/config.hpp) for find_package(arize-client):
#
#   cmake --install build --prefix P
#   find_package(arize-client CONFIG REQUIRED)          # with CMAKE_PREFIX_PATH=P
#   target_link_libraries(app PRIVATE arize::client)
#
# The export names only targets (its dependencies are found again by ArizeDependencies.cmake,
# installed next to the config) and the installed include directory, never build-tree paths.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(ARIZE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_DATADIR}/arize-client/cmake)

install(DIRECTORY include/arize DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set_target_properties(arize_core PROPERTIES EXPORT_NAME core)
set_target_properties(arize_client PROPERTIES EXPORT_NAME client)
# INCLUDES DESTINATION: the target's $<INSTALL_INTERFACE:...> include directory is set before
# GNUInstallDirs is included, so it is empty; this puts <prefix>/include into the export.
set(arize_installed_targets arize_core arize_client)
# The simdjson reader (a static library) when this build has it; the package config then
# requires simdjson (ARIZE_SIMDJSON_IN_PACKAGE, arize-clientConfig.cmake.in).
set(ARIZE_SIMDJSON_IN_PACKAGE OFF)
if(TARGET arize_simdjson)
  set_target_properties(arize_simdjson PROPERTIES EXPORT_NAME simdjson)
  list(APPEND arize_installed_targets arize_simdjson)
  set(ARIZE_SIMDJSON_IN_PACKAGE ON)
endif()
# The async client when this build has it; the package config then requires Boost.
set(ARIZE_ASYNC_IN_PACKAGE OFF)
if(TARGET arize_async)
  set_target_properties(arize_async PROPERTIES EXPORT_NAME async)
  list(APPEND arize_installed_targets arize_async)
  set(ARIZE_ASYNC_IN_PACKAGE ON)
endif()
if(PROJECT_IS_TOP_LEVEL)  # a subproject builds arize_client_compiled only on demand
  set_target_properties(arize_client_compiled PROPERTIES EXPORT_NAME client_compiled)
  list(APPEND arize_installed_targets arize_client_compiled)
  if(TARGET arize_async_compiled)
    set_target_properties(arize_async_compiled PROPERTIES EXPORT_NAME async_compiled)
    list(APPEND arize_installed_targets arize_async_compiled)
  endif()
endif()
install(TARGETS ${arize_installed_targets} EXPORT arize-clientTargets
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT arize-clientTargets NAMESPACE arize:: DESTINATION ${ARIZE_INSTALL_CMAKEDIR})
configure_package_config_file(cmake/arize-clientConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/arize-clientConfig.cmake
  INSTALL_DESTINATION ${ARIZE_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/arize-clientConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/arize-clientConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/arize-clientConfigVersion.cmake
  cmake/ArizeDependencies.cmake
  DESTINATION ${ARIZE_INSTALL_CMAKEDIR})
