// Required<T>: the type of every required member of a generated model.
//
// NOTE FOR THE GENERATOR: models are plain (non-template) aggregates. A required member is
// declared `::arize::Required<T> name;` with NO default member initializer; an optional one
// `std::optional<T> name{};` (the `{}` keeps -Wmissing-field-initializers quiet).
//
// Required<T> has no default constructor, so leaving a required member out of an aggregate
// initializer does not compile. clang++ names the member in a note; g++ 12 names it only in
// the -Wmissing-field-initializers line, and not for every aggregate. (The facade's parameter
// structs use RequiredParam<T, "name">, core/param.hpp, whose type names the member in the
// first error line: tests/codegen/diagnostics/README.md.)
//
//   arize::ApiKeyCreate body{.description = "x"};
//   // g++:     error: use of deleted function 'arize::Required<...>::Required()'
//   //          error: missing initializer for member 'arize::ApiKeyCreate::name'
//   // clang++: error: call to deleted constructor of 'arize::Required<std::string>'
//   //          note: in implicit initialization of field 'name' with omitted initializer
//
// Unlike tricks that fire inside default member initializers, this keeps
// std::is_default_constructible<Model> a plain `false` that generic code can ask about.
//
// Otherwise a Required<T> is a T: for class types it derives from T (so key.name.size(),
// `std::string s = key.name;`, `os << key.name`, `key.created_at + 1h` all work); for scalars
// (bool, integers, floating point, enums) it converts to T. get() names the T explicitly.
#pragma once

#include <compare>
#include <type_traits>
#include <utility>

namespace arize {

template <class T>
class Required;

namespace detail {
template <class T, class U>
concept converts_into_required =
    std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, Required<T>> &&
    !std::is_same_v<std::remove_cvref_t<U>, T>;
}  // namespace detail

/// Required member of a class type: is-a T.
template <class T>
requires(std::is_class_v<T> && !std::is_final_v<T>) class Required<T> : public T {
 public:
  using value_type = T;

  Required() = delete;
  Required(const T& from) : T(from) {}                                  // NOLINT
  Required(T&& from) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT
      : T(std::move(from)) {}
  template <class U>
  requires detail::converts_into_required<T, U> Required(U&& from)
      : T(std::forward<U>(from)) {}  // NOLINT(google-explicit-constructor)
  Required(const Required&) = default;
  Required(Required&&) = default;
  Required& operator=(const Required&) = default;
  Required& operator=(Required&&) = default;
  ~Required() = default;
  using T::operator=;
  /// Assigns anything a T can be made from (`key.key_type = ApiKeyType::service;`).
  template <class U>
  requires detail::converts_into_required<T, U> Required& operator=(U&& value) {
    T::operator=(T(std::forward<U>(value)));
    return *this;
  }

  [[nodiscard]] T& get() & noexcept { return *this; }
  [[nodiscard]] const T& get() const& noexcept { return *this; }
  [[nodiscard]] T&& get() && noexcept { return std::move(*this); }
};

/// Required member of a scalar type (bool, integer, floating point, enum): converts to T.
template <class T>
requires(!std::is_class_v<T>) class Required<T> {
 public:
  using value_type = T;

  Required() = delete;
  constexpr Required(T value) noexcept : value_(value) {}  // NOLINT(google-explicit-constructor)
  template <class U>
  requires(detail::converts_into_required<T, U>&& std::is_convertible_v<U&&, T>) constexpr Required(
      U&& value) noexcept
      : value_(static_cast<T>(std::forward<U>(value))) {}  // NOLINT

  constexpr operator T() const noexcept { return value_; }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] constexpr T& get() & noexcept { return value_; }
  [[nodiscard]] constexpr const T& get() const& noexcept { return value_; }

  friend constexpr bool operator==(const Required&, const Required&) = default;
  friend constexpr bool operator==(const Required& a, const T& b) noexcept { return a.value_ == b; }
  friend constexpr auto operator<=>(
      const Required& a, const Required& b) noexcept requires std::three_way_comparable<T> {
    return a.value_ <=> b.value_;
  }

 private:
  T value_;
};

}  // namespace arize
