// Constraint checks run on a request before it is sent (maxLength, minimum, pattern, ...).
// Each throws arize::ValidationError naming the field and the rule. The `pattern` check is in
// pattern.hpp: generated code includes it only when the API declares a pattern.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arize/core/errors.hpp"
#include "arize/core/json.hpp"
#include "arize/core/json_path.hpp"

namespace arize {

/// The length of the valid UTF-8 sequence at the start of `s` (1 to 4) and its code point in
/// `cp`; 0 when there is none: empty text, a stray continuation byte, a truncated or overlong
/// sequence, a surrogate, a value past U+10FFFF.
[[nodiscard]] inline std::size_t utf8_sequence(std::string_view s, char32_t& cp) noexcept {
  if (s.empty()) return 0;
  const auto lead = static_cast<unsigned char>(s[0]);
  std::size_t len = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    len = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

/// Counts the Unicode code points of UTF-8 text (JSON Schema lengths count characters);
/// nullopt when the text is not valid UTF-8.
[[nodiscard]] inline std::optional<std::size_t> utf8_length(std::string_view s) noexcept {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(s.substr(i), cp);
    if (len == 0) return std::nullopt;
    i += len;
  }
  return count;
}

namespace detail {

/// "1 character", "2 characters": a count and its noun, in the right number.
[[nodiscard]] inline std::string counted(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

inline void check_length(const std::string& s, std::optional<std::size_t> min,
                         std::optional<std::size_t> max, const JsonPath& path) {
  const auto n = utf8_length(s);
  if (!n) throw ValidationError(path.str(), "is not valid UTF-8");
  if (min && *n < *min) {
    throw ValidationError(path.str(), "must be at least " + counted(*min, "character") +
                                          " long (got " + std::to_string(*n) + ")");
  }
  if (max && *n > *max) {
    throw ValidationError(path.str(), "must be at most " + counted(*max, "character") +
                                          " long (got " + std::to_string(*n) + ")");
  }
}

template <class V, class B>
void check_range(V value, std::optional<B> min, std::optional<B> max, bool exclusive_min,
                 bool exclusive_max, const JsonPath& path) {
  auto text = [](auto x) {
    Json j = x;
    return j.dump();
  };
  if (min && (exclusive_min ? !(value > *min) : value < *min)) {
    throw ValidationError(path.str(), std::string("must be ") + (exclusive_min ? "> " : ">= ") +
                                          text(*min) + " (got " + text(value) + ")");
  }
  if (max && (exclusive_max ? !(value < *max) : value > *max)) {
    throw ValidationError(path.str(), std::string("must be ") + (exclusive_max ? "< " : "<= ") +
                                          text(*max) + " (got " + text(value) + ")");
  }
}

inline void check_items(std::size_t size, std::optional<std::size_t> min,
                        std::optional<std::size_t> max, const JsonPath& path) {
  if (min && size < *min) {
    throw ValidationError(path.str(), "must have at least " + counted(*min, "item"));
  }
  if (max && size > *max) {
    throw ValidationError(path.str(), "must have at most " + counted(*max, "item"));
  }
}

}  // namespace detail

/// Validates a value against the constraints of its schema, recursing into containers and
/// models. Scalars without constraints of their own pass.
template <class T>
void validate(const T& v, const JsonPath& path = {}) {
  if constexpr (Model<T>) {
    v.arize_validate(path);
  }
  (void)v;
  (void)path;
}
template <class T>
void validate(const std::optional<T>& v, const JsonPath& path = {}) {
  if (v) validate(*v, path);
}
template <class T>
void validate(const Required<T>& v, const JsonPath& path = {}) {
  validate(v.get(), path);
}
template <class T>
void validate(const Nullable<T>& v, const JsonPath& path = {}) {
  if (!v.is_null()) validate(*v, path);
}
template <class T>
void validate(const std::vector<T>& v, const JsonPath& path = {}) {
  for (std::size_t i = 0; i < v.size(); ++i) validate(v[i], path.index(i));
}
template <class T>
void validate(const std::map<std::string, T>& v, const JsonPath& path = {}) {
  for (const auto& [key, value] : v) validate(value, path.field(key));
}

}  // namespace arize
