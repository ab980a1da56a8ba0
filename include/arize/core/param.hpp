// The member types of the facade's parameter structs (arize::ListKeysParams, CreateKeyParams,
// CreateServiceKeyParams, RefreshParams, ...: vocabulary.hpp), chosen so that the first error
// line of the common mistakes says what is wrong (tests/codegen/diagnostics):
//
//   OptionalParam<T>      is a std::optional<T> (derives from it: everything that takes or
//                         compares a std::optional<T> takes this), plus a constructor that
//                         catches what no std::optional<T> can be made from and stops with a
//                         static_assert naming the mistake, instead of g++'s "cannot convert
//                         '<brace-enclosed initializer list>' to 'const arize::ListKeysParams&'":
//                           .limit = "50"        -> "this field takes an integer, not a string"
//                           .expires_at = "..."  -> "... use arize::parse_datetime(...)"
//                           .key_type = ApiKeyStatus::active -> "wrong enum type ..."
//   OptionalParam<T, Min, Max>  as above, for an integer the API bounds: with clang++ an int
//                         constant out of [Min, Max] is an error (diagnose_if: `.limit = 500`);
//                         g++ has no such attribute, and C++20 cannot tell a literal from a
//                         run-time value (a consteval constructor would refuse `.limit = n`), so
//                         with g++ (and for every run-time value on both) the ValidationError
//                         the call throws before sending anything stays the check.
//   RequiredParam<T, "name">  a Required<T> (derives from it) whose printed type names the
//                         member: leaving it out says
//                           g++:     use of deleted function 'arize::RequiredParam<T, Name>::
//                                    RequiredParam(arize::detail::required_member_left_out)
//                                    [with T = std::string; ... Name = ...{"name"}]'
//                           clang++: call to deleted constructor of
//                                    'RequiredParam<std::string, "name">'
//                         and, like Required<T>, keeps std::is_default_constructible false.
//
// Generated models and request structs keep std::optional<T> and Required<T>: these types are
// for the hand-written facade only.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "arize/core/datetime.hpp"
#include "arize/core/open_enum.hpp"
#include "arize/core/required.hpp"

namespace arize {

namespace detail {

/// A member's name as a template argument (`RequiredParam<std::string, "name">`).
template <std::size_t N>
struct MemberName {
  char text[N]{};
  constexpr MemberName(const char (&s)[N]) noexcept {  // NOLINT(google-explicit-constructor)
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
};

/// The parameter of RequiredParam's deleted default constructor: its name is what g++ prints.
struct required_member_left_out {};

template <class T>
inline constexpr bool is_open_enum = false;
template <class E>
inline constexpr bool is_open_enum<Open<E>> = true;

template <class U>
concept text_like = std::is_convertible_v<U&&, std::string_view>;

// The mistakes OptionalParam<T> names; clang++ prints the condition with its types.
template <class T, class U>
inline constexpr bool integer_field_given_text =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && text_like<U>;
template <class T, class U>
inline constexpr bool date_time_field_given_text = std::is_same_v<T, DateTime>&& text_like<U>;
template <class T, class U>
inline constexpr bool enum_field_given_other_enum =
    is_open_enum<T>&& std::is_enum_v<std::remove_cvref_t<U>>;
template <class T, class U>
inline constexpr bool enum_field_given_text = is_open_enum<T>&& text_like<U>;
template <class T, class U>
inline constexpr bool text_field_given_non_text = std::is_same_v<T, std::string> && !text_like<U>;
template <class T, class U>
inline constexpr bool field_given_other_type =
    !integer_field_given_text<T, U> && !date_time_field_given_text<T, U> &&
    !enum_field_given_other_enum<T, U> && !enum_field_given_text<T, U> &&
    !text_field_given_non_text<T, U>;

template <class T, class U>
constexpr void reject_member_value() {
  static_assert(!integer_field_given_text<T, U>,
                "arize: this field takes an integer, not a string");
  static_assert(!date_time_field_given_text<T, U>,
                "arize: this field takes an arize::DateTime, not a string: use "
                "arize::parse_datetime(\"2027-01-01T00:00:00Z\") or a std::chrono time");
  static_assert(!enum_field_given_other_enum<T, U>,
                "arize: wrong enum type for this field (see the field's declaration for the "
                "enum it takes)");
  static_assert(!enum_field_given_text<T, U>,
                "arize: this field takes an enumerator (e.g. arize::ApiKeyType::service), not "
                "a string");
  static_assert(!text_field_given_non_text<T, U>, "arize: this field takes a string");
  static_assert(!field_given_other_type<T, U>,
                "arize: this field cannot be set from a value of this type (see the field's "
                "declaration)");
}

template <class T>
inline constexpr bool is_std_optional = false;
template <class T>
inline constexpr bool is_std_optional<std::optional<T>> = true;

template <class T, class U>
concept not_an_optional_of = !std::is_constructible_v<std::optional<T>, U&&>;

}  // namespace detail

/// An optional member of a facade parameter struct: a std::optional<T> that names the mistake
/// when given a value of the wrong type (see the top of this file). Min and Max bound an integer
/// T for clang++'s check of literals.
template <class T, auto Min = 0, auto Max = -1>
class OptionalParam : public std::optional<T> {
  template <class U>
  static constexpr bool is_value_of =
      std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, OptionalParam> &&
      !std::is_same_v<std::remove_cvref_t<U>, std::optional<T>> &&
      !std::is_same_v<std::remove_cvref_t<U>, std::nullopt_t> &&
      !std::is_same_v<std::remove_cvref_t<U>, std::in_place_t>;

 public:
  /// The bounds of an integer field (when minimum <= maximum), as the API document gives them.
  static constexpr auto minimum = Min;
  static constexpr auto maximum = Max;

  constexpr OptionalParam() noexcept = default;
  constexpr OptionalParam(std::nullopt_t) noexcept {}  // NOLINT(google-explicit-constructor)
  constexpr OptionalParam(const std::optional<T>& v)   // NOLINT(google-explicit-constructor)
      : std::optional<T>(v) {}
  constexpr OptionalParam(std::optional<T>&& v)  // NOLINT(google-explicit-constructor)
      : std::optional<T>(std::move(v)) {}
  /// From a std::optional<U> of a U that converts to T (std::optional<ApiKeyType>).
  template <class U>
  requires(!std::is_same_v<U, T> && std::is_constructible_v<T, const U&>) constexpr explicit(
      !std::is_convertible_v<const U&, T>)
      OptionalParam(const std::optional<U>& v)  // NOLINT(google-explicit-constructor)
      : std::optional<T>(v) {}
  template <class U>
  requires(!std::is_same_v<U, T> &&
           std::is_constructible_v<T, U&&>) constexpr explicit(!std::is_convertible_v<U&&, T>)
      OptionalParam(std::optional<U>&& v)  // NOLINT(google-explicit-constructor)
      : std::optional<T>(std::move(v)) {}
  /// A value (what converts to T), as std::optional<T> takes it.
  template <class U = T>
  requires(is_value_of<U>) constexpr explicit(!std::is_convertible_v<U&&, T>)
      OptionalParam(U&& v)  // NOLINT(google-explicit-constructor)
      : std::optional<T>(std::in_place, std::forward<U>(v)) {}
#if defined(__clang__) && defined(__has_attribute)
#if __has_attribute(diagnose_if)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wgcc-compat"  // diagnose_if is clang's own: that is the point
  /// An int clang++ can see is out of [Min, Max] is an error (`.limit = 500`).
  constexpr OptionalParam(int v)  // NOLINT(google-explicit-constructor)
      requires(std::is_integral_v<T>&& Min <= Max)
          __attribute__((diagnose_if(v > Max,
                                     "arize: this value is above the field's maximum (the Max of "
                                     "its type, OptionalParam<T, Min, Max>)",
                                     "error")))
          __attribute__((diagnose_if(v < Min,
                                     "arize: this value is below the field's minimum (the Min of "
                                     "its type, OptionalParam<T, Min, Max>)",
                                     "error")))
          : std::optional<T>(static_cast<T>(v)) {}
#pragma clang diagnostic pop
#endif
#endif

  /// What no std::optional<T> can be made from: a static_assert that names the mistake.
  template <class U>
  requires detail::not_an_optional_of<T, U> OptionalParam(U&&) {  // NOLINT
    detail::reject_member_value<T, U>();
  }
  template <class U>
  requires detail::not_an_optional_of<T, U> OptionalParam& operator=(U&&) {
    detail::reject_member_value<T, U>();
    return *this;
  }

  // Assignment as std::optional<T> has it (written out: with the converting constructors above,
  // the base's operators would be ambiguous).
  constexpr OptionalParam& operator=(std::nullopt_t) noexcept {
    this->reset();
    return *this;
  }
  /// From a std::optional<U> (a template, so that `x = {}` stays the move assignment).
  template <class O>
  requires(detail::is_std_optional<std::remove_cvref_t<O>>&&
               std::is_assignable_v<std::optional<T>&, O&&>) constexpr OptionalParam&
  operator=(O&& v) {
    std::optional<T>::operator=(std::forward<O>(v));
    return *this;
  }
  template <class U = T>
  requires(is_value_of<U>&& std::is_convertible_v<U&&, T>) constexpr OptionalParam& operator=(
      U&& v) {
    if (this->has_value()) {
      **this = std::forward<U>(v);
    } else {
      this->emplace(std::forward<U>(v));
    }
    return *this;
  }

  // Two members compare as their std::optional<T>s (a template, so that a comparison with a
  // T, a std::optional<T> or std::nullopt stays std::optional's own).
  template <class A, class B>
  requires(
      std::is_same_v<A, OptionalParam>&& std::is_same_v<B, OptionalParam>) friend constexpr bool
  operator==(const A& a, const B& b) {
    return static_cast<const std::optional<T>&>(a) == static_cast<const std::optional<T>&>(b);
  }
};

/// A required member of a facade parameter struct: a Required<T> whose type names the member,
/// so that leaving it out names it (see the top of this file).
template <class T, detail::MemberName Name>
class RequiredParam : public Required<T> {
 public:
  using Required<T>::Required;
  using Required<T>::operator=;

  RequiredParam(detail::required_member_left_out = {}) = delete;  // NOLINT
  RequiredParam(const Required<T>& v)  // NOLINT(google-explicit-constructor)
      : Required<T>(v) {}
  RequiredParam(Required<T>&& v)  // NOLINT(google-explicit-constructor)
      : Required<T>(std::move(v)) {}
};

}  // namespace arize
