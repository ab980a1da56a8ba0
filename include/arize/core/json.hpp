// JSON decoding and encoding of generated models, on nlohmann/json.
//
// decode<T>(json, path) turns JSON into T or throws arize::DecodeError naming the path of the
// offending value ("api_keys[3].created_at"); it never lets an nlohmann exception escape.
// encode(v) is its inverse. Both cover the types generated models are made of:
//   std::string, bool, integers (range-checked), float/double, DateTime, Open<E>, enums,
//   Secret, Nullable<T>, Required<T>, std::vector<T>, std::map<std::string, T>, nlohmann::json,
//   and any model: a type with `static T arize_decode(const json&, const JsonPath&)` and
//   `void arize_encode(json&, const EncodeOptions&) const`.
// encode(v, options) takes its choices (leave read-only members out, redact secrets) as a
// value, passed down to every member: nothing global or thread-local changes what it writes.
// Generated code uses the detail:: field helpers below to keep "absent", "null" and "value"
// apart: an absent optional member is omitted, a null Nullable is written as null, and a null
// where the description does not allow it is a DecodeError, not a silent default.
#pragma once

#include <nlohmann/json.hpp>

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

[[noreturn]] inline void wrong_type(const Json& j, const JsonPath& path,
                                    std::string_view expected) {
  throw DecodeError(path.str(), "expected " + std::string(expected) + ", got " + json_kind(j));
}

}  // namespace detail

// ---- scalars ------------------------------------------------------------------------------

template <>
struct Codec<std::string> {
  static std::string decode(const Json& j, const JsonPath& path) {
    if (!j.is_string()) detail::wrong_type(j, path, "a string");
    return j.get_ref<const std::string&>();
  }
  static void encode(Json& out, const std::string& v, const EncodeOptions&) { out = v; }
};

template <>
struct Codec<bool> {
  static bool decode(const Json& j, const JsonPath& path) {
    if (!j.is_boolean()) detail::wrong_type(j, path, "a boolean");
    return j.get<bool>();
  }
  static void encode(Json& out, bool v, const EncodeOptions&) { out = v; }
};

template <std::integral T>
requires(!std::same_as<T, bool>) struct Codec<T> {
  static T decode(const Json& j, const JsonPath& path) {
    if (j.is_number_unsigned()) {
      const auto v = j.get<std::uint64_t>();
      if (std::in_range<T>(v)) return static_cast<T>(v);
    } else if (j.is_number_integer()) {
      const auto v = j.get<std::int64_t>();
      if (std::in_range<T>(v)) return static_cast<T>(v);
    } else if (j.is_number_float()) {
      // JSON Schema counts 5.0 as an integer; 5.5 is not one.
      const double v = j.get<double>();
      if (std::trunc(v) == v && v >= static_cast<double>(std::numeric_limits<T>::min()) &&
          v < std::ldexp(1.0, std::numeric_limits<T>::digits)) {
        return static_cast<T>(v);
      }
      if (std::trunc(v) != v) detail::wrong_type(j, path, "an integer");
    } else {
      detail::wrong_type(j, path, "an integer");
    }
    throw DecodeError(path.str(), "integer " + j.dump() + " is out of range for this field");
  }
  static void encode(Json& out, T v, const EncodeOptions&) { out = v; }
};

template <std::floating_point T>
struct Codec<T> {
  static T decode(const Json& j, const JsonPath& path) {
    if (!j.is_number()) detail::wrong_type(j, path, "a number");
    const double v = j.get<double>();
    if (std::isfinite(v) && std::abs(v) > static_cast<double>(std::numeric_limits<T>::max())) {
      throw DecodeError(path.str(), "number " + j.dump() + " is out of range for this field");
    }
    return static_cast<T>(v);
  }
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
  static DateTime decode(const Json& j, const JsonPath& path) {
    if (!j.is_string()) detail::wrong_type(j, path, "an RFC 3339 date-time string");
    const auto& s = j.get_ref<const std::string&>();
    if (auto tp = try_parse_datetime(s)) return *tp;
    throw DecodeError(path.str(),
                      "expected an RFC 3339 date-time, got " + detail::quote_excerpt(s));
  }
  static void encode(Json& out, DateTime v, const EncodeOptions&) { out = format_datetime(v); }
};

template <>
struct Codec<Secret> {
  /// A secret the process receives (a raw key, whichever API decoded it: the facade, raw(),
  /// or arize::decode) is remembered by Redactor::global(), so that server text echoing it
  /// later shows "[REDACTED]".
  static Secret decode(const Json& j, const JsonPath& path) {
    if (!j.is_string()) detail::wrong_type(j, path, "a string");
    Secret secret(j.get<std::string>());
    Redactor::global().remember(secret);
    return secret;
  }
  static void encode(Json& out, const Secret& v, const EncodeOptions& options) {
    out = options.redact_secrets ? std::string(Secret::redacted_text) : v.reveal();
  }
};

template <>
struct Codec<Json> {
  static Json decode(const Json& j, const JsonPath&) { return j; }
  static void encode(Json& out, const Json& v, const EncodeOptions&) { out = v; }
};

namespace detail {
/// The text of a JSON string, or a DecodeError.
[[nodiscard]] inline const std::string& string_ref(const Json& j, const JsonPath& path) {
  if (!j.is_string()) wrong_type(j, path, "a string");
  return j.get_ref<const std::string&>();
}
}  // namespace detail

template <WireEnum E>
struct Codec<Open<E>> {
  static Open<E> decode(const Json& j, const JsonPath& path) {
    return Open<E>::from_wire(detail::string_ref(j, path));
  }
  static void encode(Json& out, const Open<E>& v, const EncodeOptions&) {
    out = std::string(v.wire());
  }
};

template <WireEnum E>
struct Codec<E> {
  static E decode(const Json& j, const JsonPath& path) {
    if (!j.is_string()) detail::wrong_type(j, path, "a string");
    if (auto e = enum_from_wire<E>(j.get_ref<const std::string&>())) return *e;
    throw DecodeError(path.str(), "unknown " + std::string(EnumTraits<E>::name) + " value " +
                                      detail::quote_excerpt(j.get_ref<const std::string&>()));
  }
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
  static void encode(Json& out, const Required<T>& v, const EncodeOptions& options) {
    Codec<T>::encode(out, v.get(), options);
  }
};

template <Model T>
struct Codec<T> {
  static T decode(const Json& j, const JsonPath& path) { return T::arize_decode(j, path); }
  static void encode(Json& out, const T& v, const EncodeOptions& options) {
    v.arize_encode(out, options);
  }
};

// ---- helpers for generated code -----------------------------------------------------------

namespace detail {

[[nodiscard]] inline const Json& expect_object(const Json& j, const JsonPath& path) {
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

/// The deepest nesting of arrays and objects the client reads. Copying, printing and
/// destroying a nlohmann DOM recurse once per level (only parsing does not): bounding the depth
/// where text becomes a DOM bounds the stack every later walk uses. No Arize body nests deeper
/// than a handful of levels.
inline constexpr int max_json_depth = 256;

namespace detail {
/// Parses JSON text; a discarded value (is_discarded()) when it is not JSON or nests deeper
/// than max_json_depth (the parts too deep are never built). With `first_object`, the first
/// complete top-level object is copied there even when bytes after it make the text invalid (a
/// lenient reading, to salvage a raw key). Every parse of the runtime goes through here: each
/// input type given to Json::parse instantiates nlohmann's whole lexer and parser again
/// (bench/compile/ found two copies in every object file).
[[nodiscard]] inline Json parse_json_or_discarded(std::string_view text,
                                                  Json* first_object = nullptr) {
  bool too_deep = false;
  const Json::parser_callback_t bound = [&too_deep, first_object](
                                            int depth, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) {
      if (depth >= max_json_depth) too_deep = true;
    } else if (event == Json::parse_event_t::object_end && depth == 0 && first_object != nullptr &&
               !too_deep) {
      *first_object = parsed;  // a copy: `parsed` is still the result
    }
    return !too_deep;
  };
  Json j = Json::parse(text, bound, /*allow_exceptions=*/false);
  if (too_deep) return Json(Json::value_t::discarded);
  return j;
}

/// Why parse_json_or_discarded gave a discarded value, for messages.
inline constexpr const char* not_json_text = "the body is not valid JSON (or nests too deeply)";
}  // namespace detail

/// Parses JSON text; throws DecodeError (never nlohmann's parse_error). Text nesting deeper
/// than max_json_depth is refused like invalid JSON.
[[nodiscard]] inline Json parse_json(std::string_view text) {
  Json j = detail::parse_json_or_discarded(text);
  if (j.is_discarded()) throw DecodeError("", detail::not_json_text);
  return j;
}

}  // namespace arize

/// nlohmann integration: `nlohmann::json j = model;` and `j.get<arize::ApiKey>()` work for
/// every generated model (decoding failures throw arize::DecodeError).
template <arize::Model T>
struct nlohmann::adl_serializer<T> {
  static T from_json(const nlohmann::json& j) { return arize::decode<T>(j); }
  static void to_json(nlohmann::json& j, const T& v) { j = arize::encode(v); }
};
