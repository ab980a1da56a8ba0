// The JSON Schema `pattern` check, on std::regex (ECMAScript). Generated code includes this
// header only when the API declares a pattern: instantiating std::regex_search costs each
// translation unit that does it about a quarter of a second (bench/compile/).
#pragma once

#include <regex>
#include <string>
#include <string_view>

#include "arize/core/errors.hpp"
#include "arize/core/json_path.hpp"

namespace arize::detail {

inline void check_pattern(const std::string& s, const std::regex& re, std::string_view pattern,
                          const JsonPath& path) {
  if (!std::regex_search(s, re)) {
    throw ValidationError(path.str(), "must match the pattern " + std::string(pattern));
  }
}

}  // namespace arize::detail
