// The exceptions the client throws. Everything derives from arize::Error; callers never see
// nlohmann, httplib or OpenSSL exceptions. No message ever holds a bearer token or a raw key:
// the constructors below are where server text enters an exception, and each scrubs it
// through Redactor::global() (secret.hpp), so that a server echoing the token or a raw key
// the process received gets "[REDACTED]" in what(), problem(), body() and headers().
//
//   arize::Error
//   ├── ConfigError       bad options before any request (e.g. no API key)
//   ├── ValidationError   a request breaks a constraint of the spec, or the client is used
//   │                     against its contract (a Pager iterated twice); nothing was sent
//   ├── DecodeError       a response does not match the spec (names the JSON path)
//   │   └── ProtocolError responses that each decode but together break the protocol:
//   │                     pagination that loops or runs empty without end (names the cursor)
//   ├── TransportError    no HTTP response: connect, TLS, timeout, I/O, size limit
//   └── ApiError          the server answered with an error status (and problem body)
//       ├── BadRequestError (400)       ├── UnprocessableEntityError (422)
//       ├── UnauthorizedError (401)     ├── RateLimitError (429)
//       ├── ForbiddenError (403)        └── ServerError (5xx)
//       └── NotFoundError (404)
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arize/core/headers.hpp"
#include "arize/core/http_date.hpp"
#include "arize/core/secret.hpp"

namespace arize {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
/// `text` scrubbed of the process's secrets (Redactor::global()).
[[nodiscard]] inline std::string scrubbed(std::string text) {
  Redactor::global().scrub(text);
  return text;
}

/// Server text quoted in a message: scrubbed of secrets first, then cut to `shown` bytes ("..."
/// marks the cut). In that order: a secret across the cut would leave a prefix of itself.
[[nodiscard]] inline std::string quote_excerpt(std::string_view text, std::size_t shown = 64) {
  const std::string clean = scrubbed(std::string(text));
  std::string out = "\"" + clean.substr(0, shown) + "\"";
  if (clean.size() > shown) out += "...";
  return out;
}
}  // namespace detail

/// The client was configured wrongly (e.g. no API key); raised before any request is sent.
class ConfigError : public Error {
 public:
  explicit ConfigError(const std::string& message) : Error("arize: configuration: " + message) {}
};

/// A request breaks a constraint of the API description (length, range, pattern, ...).
/// Raised before anything is sent.
class ValidationError : public Error {
 public:
  ValidationError(std::string path, std::string message)
      : Error("arize: invalid request: " + (path.empty() ? std::string("body") : path) + ": " +
              message),
        path_(std::move(path)),
        message_(std::move(message)) {}
  /// Where the offending value is, e.g. "body.name" or "limit".
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// What is wrong with it.
  [[nodiscard]] const std::string& reason() const noexcept { return message_; }

 private:
  std::string path_;
  std::string message_;
};

/// A response body does not match the API description: malformed JSON, a missing required
/// field, a wrong type. path() names the place: "api_keys[3].created_at".
class DecodeError : public Error {
 public:
  DecodeError(std::string path, std::string message, std::string context = {})
      : DecodeError(Parts{detail::scrubbed(std::move(path)), detail::scrubbed(std::move(message)),
                          detail::scrubbed(std::move(context))}) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const std::string& reason() const noexcept { return message_; }
  /// The request whose response this was ("GET /v2/api-keys -> 200"), when known.
  [[nodiscard]] const std::string& context() const noexcept { return context_; }
  /// The same error, with the request it came from.
  [[nodiscard]] DecodeError with_context(std::string context) const {
    return DecodeError(path_, message_, std::move(context));
  }

 protected:
  struct Parts {  // already scrubbed
    std::string path, message, context;
  };
  explicit DecodeError(Parts parts)
      : DecodeError(compose(parts.path, parts.message, parts.context), std::move(parts)) {}
  /// For subclasses with their own what().
  DecodeError(const std::string& what, Parts&& parts)
      : Error(what),
        path_(std::move(parts.path)),
        message_(std::move(parts.message)),
        context_(std::move(parts.context)) {}

 private:
  static std::string compose(const std::string& path, const std::string& message,
                             const std::string& context) {
    std::string out = "arize: cannot decode ";
    out += context.empty() ? std::string("JSON") : "response of " + context;
    out += ": ";
    out += path.empty() ? std::string("<root>") : path;
    out += ": ";
    out += message;
    return out;
  }
  std::string path_;
  std::string message_;
  std::string context_;
};

/// A create or refresh the server answered with success, whose response does not decode (or
/// whose success status the operation does not declare). The server has made a key: when the
/// body held it (a JSON object with the secret member as a string, read leniently when the body
/// is not strict JSON), key() holds it, so that it is not lost (it is never in what();
/// key_id() is the id member, when there was one). Thrown by the generated decode_<op> of every
/// operation whose success response has a secret member (format: password), whichever the
/// transport. Catch it as a DecodeError, or as this to keep the key.
class UndecodedKeyError : public DecodeError {
 public:
  /// A secret member of the body, salvaged.
  struct SalvagedSecret {
    std::string member;  ///< its name in the body ("key")
    Secret value;
  };
  /// How much of the body could be read.
  enum class Body {
    json,        ///< valid JSON
    lenient,     ///< not valid JSON; read leniently (bad UTF-8 replaced, trailing bytes ignored)
    unreadable,  ///< not JSON even so (or empty)
  };
  UndecodedKeyError(const DecodeError& cause, std::optional<Secret> key,
                    std::optional<std::string> key_id)
      : UndecodedKeyError(cause, to_list(std::move(key)), std::move(key_id), Body::json) {}
  /// Every salvaged secret is remembered by Redactor::global() before any text is composed, and
  /// the cause's text is scrubbed again: it may have quoted a secret decoded after it.
  UndecodedKeyError(const DecodeError& cause, std::vector<SalvagedSecret> secrets,
                    std::optional<std::string> key_id, Body body)
      : DecodeError(compose(cause, remember(secrets), body),
                    Parts{detail::scrubbed(cause.path()), detail::scrubbed(cause.reason()),
                          detail::scrubbed(cause.context())}),
        secrets_(std::move(secrets)),
        key_(secrets_.empty() ? std::nullopt : std::optional<Secret>(secrets_.front().value)),
        key_id_(key_id ? std::optional(detail::scrubbed(std::move(*key_id))) : std::nullopt),
        body_(body) {}
  /// The (first) secret the body held.
  [[nodiscard]] const std::optional<Secret>& key() const noexcept { return key_; }
  /// Every secret member the body held, in the order the description declares them.
  [[nodiscard]] const std::vector<SalvagedSecret>& secrets() const noexcept { return secrets_; }
  [[nodiscard]] const std::optional<std::string>& key_id() const noexcept { return key_id_; }
  [[nodiscard]] Body body() const noexcept { return body_; }

 private:
  static std::vector<SalvagedSecret> to_list(std::optional<Secret> key) {
    std::vector<SalvagedSecret> out;
    if (key) out.push_back({"key", std::move(*key)});
    return out;
  }
  static const std::vector<SalvagedSecret>& remember(const std::vector<SalvagedSecret>& secrets) {
    for (const auto& s : secrets) Redactor::global().remember(s.value);
    return secrets;
  }
  static std::string compose(const DecodeError& cause, const std::vector<SalvagedSecret>& secrets,
                             Body body) {
    std::string out = detail::scrubbed(cause.what());
    if (!secrets.empty()) {
      out += body == Body::lenient ? " (the body is not valid JSON, but a lenient reading "
                                     "recovered the key the server created: "
                                     "UndecodedKeyError::key() holds it)"
                                   : " (the server created a key: UndecodedKeyError::key() "
                                     "holds it)";
    } else if (body == Body::json) {
      out += " (the server may have created a key; its response held none)";
    } else {
      out +=
          " (the server may have created a key; the body is not valid JSON and no key was "
          "recovered from it)";
    }
    return out;
  }
  std::vector<SalvagedSecret> secrets_;
  std::optional<Secret> key_;
  std::optional<std::string> key_id_;
  Body body_;
};

/// Responses that each decode but together break the API's protocol: a cursor handed back a
/// second time, has_more without a cursor, more consecutive empty pages than
/// ClientOptions::max_consecutive_empty_pages. cursor() is where a new walk would go on (a
/// walk resumed there skips nothing: every page skipped on the way was empty).
class ProtocolError : public DecodeError {
 public:
  ProtocolError(std::string path, std::string message, std::optional<std::string> cursor,
                std::string context = {})
      : ProtocolError(Parts{detail::scrubbed(std::move(path)), detail::scrubbed(std::move(message)),
                            detail::scrubbed(std::move(context))},
                      cursor ? std::optional(detail::scrubbed(std::move(*cursor))) : std::nullopt) {
  }
  /// The cursor the walk had reached (nullopt: the first page).
  [[nodiscard]] const std::optional<std::string>& cursor() const noexcept { return cursor_; }

 private:
  ProtocolError(Parts parts, std::optional<std::string> cursor)
      : DecodeError(compose(parts), std::move(parts)), cursor_(std::move(cursor)) {}
  static std::string compose(const Parts& p) {
    std::string out = "arize: protocol violation";
    if (!p.context.empty()) out += " in " + p.context;
    out += ": " + (p.path.empty() ? std::string("<root>") : p.path) + ": " + p.message;
    return out;
  }
  std::optional<std::string> cursor_;
};

/// No HTTP response was received: the connection, TLS, a timeout or I/O failed, or the
/// response was larger than allowed.
class TransportError : public Error {
 public:
  enum class Kind {
    connect,             ///< could not connect (nothing was sent)
    tls,                 ///< TLS handshake or certificate verification failed (nothing was sent)
    timeout,             ///< a connect/read/write timeout or the overall deadline expired
    send,                ///< writing the request failed (it may have reached the server)
    receive,             ///< reading the response failed (the request reached the server)
    response_too_large,  ///< the response exceeded the configured maximum size
    invalid_request,     ///< the transport refused the request (e.g. CR/LF in a header)
    other,
    cancelled,  ///< the caller cancelled the call (async client); never retried
  };
  TransportError(Kind kind, std::string message, bool request_may_have_been_sent)
      : TransportError(kind,
                       std::make_shared<const std::string>(detail::scrubbed(std::move(message))),
                       request_may_have_been_sent, 1, std::chrono::milliseconds::zero()) {}
  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  /// False only when the request certainly did not reach the server (safe to resend even
  /// a create).
  [[nodiscard]] bool request_may_have_been_sent() const noexcept {
    return request_may_have_been_sent_;
  }
  /// How many times the request was tried before this error was given up on (RetryPolicy),
  /// and over how long, waits included; what() says so when there was more than one attempt:
  /// "... (3 attempts over 1.1 s)".
  [[nodiscard]] int attempts() const noexcept { return attempts_; }
  [[nodiscard]] std::chrono::milliseconds elapsed() const noexcept { return elapsed_; }
  /// The same error, after `attempts` attempts over `elapsed` (the retry layer's).
  [[nodiscard]] TransportError after_attempts(int attempts,
                                              std::chrono::milliseconds elapsed) const {
    return TransportError(kind_, message_, request_may_have_been_sent_, attempts, elapsed);
  }

 private:
  TransportError(Kind kind, std::shared_ptr<const std::string> message,
                 bool request_may_have_been_sent, int attempts, std::chrono::milliseconds elapsed)
      : Error(compose(*message, attempts, elapsed)),
        message_(std::move(message)),
        kind_(kind),
        request_may_have_been_sent_(request_may_have_been_sent),
        attempts_(attempts),
        elapsed_(elapsed) {}
  static std::string compose(const std::string& message, int attempts,
                             std::chrono::milliseconds elapsed) {
    std::string out = "arize: transport: " + message;
    if (attempts > 1) {
      // Tenths of a second, rounded: "over 1.1 s".
      const auto tenths = (std::max<std::int64_t>(elapsed.count(), 0) + 50) / 100;
      out += " (" + std::to_string(attempts) + " attempts over " + std::to_string(tenths / 10) +
             "." + std::to_string(tenths % 10) + " s)";
    }
    return out;
  }
  std::shared_ptr<const std::string> message_;  // scrubbed; shared: copies must not throw
  Kind kind_;
  bool request_may_have_been_sent_;
  int attempts_;
  std::chrono::milliseconds elapsed_;
};

/// An RFC 9457 problem details body. Every member is optional because a server may send a
/// partial or non-conforming body; the whole body text is ApiError::body().
struct ProblemDetails {
  std::optional<std::string> type{};
  std::optional<std::string> title{};
  std::optional<int> status{};
  std::optional<std::string> detail{};
  std::optional<std::string> instance{};
  bool operator==(const ProblemDetails&) const = default;
};

/// The server answered with a status the operation does not declare as success.
class ApiError : public Error {
 public:
  struct Info {
    int status = 0;
    ProblemDetails problem{};
    std::string method{};
    std::string path{};
    std::string operation_id{};
    std::string body{};
    Headers headers{};
  };
  /// Every piece of server text in `info` (problem, body, header values) is scrubbed.
  explicit ApiError(Info info) : ApiError(scrub(std::move(info))) {}

  [[nodiscard]] int status() const noexcept { return info_->status; }
  [[nodiscard]] const ProblemDetails& problem() const noexcept { return info_->problem; }
  /// The request's method and path (the path holds ids, never credentials).
  [[nodiscard]] const std::string& method() const noexcept { return info_->method; }
  [[nodiscard]] const std::string& path() const noexcept { return info_->path; }
  [[nodiscard]] const std::string& operation_id() const noexcept { return info_->operation_id; }
  /// The response body as received (at most 64 KiB of it).
  [[nodiscard]] const std::string& body() const noexcept { return info_->body; }
  [[nodiscard]] const Headers& headers() const noexcept { return info_->headers; }
  /// The server's request id (X-Request-Id or X-Amzn-Requestid header), for support tickets.
  [[nodiscard]] std::optional<std::string> request_id() const {
    for (const char* name : {"X-Request-Id", "X-Amzn-Requestid", "X-Trace-Id"}) {
      if (auto v = info_->headers.get(name)) return std::string(*v);
    }
    return std::nullopt;
  }

 private:
  explicit ApiError(std::shared_ptr<const Info> info)
      : Error(compose(*info)), info_(std::move(info)) {}
  static std::shared_ptr<const Info> scrub(Info info) {
    const Redactor& redactor = Redactor::global();
    if (redactor.size() != 0) {
      for (auto* field : {&info.problem.type, &info.problem.title, &info.problem.detail,
                          &info.problem.instance}) {
        if (*field) redactor.scrub(**field);
      }
      redactor.scrub(info.body);
      Headers headers;
      for (const auto& [name, value] : info.headers) headers.add(name, detail::scrubbed(value));
      info.headers = std::move(headers);
    }
    return std::make_shared<const Info>(std::move(info));
  }
  static std::string compose(const Info& info) {
    std::string out = "arize: " + info.method + " " + info.path + " failed with HTTP " +
                      std::to_string(info.status);
    if (info.problem.title) out += ": " + *info.problem.title;
    if (info.problem.detail) out += ": " + *info.problem.detail;
    return out;
  }
  std::shared_ptr<const Info> info_;  // shared: exceptions must copy without throwing
};

#define ARIZE_DEFINE_API_ERROR(Name) \
  class Name : public ApiError {     \
   public:                           \
    using ApiError::ApiError;        \
  }
ARIZE_DEFINE_API_ERROR(BadRequestError);           // 400
ARIZE_DEFINE_API_ERROR(UnauthorizedError);         // 401
ARIZE_DEFINE_API_ERROR(ForbiddenError);            // 403
ARIZE_DEFINE_API_ERROR(NotFoundError);             // 404
ARIZE_DEFINE_API_ERROR(UnprocessableEntityError);  // 422
ARIZE_DEFINE_API_ERROR(ServerError);               // 5xx
#undef ARIZE_DEFINE_API_ERROR

/// 429: too many requests. The client's retry layer has already waited and retried an
/// idempotent call (RetryPolicy); a create or refresh only with
/// RetryPolicy::retry_non_idempotent_on_429.
class RateLimitError : public ApiError {
 public:
  using ApiError::ApiError;
  /// How long the server asked to wait: its Retry-After header, in seconds ("30") or as an
  /// HTTP-date ("Wed, 21 Oct 2026 07:28:00 GMT", counted from `now`; a past date gives zero).
  /// nullopt when the header is absent or malformed. The same parser as the retry layer's
  /// (parse_retry_after).
  [[nodiscard]] std::optional<std::chrono::milliseconds> retry_after(
      std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const {
    const auto value = headers().get("Retry-After");
    if (!value) return std::nullopt;
    return parse_retry_after(*value, now);
  }
};

}  // namespace arize
