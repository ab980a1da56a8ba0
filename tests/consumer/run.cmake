# consumer.find_package: installs the main build tree into a temporary prefix, then configures,
# builds and runs tests/consumer/project against it with find_package(arize-client).
#   cmake -DBUILD_DIR=<main build> -DWORK_DIR=<scratch> -DSOURCE_DIR=<tests/consumer/project>
#         [-DCXX_COMPILER=...] [-DGENERATOR=...] [-DBUILD_TYPE=...] -P run.cmake
foreach(var BUILD_DIR WORK_DIR SOURCE_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "run.cmake: -D${var}=... is required")
  endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(JOIN " " cmd ${ARGN})
    message(FATAL_ERROR "failed (${rc}): ${cmd}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# The package must not point back into the build or source tree.
file(GLOB_RECURSE cmake_files ${prefix}/*.cmake)
get_filename_component(source_root ${SOURCE_DIR}/../../.. ABSOLUTE)
foreach(f IN LISTS cmake_files)
  file(READ ${f} text)
  foreach(tree ${BUILD_DIR} ${source_root})
    string(FIND "${text}" "${tree}/" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${f} references the tree ${tree}")
    endif()
  endforeach()
endforeach()

# The main build's build type: GCC 12 at -O3 (Release) reports -Wmaybe-uninitialized inside
# date.h, inlined from arize/core/retry.hpp, which the consumer's -Werror would turn into an error.
if(NOT BUILD_TYPE)
  set(BUILD_TYPE RelWithDebInfo)
endif()
set(configure_args -S ${SOURCE_DIR} -B ${consumer_build} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
if(GENERATOR)
  list(APPEND configure_args -G ${GENERATOR})
endif()
if(CXX_COMPILER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
run(${CMAKE_COMMAND} ${configure_args})
run(${CMAKE_COMMAND} --build ${consumer_build} -j 2)
run(${consumer_build}/arize-consumer)
