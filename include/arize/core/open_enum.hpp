// String enums that survive values the client does not know.
//
// Generated code declares `enum class ApiKeyType { user, service };` and specializes
// EnumTraits with its wire strings. Fields hold `Open<ApiKeyType>`: a known enumerator, or the
// raw string of a value added to the API after this client was generated, kept as-is so that
// it round-trips and can be sent back.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace arize {

/// Specialized by generated code: `name` and `values` (enumerator, wire string) pairs.
template <class E>
struct EnumTraits;

template <class E>
concept WireEnum = std::is_enum_v<E> && requires {
  { EnumTraits<E>::name } -> std::convertible_to<std::string_view>;
  EnumTraits<E>::values;
};

/// The wire string of an enumerator; empty for a value outside the enumeration.
template <WireEnum E>
[[nodiscard]] constexpr std::string_view to_wire(E e) noexcept {
  for (const auto& [value, wire] : EnumTraits<E>::values) {
    if (value == e) return wire;
  }
  return {};
}

/// The enumerator of a wire string, if it is a known one.
template <WireEnum E>
[[nodiscard]] constexpr std::optional<E> enum_from_wire(std::string_view s) noexcept {
  for (const auto& [value, wire] : EnumTraits<E>::values) {
    if (wire == s) return value;
  }
  return std::nullopt;
}

/// A value of enum E, or a wire value E does not know.
template <WireEnum E>
class Open {
 public:
  using enum_type = E;

  constexpr Open(E value) noexcept : known_(value) {}  // NOLINT(google-explicit-constructor)

  /// From a wire string: the enumerator if known, otherwise the string is kept as-is.
  [[nodiscard]] static Open from_wire(std::string_view wire) {
    if (auto e = enum_from_wire<E>(wire)) return Open(*e);
    return Open(std::string(wire));
  }

  [[nodiscard]] constexpr bool is_known() const noexcept { return known_.has_value(); }
  /// The enumerator, or nullopt for a value this client does not know.
  [[nodiscard]] constexpr std::optional<E> known() const noexcept { return known_; }
  /// The string sent on the wire.
  [[nodiscard]] std::string_view wire() const noexcept {
    return known_ ? to_wire(*known_) : std::string_view(unknown_);
  }

  friend bool operator==(const Open& a, const Open& b) noexcept { return a.wire() == b.wire(); }
  friend bool operator==(const Open& a, E b) noexcept { return a.known_ == b; }
  friend std::ostream& operator<<(std::ostream& os, const Open& v) { return os << v.wire(); }

 private:
  explicit Open(std::string unknown) : unknown_(std::move(unknown)) {}
  std::optional<E> known_;
  std::string unknown_;
};

template <WireEnum E>
[[nodiscard]] std::string_view to_wire(const Open<E>& v) noexcept {
  return v.wire();
}

namespace enum_io {
/// `std::cout << arize::ApiKeyType::user` prints "user".
template <WireEnum E>
std::ostream& operator<<(std::ostream& os, E e) {
  return os << to_wire(e);
}
}  // namespace enum_io
using enum_io::operator<<;

}  // namespace arize
