# Installs the headers and exports arize::client for find_package(arize-client).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(DIRECTORY include/arize DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS arize_client EXPORT arize-clientTargets)
set_target_properties(arize_client PROPERTIES EXPORT_NAME client)
install(EXPORT arize-clientTargets NAMESPACE arize::
        DESTINATION ${CMAKE_INSTALL_DATADIR}/arize-client/cmake)
configure_package_config_file(cmake/arize-clientConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/arize-clientConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_DATADIR}/arize-client/cmake)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/arize-clientConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/arize-clientConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/arize-clientConfigVersion.cmake
  cmake/ArizeDependencies.cmake
  DESTINATION ${CMAKE_INSTALL_DATADIR}/arize-client/cmake)
