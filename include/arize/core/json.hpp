// JSON decoding and encoding of generated models, on nlohmann/json.
//
// decode<T>(json, path) turns JSON into T or throws arize::DecodeError naming the path of the
// offending value ("api_keys[3].created_at"); it never lets an nlohmann exception escape. The
// JSON is an nlohmann::json DOM or a JsonRef into a JsonTape (json_tape.hpp): responses are read
// from a tape (read<T>(text)), and both forms give the same value or the same error (the
// differential fuzzer fuzz/fuzz_decode_differential.cpp checks this).
// encode(v) is its inverse. Both cover the types generated models are made of:
//   std::string, bool, integers (range-checked), float/double, DateTime, Open<E>, enums,
//   Secret, Nullable<T>, Required<T>, std::vector<T>, std::map<std::string, T>, nlohmann::json,
//   and any model: a type with `static T arize_decode(const json&, const JsonPath&)` and
//   `void arize_encode(json&, const EncodeOptions&) const` (generated models also have
//   `static T arize_read(JsonRef, const JsonPath&)`, which reads a tape; a model without one
//   is read from the tape made a DOM).
// encode(v, options) takes its choices (leave read-only members out, redact secrets) as a
// value, passed down to every member: nothing global or thread-local changes what it writes.
// Generated code uses the detail:: field helpers below to keep "absent", "null" and "value"
// apart: an absent optional member is omitted, a null Nullable is written as null, and a null
// where the description does not allow it is a DecodeError, not a silent default.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "arize/core/datetime.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/json_path.hpp"
#include "arize/core/json_tape.hpp"
#include "arize/core/nullable.hpp"
#include "arize/core/open_enum.hpp"
#include "arize/core/required.hpp"
#include "arize/core/secret.hpp"

namespace arize {

using Json = nlohmann::json;

/// How encode() writes a value; the defaults write everything as it is.
struct EncodeOptions {
  /// Leave out the members the description marks readOnly (request bodies:
  /// encode_request_body).
  bool omit_read_only = false;
  /// Write every Secret as "[REDACTED]" (printing: operator<< of models).
  bool redact_secrets = false;
};

/// A generated model (object or oneOf/anyOf wrapper).
template <class T>
concept Model = requires(const Json& j, const JsonPath& p, const T& v, Json& out,
                         const EncodeOptions& options) {
  { T::arize_decode(j, p) } -> std::same_as<T>;
  v.arize_encode(out, options);
  v.arize_validate(p);
};

template <class T>
struct Codec;  // specialized below for every supported type

/// Decodes `j` (found at `path`) as a T; throws DecodeError.
template <class T>
[[nodiscard]] T decode(const Json& j, const JsonPath& path = {}) {
  return Codec<T>::decode(j, path);
}

/// Decodes the value `j` of a JsonTape (found at `path`) as a T; throws DecodeError.
template <class T>
[[nodiscard]] T decode(JsonRef j, const JsonPath& path = {}) {
  return Codec<T>::read(j, path);
}

/// Encodes `v` as JSON.
template <class T>
[[nodiscard]] Json encode(const T& v, const EncodeOptions& options = {}) {
  Json out;
  Codec<T>::encode(out, v, options);
  return out;
}

namespace detail {

[[nodiscard]] inline const char* json_kind(const Json& j) noexcept {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number";
    default: return "an unsupported JSON value";
  }
}

[[nodiscard]] inline const char* json_kind(JsonRef j) noexcept {
  switch (j.kind()) {
    case JsonRef::Kind::null: return "null";
    case JsonRef::Kind::object: return "an object";
    case JsonRef::Kind::array: return "an array";
    case JsonRef::Kind::string: return "a string";
    case JsonRef::Kind::boolean: return "a boolean";
    case JsonRef::Kind::integer:
    case JsonRef::Kind::unsigned_integer: return "an integer";
    case JsonRef::Kind::floating: return "a number";
  }
  return "an unsupported JSON value";
}

template <class J>
[[noreturn]] void wrong_type(const J& j, const JsonPath& path, std::string_view expected) {
  throw DecodeError(path.str(), "expected " + std::string(expected) + ", got " + json_kind(j));
}

/// A JSON number as the parser read it: a negative integer, a non-negative one, or another.
struct Number {
  enum class Kind : unsigned char { negative, non_negative, floating } kind;
  std::int64_t negative = 0;
  std::uint64_t non_negative = 0;
  double floating = 0;
  [[nodiscard]] std::string dump() const {
    switch (kind) {
      case Kind::negative: return Json(negative).dump();
      case Kind::non_negative: return Json(non_negative).dump();
      case Kind::floating: break;
    }
    return Json(floating).dump();
  }
};
/// The number `j`, or nullopt when it is not one.
[[nodiscard]] inline std::optional<Number> number_of(const Json& j) {
  if (j.is_number_unsigned()) return Number{Number::Kind::non_negative, 0, j.get<std::uint64_t>()};
  if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v >= 0) return Number{Number::Kind::non_negative, 0, static_cast<std::uint64_t>(v)};
    return Number{Number::Kind::negative, v};
  }
  if (j.is_number_float()) return Number{Number::Kind::floating, 0, 0, j.get<double>()};
  return std::nullopt;
}
[[nodiscard]] inline std::optional<Number> number_of(JsonRef j) {
  switch (j.kind()) {
    case JsonRef::Kind::integer: return Number{Number::Kind::negative, j.integer()};
    case JsonRef::Kind::unsigned_integer:
      return Number{Number::Kind::non_negative, 0, j.unsigned_integer()};
    case JsonRef::Kind::floating: return Number{Number::Kind::floating, 0, 0, j.floating()};
    default: return std::nullopt;
  }
}

/// The text of a JSON string, or a DecodeError.
[[nodiscard]] inline const std::string& string_ref(const Json& j, const JsonPath& path) {
  if (!j.is_string()) wrong_type(j, path, "a string");
  return j.get_ref<const std::string&>();
}
[[nodiscard]] inline std::string_view string_ref(JsonRef j, const JsonPath& path) {
  if (!j.is_string()) wrong_type(j, path, "a string");
  return j.string();
}
[[nodiscard]] inline bool boolean_of(const Json& j) { return j.get<bool>(); }
[[nodiscard]] inline bool boolean_of(JsonRef j) { return j.boolean(); }

/// The integer `n` as a T; a DecodeError when it is not an integer or out of T's range.
template <std::integral T>
[[nodiscard]] T integer_from(const Number& n, const JsonPath& path) {
  switch (n.kind) {
    case Number::Kind::negative:
      if (std::in_range<T>(n.negative)) return static_cast<T>(n.negative);
      break;
    case Number::Kind::non_negative:
      if (std::in_range<T>(n.non_negative)) return static_cast<T>(n.non_negative);
      break;
    case Number::Kind::floating: {
      // JSON Schema counts 5.0 as an integer; 5.5 is not one.
      const double v = n.floating;
      if (std::trunc(v) == v && v >= static_cast<double>(std::numeric_limits<T>::min()) &&
          v < std::ldexp(1.0, std::numeric_limits<T>::digits)) {
        return static_cast<T>(v);
      }
      if (std::trunc(v) != v) {
        throw DecodeError(path.str(), "expected an integer, got a number");
      }
      break;
    }
  }
  throw DecodeError(path.str(), "integer " + n.dump() + " is out of range for this field");
}

/// The number `n` as a T; a DecodeError when it is beyond T's range.
template <std::floating_point T>
[[nodiscard]] T floating_from(const Number& n, const JsonPath& path) {
  double v = n.floating;
  if (n.kind == Number::Kind::negative) v = static_cast<double>(n.negative);
  if (n.kind == Number::Kind::non_negative) v = static_cast<double>(n.non_negative);
  if (std::isfinite(v) && std::abs(v) > static_cast<double>(std::numeric_limits<T>::max())) {
    throw DecodeError(path.str(), "number " + n.dump() + " is out of range for this field");
  }
  return static_cast<T>(v);
}

}  // namespace detail

// ---- scalars ------------------------------------------------------------------------------

// Each codec reads both forms of JSON: decode(const Json&) a DOM, read(JsonRef) a tape.

template <>
struct Codec<std::string> {
  static std::string decode(const Json& j, const JsonPath& path) {
    return detail::string_ref(j, path);
  }
  static std::string read(JsonRef j, const JsonPath& path) {
    return std::string(detail::string_ref(j, path));
  }
  static void encode(Json& out, const std::string& v, const EncodeOptions&) { out = v; }
};

template <>
struct Codec<bool> {
  template <class J>
  static bool decode(const J& j, const JsonPath& path) {
    if (!j.is_boolean()) detail::wrong_type(j, path, "a boolean");
    return detail::boolean_of(j);
  }
  static bool read(JsonRef j, const JsonPath& path) { return decode(j, path); }
  static void encode(Json& out, bool v, const EncodeOptions&) { out = v; }
};

template <std::integral T>
requires(!std::same_as<T, bool>) struct Codec<T> {
  template <class J>
  static T decode(const J& j, const JsonPath& path) {
    const auto n = detail::number_of(j);
    if (!n) detail::wrong_type(j, path, "an integer");
    return detail::integer_from<T>(*n, path);
  }
  static T read(JsonRef j, const JsonPath& path) { return decode(j, path); }
  static void encode(Json& out, T v, const EncodeOptions&) { out = v; }
};

template <std::floating_point T>
struct Codec<T> {
  template <class J>
  static T decode(const J& j, const JsonPath& path) {
    const auto n = detail::number_of(j);
    if (!n) detail::wrong_type(j, path, "a number");
    return detail::floating_from<T>(*n, path);
  }
  static T read(JsonRef j, const JsonPath& path) { return decode(j, path); }
  static void encode(Json& out, T v, const EncodeOptions&) {
    if (!std::isfinite(v)) throw ValidationError("", "NaN and infinity cannot be sent as JSON");
    if constexpr (sizeof(T) < sizeof(double)) {
      // The shortest decimal that reads back as this float, sent as the double nearest to it:
      // 0.585f goes out as 0.585, not as its exact value 0.5849999785423279.
      char text[64];
      const auto written = std::to_chars(text, text + sizeof text, v);
      double wide = static_cast<double>(v);
      std::from_chars(text, written.ptr, wide);
      out = wide;
    } else {
      out = v;
    }
  }
};

template <>
struct Codec<DateTime> {
  template <class J>
  static DateTime decode(const J& j, const JsonPath& path) {
    if (!j.is_string()) detail::wrong_type(j, path, "an RFC 3339 date-time string");
    const std::string_view s = detail::string_ref(j, path);
    if (auto tp = try_parse_datetime(s)) return *tp;
    throw DecodeError(path.str(),
                      "expected an RFC 3339 date-time, got " + detail::quote_excerpt(s));
  }
  static DateTime read(JsonRef j, const JsonPath& path) { return decode(j, path); }
  static void encode(Json& out, DateTime v, const EncodeOptions&) { out = format_datetime(v); }
};

template <>
struct Codec<Secret> {
  /// A secret the process receives (a raw key, whichever API decoded it: the facade, raw(),
  /// or arize::decode) is remembered by Redactor::global(), so that server text echoing it
  /// later shows "[REDACTED]".
  template <class J>
  static Secret decode(const J& j, const JsonPath& path) {
    Secret secret{std::string(detail::string_ref(j, path))};
    Redactor::global().remember(secret);
    return secret;
  }
  static Secret read(JsonRef j, const JsonPath& path) { return decode(j, path); }
  static void encode(Json& out, const Secret& v, const EncodeOptions& options) {
    out = options.redact_secrets ? std::string(Secret::redacted_text) : v.reveal();
  }
};

template <>
struct Codec<Json> {
  static Json decode(const Json& j, const JsonPath&) { return j; }
  static Json read(JsonRef j, const JsonPath&) { return j.to_json(); }
  static void encode(Json& out, const Json& v, const EncodeOptions&) { out = v; }
};

template <WireEnum E>
struct Codec<Open<E>> {
  template <class J>
  static Open<E> decode(const J& j, const JsonPath& path) {
    return Open<E>::from_wire(detail::string_ref(j, path));
  }
  static Open<E> read(JsonRef j, const JsonPath& path) { return decode(j, path); }
  static void encode(Json& out, const Open<E>& v, const EncodeOptions&) {
    out = std::string(v.wire());
  }
};

template <WireEnum E>
struct Codec<E> {
  template <class J>
  static E decode(const J& j, const JsonPath& path) {
    const std::string_view wire = detail::string_ref(j, path);
    if (auto e = enum_from_wire<E>(wire)) return *e;
    throw DecodeError(path.str(), "unknown " + std::string(EnumTraits<E>::name) + " value " +
                                      detail::quote_excerpt(wire));
  }
  static E read(JsonRef j, const JsonPath& path) { return decode(j, path); }
  static void encode(Json& out, E v, const EncodeOptions&) {
    const auto wire = to_wire(v);
    if (wire.empty()) {
      throw ValidationError("", "value " + std::to_string(static_cast<long long>(v)) +
                                    " is not a " + std::string(EnumTraits<E>::name));
    }
    out = std::string(wire);
  }
};

// ---- containers ---------------------------------------------------------------------------

template <class T>
struct Codec<Nullable<T>> {
  static Nullable<T> decode(const Json& j, const JsonPath& path) {
    if (j.is_null()) return null;
    return Codec<T>::decode(j, path);
  }
  static Nullable<T> read(JsonRef j, const JsonPath& path) {
    if (j.is_null()) return null;
    return Codec<T>::read(j, path);
  }
  static void encode(Json& out, const Nullable<T>& v, const EncodeOptions& options) {
    if (v.is_null()) {
      out = nullptr;
    } else {
      Codec<T>::encode(out, *v, options);
    }
  }
};

template <class T>
struct Codec<std::vector<T>> {
  static std::vector<T> decode(const Json& j, const JsonPath& path) {
    if (!j.is_array()) detail::wrong_type(j, path, "an array");
    std::vector<T> out;
    out.reserve(j.size());
    std::size_t i = 0;
    for (const auto& item : j) {
      out.push_back(Codec<T>::decode(item, path.index(i++)));
    }
    return out;
  }
  static std::vector<T> read(JsonRef j, const JsonPath& path) {
    if (!j.is_array()) detail::wrong_type(j, path, "an array");
    std::vector<T> out;
    out.reserve(j.size());
    std::size_t i = 0;
    for (const JsonRef item : j.elements()) {
      out.push_back(Codec<T>::read(item, path.index(i++)));
    }
    return out;
  }
  static void encode(Json& out, const std::vector<T>& v, const EncodeOptions& options) {
    out = Json::array();
    for (const auto& item : v) {
      Json element;
      Codec<T>::encode(element, item, options);
      out.push_back(std::move(element));
    }
  }
};

template <class T>
struct Codec<std::map<std::string, T>> {
  static std::map<std::string, T> decode(const Json& j, const JsonPath& path) {
    if (!j.is_object()) detail::wrong_type(j, path, "an object");
    std::map<std::string, T> out;
    for (const auto& [key, value] : j.items()) {
      out.emplace(key, Codec<T>::decode(value, path.field(key)));
    }
    return out;
  }
  static std::map<std::string, T> read(JsonRef j, const JsonPath& path) {
    if (!j.is_object()) detail::wrong_type(j, path, "an object");
    std::map<std::string, T> out;
    for (const auto& [key, value] : j.members()) {  // no name twice: the tape refuses that
      out.emplace(key, Codec<T>::read(value, path.field(key)));
    }
    return out;
  }
  static void encode(Json& out, const std::map<std::string, T>& v, const EncodeOptions& options) {
    out = Json::object();
    for (const auto& [key, value] : v) Codec<T>::encode(out[key], value, options);
  }
};

template <class T>
struct Codec<Required<T>> {
  static Required<T> decode(const Json& j, const JsonPath& path) {
    return Codec<T>::decode(j, path);
  }
  static Required<T> read(JsonRef j, const JsonPath& path) { return Codec<T>::read(j, path); }
  static void encode(Json& out, const Required<T>& v, const EncodeOptions& options) {
    Codec<T>::encode(out, v.get(), options);
  }
};

template <Model T>
struct Codec<T> {
  static T decode(const Json& j, const JsonPath& path) { return T::arize_decode(j, path); }
  static T read(JsonRef j, const JsonPath& path) {
    if constexpr (requires { T::arize_read(j, path); }) {
      return T::arize_read(j, path);
    } else {
      return T::arize_decode(j.to_json(), path);
    }
  }
  static void encode(Json& out, const T& v, const EncodeOptions& options) {
    v.arize_encode(out, options);
  }
};

// ---- helpers for generated code -----------------------------------------------------------

namespace detail {

template <class J>
[[nodiscard]] const J& expect_object(const J& j, const JsonPath& path) {
  if (!j.is_object()) wrong_type(j, path, "an object");
  return j;
}

// The field helpers are thin templates over the non-template functions below, so that each
// field of each model adds a call, not another copy of the lookup and the error paths
// (bench/compile/ measures the object size per model).

/// The member `key` of `object` (an object: expect_object), or nullptr when absent.
[[nodiscard]] inline const Json* find_member(const Json& object, std::string_view key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

[[noreturn]] inline void missing_field(const JsonPath& object_path, std::string_view key) {
  throw DecodeError(object_path.field(key).str(), "missing required field");
}

/// The member `key` of `object`, created as null when absent (encoding).
[[nodiscard]] inline Json& member_to_write(Json& object, std::string_view key) {
  return object[std::string(key)];
}

/// A required member: missing -> DecodeError "missing required field".
template <class T>
[[nodiscard]] T decode_field(const Json& object, std::string_view key,
                             const JsonPath& object_path) {
  const Json* value = find_member(object, key);
  if (value == nullptr) missing_field(object_path, key);
  return Codec<T>::decode(*value, object_path.field(key));
}

/// An optional member: absent -> nullopt. A null is a value only when T is Nullable<U>.
template <class T>
[[nodiscard]] std::optional<T> decode_optional_field(const Json& object, std::string_view key,
                                                     const JsonPath& object_path) {
  const Json* value = find_member(object, key);
  if (value == nullptr) return std::nullopt;
  return Codec<T>::decode(*value, object_path.field(key));
}

/// A required member of a tape's object: missing -> DecodeError "missing required field".
/// (oneOf/anyOf readers find their discriminator this way; object readers read every member in
/// one pass: read_member.)
template <class T>
[[nodiscard]] T decode_field(JsonRef object, std::string_view key, const JsonPath& object_path) {
  for (const auto& [name, value] : object.members()) {
    if (name == key) return Codec<T>::read(value, object_path.field(key));
  }
  missing_field(object_path, key);
}

/// The index in `names` of the member name `key`, or names.size() for a member the model does
/// not have. `next` is where the search starts (the member after the last one found: members
/// usually come in the description's order, so most names are found at the first comparison).
template <std::size_t N>
[[nodiscard]] std::size_t member_index(const std::array<std::string_view, N>& names,
                                       std::string_view key, std::size_t& next) noexcept {
  for (std::size_t k = 0; k < N; ++k) {
    const std::size_t i = next + k < N ? next + k : next + k - N;
    if (names[i] == key) {
      next = i + 1;
      return i;
    }
  }
  return N;
}

/// Reads the member `m` into its slot (an object reader's one pass over the members).
template <class T>
void read_member(std::optional<T>& slot, const JsonMember& m, const JsonPath& object_path) {
  slot.emplace(Codec<T>::read(m.value, object_path.field(m.key)));
}

/// The value of a required member read by read_member; missing -> DecodeError.
template <class T>
[[nodiscard]] T required_member(std::optional<T>&& slot, std::string_view key,
                                const JsonPath& object_path) {
  if (!slot) missing_field(object_path, key);
  return std::move(*slot);
}

template <class T>
void encode_field(Json& object, std::string_view key, const T& v, const EncodeOptions& options) {
  Codec<T>::encode(member_to_write(object, key), v, options);
}

template <class T>
void encode_optional_field(Json& object, std::string_view key, const std::optional<T>& v,
                           const EncodeOptions& options) {
  if (v) encode_field(object, key, *v, options);
}

/// Writes a model as compact JSON with secrets redacted (models' operator<<).
template <class T>
std::ostream& print_model(std::ostream& os, const T& v) {
  try {
    os << encode(v, EncodeOptions{.redact_secrets = true})
              .dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (const Error& e) {
    os << "<unprintable: " << e.what() << ">";
  }
  return os;
}

}  // namespace detail

/// The JSON text of a request body, read-only members left out. Text that is not valid UTF-8
/// is a ValidationError, raised before anything is sent.
template <class T>
[[nodiscard]] std::string encode_request_body(const T& body) {
  const Json json = encode(body, EncodeOptions{.omit_read_only = true});
  try {
    return json.dump();
  } catch (const Json::exception&) {
    throw ValidationError("body", "holds text that is not valid UTF-8");
  }
}

namespace detail {
/// Why a JsonTape refused a text, for messages.
inline constexpr const char* not_json_text =
    "the body is not valid JSON (or nests too deeply, or names a member twice)";
}  // namespace detail

/// Parses JSON text; throws DecodeError (never nlohmann's parse_error). Text nesting deeper
/// than max_json_depth, or naming a member of one object twice, is refused like invalid JSON:
/// the text is read as decode_text reads it (a JsonTape), then made a DOM.
[[nodiscard]] inline Json parse_json(std::string_view text) {
  JsonTape tape;
  if (!tape.read(text)) throw DecodeError("", detail::not_json_text);
  return tape.root().to_json();
}

/// Decodes JSON text as a T, with no DOM in between (a JsonTape); throws DecodeError. Text
/// that is not JSON, nests deeper than max_json_depth or names a member of one object twice is
/// refused as not JSON.
template <class T>
[[nodiscard]] T decode_text(std::string_view text, const JsonPath& path = {}) {
  JsonTape tape;
  if (!tape.read(text)) throw DecodeError(path.str(), detail::not_json_text);
  return Codec<T>::read(tape.root(), path);
}

}  // namespace arize

/// nlohmann integration: `nlohmann::json j = model;` and `j.get<arize::ApiKey>()` work for
/// every generated model (decoding failures throw arize::DecodeError).
template <arize::Model T>
struct nlohmann::adl_serializer<T> {
  static T from_json(const nlohmann::json& j) { return arize::decode<T>(j); }
  static void to_json(nlohmann::json& j, const T& v) { j = arize::encode(v); }
};
