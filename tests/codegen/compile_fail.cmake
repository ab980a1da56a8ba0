# Builds one EXCLUDE_FROM_ALL target of the build tree and checks the outcome.
#   cmake -DBUILD_DIR=... -DTARGET=... [-DEXPECT=<regex>] [-DCONFIG=...] -P compile_fail.cmake
# With EXPECT (a compile-fail case): passes only when the build fails AND a line of the
# compiler's output matches EXPECT, so a broken include or an unrelated error cannot make the
# case pass. Without EXPECT (the control): passes only when the build succeeds.
foreach(var BUILD_DIR TARGET)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compile_fail.cmake: ${var} is not set")
  endif()
endforeach()
set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET} ${config_args}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(NOT DEFINED EXPECT)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${TARGET} must compile, but did not:\n${output}")
  endif()
  message(STATUS "${TARGET} compiles")
  return()
endif()
if(result EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it must not:\n${output}")
endif()
string(REPLACE ";" "," text "${output}")
string(REPLACE "\n" ";" lines "${text}")
foreach(line IN LISTS lines)
  if(line MATCHES "${EXPECT}")
    message(STATUS "${TARGET} does not compile, as expected: ${line}")
    return()
  endif()
endforeach()
message(FATAL_ERROR "${TARGET} failed to compile, but not with the expected error /${EXPECT}/:\n${output}")
