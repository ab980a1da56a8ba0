// Percent-encoding (RFC 3986 §2.1) of path segments and query components, and decoding of URL
// components. Standard library only: the transport concept and generated code must not depend
// on cpp-httplib.
#pragma once

#include <string>
#include <string_view>

#include "arize/core/errors.hpp"

namespace arize::url {

namespace detail {

/// Characters left as they are: RFC 3986 unreserved (ALPHA / DIGIT / "-._~") plus "!*'()",
/// the set JavaScript's encodeURIComponent keeps (and so do most servers' decoders).
[[nodiscard]] constexpr bool kept_as_is(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~' || c == '!' || c == '*' || c == '\'' || c == '(' ||
         c == ')';
}

/// 0..15 for a hexadecimal digit, -1 otherwise.
[[nodiscard]] constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace detail

/// Percent-encodes a query name or value: every byte but ALPHA / DIGIT / "-._~!*'()" becomes
/// %XX (upper-case hex); UTF-8 is encoded byte by byte. Also right for form-urlencoded bodies.
[[nodiscard]] inline std::string encode_query_component(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (detail::kept_as_is(c)) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0x0F];
    }
  }
  return out;
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

/// Decodes %XX escapes (either case); '+' stays '+' (it means a space only in form bodies).
/// A '%' not followed by two hexadecimal digits is kept as it is.
[[nodiscard]] inline std::string decode_component(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = detail::hex_value(s[i + 1]);
      const int lo = detail::hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace arize::url
