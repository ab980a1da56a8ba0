// From an HttpResponse to a result: decode a declared success response, or throw the ApiError
// of the response's status family. Used by generated endpoint classes.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arize/core/errors.hpp"
#include "arize/core/json.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/validation.hpp"

namespace arize {

/// Replaces the process's secrets (Redactor::global(): the token, raw keys received) in every
/// string of `j`, member names included, with "[REDACTED]"; true when anything was replaced.
/// For JSON a program shows (the arize-keys CLI's --output json).
inline bool redact_json_secrets(Json& j) {
  // An explicit stack, not recursion: `j` may nest as deep as its maker liked.
  const Redactor& redactor = Redactor::global();
  bool replaced = false;
  std::vector<Json*> pending{&j};
  while (!pending.empty()) {
    Json& value = *pending.back();
    pending.pop_back();
    if (value.is_string()) {
      replaced = redactor.scrub(value.get_ref<std::string&>()) || replaced;
    } else if (value.is_array()) {
      for (auto& element : value) pending.push_back(&element);
    } else if (value.is_object()) {
      auto& members = value.get_ref<Json::object_t&>();
      std::vector<std::pair<std::string, std::string>> renamed;  // (as received, scrubbed)
      for (const auto& member : members) {
        std::string name = member.first;
        if (redactor.scrub(name)) renamed.emplace_back(member.first, std::move(name));
      }
      for (auto& [from, to] : renamed) {
        Json moved = std::move(members.at(from));
        members.erase(from);
        members[to] = std::move(moved);
        replaced = true;
      }
      for (auto& member : members) pending.push_back(&member.second);
    }
  }
  return replaced;
}

namespace detail {
inline constexpr std::size_t max_error_body = 64 * 1024;

/// "GET /v2/api-keys -> 200", for error messages (the query is left out: it is not needed to
/// find the call and may hold identifiers the caller did not mean to log).
[[nodiscard]] inline std::string describe(const HttpRequest& request,
                                          const HttpResponse& response) {
  return request.method + " " + request.path + " -> " + std::to_string(response.status);
}

/// The body an ApiError keeps: at most max_error_body bytes; when it is JSON holding a secret
/// (possibly written with escapes, "\u0074oken", which the ApiError's own scrubbing of the raw
/// text cannot see), the scrubbed JSON re-serialised instead. `parsed`: the body's reading, if
/// it is JSON; `repeated_names`: whether that reading kept a member named twice (the JSON
/// re-serialised then, which holds the last of each name only: an escaped secret in a member
/// left out must not come back through the raw text).
[[nodiscard]] inline std::string error_body(const std::string& body, std::optional<JsonRef> parsed,
                                            bool repeated_names) {
  if (parsed && Redactor::global().size() != 0) {
    Json copy = parsed->to_json();
    if (redact_json_secrets(copy) || repeated_names) {
      return copy.dump(-1, ' ', false, Json::error_handler_t::replace).substr(0, max_error_body);
    }
  }
  std::string scrubbed = body;  // before cutting: a secret across the cut would leave a prefix
  Redactor::global().scrub(scrubbed);
  scrubbed.resize(std::min(scrubbed.size(), max_error_body));
  return scrubbed;
}

/// The string values of the members named `key` of `object`, in order (a lenient reading may
/// hold a name twice).
template <class F>
void for_each_string_member(JsonRef object, std::string_view key, F&& f) {
  for (const auto& [name, value] : object.members()) {
    if (name == key && value.is_string()) f(value.string());
  }
}

[[nodiscard]] inline ProblemDetails parse_problem(JsonRef j) {
  ProblemDetails p;
  if (!j.is_object()) return p;
  auto text = [&](std::string_view key) {
    std::optional<std::string> found;
    for_each_string_member(j, key, [&](std::string_view v) { found.emplace(v); });  // the last
    return found;
  };
  p.type = text("type");
  p.title = text("title");
  p.detail = text("detail");
  p.instance = text("instance");
  for (const auto& [name, value] : j.members()) {  // the last
    if (name != "status") continue;
    const bool valid = value.kind() == JsonRef::Kind::unsigned_integer &&
                       value.unsigned_integer() >= 100 && value.unsigned_integer() <= 999;
    p.status =
        valid ? std::optional<int>(static_cast<int>(value.unsigned_integer())) : std::nullopt;
  }
  return p;
}
}  // namespace detail

/// Throws the ApiError subclass for the response's status, with its problem body.
[[noreturn]] inline void throw_api_error(const HttpRequest& request, const HttpResponse& response) {
  // The ApiError constructor scrubs secrets from all of this (errors.hpp). A member named twice
  // does not make the body unreadable here: the last one counts, as in most JSON readers.
  JsonTape tape;
  std::optional<JsonRef> parsed;
  bool repeated_names = false;
  if (tape.read(response.body)) {
    parsed = tape.root();
  } else if (tape.read_leniently(response.body, {.repeated_names = true})) {
    parsed = tape.root();
    repeated_names = true;
  }
  ApiError::Info info{
      .status = response.status,
      .problem = parsed ? detail::parse_problem(*parsed) : ProblemDetails{},
      .method = request.method,
      .path = request.path,
      .operation_id = request.operation_id,
      .body = detail::error_body(response.body, parsed, repeated_names),
      .headers = response.headers,
  };
  switch (response.status) {
    case 400: throw BadRequestError(std::move(info));
    case 401: throw UnauthorizedError(std::move(info));
    case 403: throw ForbiddenError(std::move(info));
    case 404: throw NotFoundError(std::move(info));
    case 422: throw UnprocessableEntityError(std::move(info));
    case 429: throw RateLimitError(std::move(info));
    default:
      if (response.status >= 500 && response.status <= 599) throw ServerError(std::move(info));
      throw ApiError(std::move(info));
  }
}

/// Decodes a success response as T, straight from its bytes (a JsonTape, no DOM); a DecodeError
/// names the request and the path.
template <class T>
[[nodiscard]] T decode_response(const HttpRequest& request, const HttpResponse& response) {
  JsonTape tape;
  if (!tape.read(response.body)) {
    throw DecodeError("", detail::not_json_text, detail::describe(request, response));
  }
  try {
    return decode<T>(tape.root(), JsonPath{});
  } catch (const DecodeError& e) {
    throw e.with_context(detail::describe(request, response));
  }
}

namespace detail {
/// `text` with every byte that does not start a valid UTF-8 sequence replaced by '?'.
[[nodiscard]] inline std::string replace_invalid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(text.substr(i), cp);
    if (len == 0) {
      out += '?';
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

/// Reads a body into `tape` leniently: as JSON (a member named twice kept twice); failing
/// that, the first complete top-level value of it (bytes after it ignored), or failing that of
/// it with invalid UTF-8 replaced. Says how much of it could be read (unreadable: `tape` is
/// empty).
[[nodiscard]] inline UndecodedKeyError::Body read_leniently(JsonTape& tape, std::string_view body) {
  if (tape.read_leniently(body, {.repeated_names = true})) return UndecodedKeyError::Body::json;
  constexpr JsonTape::Leniency first_value{.repeated_names = true, .trailing_bytes = true};
  if (tape.read_leniently(body, first_value) && tape.root().is_object()) {
    return UndecodedKeyError::Body::lenient;
  }
  const std::string repaired = replace_invalid_utf8(body);
  if (repaired != body &&
      (tape.read_leniently(repaired, {.repeated_names = true}) ||
       (tape.read_leniently(repaired, first_value) && tape.root().is_object()))) {
    return UndecodedKeyError::Body::lenient;
  }
  return UndecodedKeyError::Body::unreadable;
}

/// Reads the secret members `secret_members` (each string value, remembered by
/// Redactor::global() at once, before anything quotes the body; a name given twice yields both)
/// and the string member `id_member` (its first) of a success body, leniently; says how much of
/// the body could be read.
inline UndecodedKeyError::Body salvage_secrets(
    std::string_view body, std::initializer_list<std::string_view> secret_members,
    std::string_view id_member, std::vector<UndecodedKeyError::SalvagedSecret>& secrets,
    std::optional<std::string>& id) {
  JsonTape tape;
  const UndecodedKeyError::Body reading = read_leniently(tape, body);
  if (reading == UndecodedKeyError::Body::unreadable || !tape.root().is_object()) return reading;
  for (const std::string_view name : secret_members) {
    for_each_string_member(tape.root(), name, [&](std::string_view value) {
      secrets.push_back({std::string(name), Secret(std::string(value))});
      Redactor::global().remember(secrets.back().value);
    });
  }
  if (!id_member.empty()) {
    for_each_string_member(tape.root(), id_member, [&](std::string_view value) {
      if (!id) id.emplace(value);
    });
  }
  return reading;
}
}  // namespace detail

/// The decoding of a success response whose schema has secret members (format: password): the
/// generated decode_<op> of such an operation runs its decoding (`decode`) through this. A 2xx
/// answer means the server made the secret, so it is never lost, whichever the transport: a
/// 2xx body that does not decode, or a 2xx status the operation does not declare (which would
/// otherwise be an ApiError carrying the body, secret included, as text), throws an
/// UndecodedKeyError holding the secret members `secret_members` and the `id_member` found in
/// the body (read leniently). The secrets are remembered before the text of the error is
/// composed: a decoding that fails is run again once they are known, so a quote of the body
/// (cut at 64 bytes) cannot hold a piece of one. A body that decodes is parsed once.
template <class F>
[[nodiscard]] auto decode_keeping_secrets(const HttpRequest& request, const HttpResponse& response,
                                          std::initializer_list<std::string_view> secret_members,
                                          std::string_view id_member, F&& decode)
    -> decltype(decode()) {
  if (response.status < 200 || response.status > 299) return decode();
  try {
    return decode();  // decoding remembers the secrets it reads (Codec<Secret>)
  } catch (const DecodeError&) {
  } catch (const ApiError&) {
  }
  std::vector<UndecodedKeyError::SalvagedSecret> secrets;
  std::optional<std::string> id;
  const auto reading =
      detail::salvage_secrets(response.body, secret_members, id_member, secrets, id);
  try {
    return decode();  // fails as before, its text composed with the secrets known
  } catch (const DecodeError& e) {
    throw UndecodedKeyError(e, std::move(secrets), std::move(id), reading);
  } catch (const ApiError&) {
    throw UndecodedKeyError(DecodeError("",
                                        "status " + std::to_string(response.status) +
                                            " is a success this operation does not declare",
                                        detail::describe(request, response)),
                            std::move(secrets), std::move(id), reading);
  }
}

}  // namespace arize
