# Included by CTest (tests/CMakeLists.txt, TEST_INCLUDE_FILES) before any test runs: the API
# revision of the emulator and of the tests' scripted responses, unless the caller chose one.
if(NOT DEFINED ENV{ARIZE_API_REVISION})
  set(ENV{ARIZE_API_REVISION} "2026-06")
endif()
