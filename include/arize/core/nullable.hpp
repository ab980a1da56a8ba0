// Nullable<T>: a value or JSON null. Together with std::optional this keeps the three states of
// a field apart:
//   std::optional<T>               absent | value          (not nullable)
//   Nullable<T>                    null   | value          (required, nullable)
//   std::optional<Nullable<T>>     absent | null | value   (optional, nullable)
// Absent members are not sent; a null Nullable is sent as `null`.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

namespace arize {

/// The JSON null, as a value: `field = arize::null;`.
struct Null {
  constexpr bool operator==(const Null&) const noexcept = default;
};
inline constexpr Null null{};

template <class T>
class Nullable {
 public:
  using value_type = T;

  constexpr Nullable(Null) noexcept {}  // NOLINT(google-explicit-constructor)
  template <class U = T>
  requires(
      std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, Nullable> &&
      !std::is_same_v<std::remove_cvref_t<U>,
                      Null>) constexpr Nullable(U&& value)  // NOLINT(google-explicit-constructor)
      : value_(std::in_place, std::forward<U>(value)) {}

  [[nodiscard]] constexpr bool is_null() const noexcept { return !value_.has_value(); }
  [[nodiscard]] constexpr bool has_value() const noexcept { return value_.has_value(); }
  /// The value; throws std::bad_optional_access when null.
  [[nodiscard]] constexpr T& value() & { return value_.value(); }
  [[nodiscard]] constexpr const T& value() const& { return value_.value(); }
  [[nodiscard]] constexpr T* operator->() noexcept { return &*value_; }
  [[nodiscard]] constexpr const T* operator->() const noexcept { return &*value_; }
  [[nodiscard]] constexpr T& operator*() & noexcept { return *value_; }
  [[nodiscard]] constexpr const T& operator*() const& noexcept { return *value_; }
  /// The value as a std::optional (null -> nullopt).
  [[nodiscard]] constexpr const std::optional<T>& as_optional() const noexcept { return value_; }

  friend constexpr bool operator==(const Nullable&, const Nullable&) = default;
  friend constexpr bool operator==(const Nullable& a, Null) noexcept { return a.is_null(); }

 private:
  std::optional<T> value_;
};

}  // namespace arize
