// Preprocessed with -dM -E (tests/codegen/CMakeLists.txt): every macro the client's headers
// define, with the flags of the real build. macro_spec.py turns the list into a spec.
#include "arize/client.hpp"
