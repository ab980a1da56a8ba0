// Constraint checks run on a request before it is sent (maxLength, minimum, pattern, ...).
// Each throws arize::ValidationError naming the field and the rule. The `pattern` check is in
// pattern.hpp: generated code includes it only when the API declares a pattern (std::regex
// costs every translation unit that instantiates it a quarter of a second: bench/compile/).
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

/// Counts the Unicode code points of UTF-8 text (JSON Schema lengths count characters);
/// nullopt when the text is not valid UTF-8.
[[nodiscard]] inline std::optional<std::size_t> utf8_length(std::string_view s) noexcept {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      n = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      n = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 4;
      cp = c & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + n > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return std::nullopt;
    }
    i += n;
  }
  return count;
}

namespace detail {

inline void check_length(const std::string& s, std::optional<std::size_t> min,
                         std::optional<std::size_t> max, const JsonPath& path) {
  const auto n = utf8_length(s);
  if (!n) throw ValidationError(path.str(), "is not valid UTF-8");
  if (min && *n < *min) {
    throw ValidationError(path.str(), "must be at least " + std::to_string(*min) +
                                          " characters long (got " + std::to_string(*n) + ")");
  }
  if (max && *n > *max) {
    throw ValidationError(path.str(), "must be at most " + std::to_string(*max) +
                                          " characters long (got " + std::to_string(*n) + ")");
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
    throw ValidationError(path.str(), "must have at least " + std::to_string(*min) + " items");
  }
  if (max && size > *max) {
    throw ValidationError(path.str(), "must have at most " + std::to_string(*max) + " items");
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
