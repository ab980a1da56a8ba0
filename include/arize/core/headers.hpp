// HTTP header fields: an ordered list with case-insensitive lookup.
#pragma once

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arize {

/// Header names compare case-insensitively (RFC 9110 §5.1).
[[nodiscard]] inline bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

/// An ordered list of HTTP header fields.
class Headers {
 public:
  using value_type = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<value_type> init) : fields_(init) {}

  /// The first value of `name`, if present.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const noexcept {
    for (const auto& [k, v] : fields_) {
      if (header_name_equals(k, name)) return std::string_view(v);
    }
    return std::nullopt;
  }
  [[nodiscard]] bool contains(std::string_view name) const noexcept {
    return get(name).has_value();
  }
  /// Replaces every value of `name` with `value`.
  void set(std::string name, std::string value) {
    erase(name);
    fields_.emplace_back(std::move(name), std::move(value));
  }
  /// Appends a value, keeping existing ones.
  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  void erase(std::string_view name) {
    std::erase_if(fields_, [&](const value_type& f) { return header_name_equals(f.first, name); });
  }

  [[nodiscard]] auto begin() const noexcept { return fields_.begin(); }
  [[nodiscard]] auto end() const noexcept { return fields_.end(); }
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }
  bool operator==(const Headers&) const = default;

 private:
  std::vector<value_type> fields_;
};

}  // namespace arize
