// The library's version (kept equal to project(VERSION) in CMakeLists.txt; a test checks it).
#pragma once

#define ARIZE_CPP_VERSION "0.1.0"

namespace arize {
inline constexpr const char* version = ARIZE_CPP_VERSION;
/// The User-Agent the default transport sends.
inline constexpr const char* user_agent = "arize-cpp/" ARIZE_CPP_VERSION;
}  // namespace arize
