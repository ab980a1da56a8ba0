// Percent-encoding of path segments and query components, and decoding of URL components.
//
// The encoding itself is cpp-httplib's (already a dependency of the default transport); this
// file adds only the two rules a path segment needs on top of it.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "arize/core/errors.hpp"

namespace arize::url {

/// Percent-encodes a query name or value: everything but ALPHA / DIGIT / "-_.!~*'()".
[[nodiscard]] inline std::string encode_query_component(std::string_view s) {
  return httplib::detail::encode_query_param(std::string(s));
}

/// Percent-encodes one path segment ("/", "+", "=", "?", "%", ... become %XX), so an opaque
/// id such as "QXBp/+1==" stays one segment. A segment of only dots ("." or "..") would be
/// removed by URL normalisation, so its dots are encoded too; an empty segment is refused.
[[nodiscard]] inline std::string encode_path_segment(
    std::string_view s, std::string_view parameter = "path parameter") {
  if (s.empty()) {
    throw ValidationError(std::string(parameter), "must not be empty (it is a path segment)");
  }
  if (s.find_first_not_of('.') == std::string_view::npos) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) out += "%2E";
    return out;
  }
  return encode_query_component(s);
}

/// Decodes %XX escapes (cpp-httplib's decoder; '+' stays '+'). Malformed escapes are kept.
[[nodiscard]] inline std::string decode_component(std::string_view s) {
  return httplib::detail::decode_url(std::string(s), false);
}

}  // namespace arize::url
