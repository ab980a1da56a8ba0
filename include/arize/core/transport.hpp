// The HTTP boundary: requests and responses as values, and the Transport concept.
//
// Generated endpoint classes build an HttpRequest, hand it to a Transport and decode the
// HttpResponse. Anything with `HttpResponse send(const HttpRequest&)` is a Transport: the
// default HttplibTransport (httplib_transport.hpp), the retrying and authenticating layers
// of the client, a recording transport in tests, or a user's own (libcurl, Beast, a proxy).
#pragma once

#include <algorithm>
#include <cctype>
#include <chrono>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arize/core/headers.hpp"
#include "arize/core/url.hpp"

namespace arize {

namespace detail {
/// `from + after`, or the latest representable time point when that sum would not fit
/// (steady_clock counts nanoseconds: a user's duration of a few centuries already overflows it).
/// A negative `after` counts as zero.
[[nodiscard]] inline std::chrono::steady_clock::time_point deadline_after(
    std::chrono::steady_clock::time_point from, std::chrono::milliseconds after) {
  using Clock = std::chrono::steady_clock;
  if (after <= std::chrono::milliseconds::zero()) return from;
  const auto room =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::time_point::max() - from);
  if (after >= room) return Clock::time_point::max();
  return from + after;
}
}  // namespace detail

/// One HTTP request, transport-neutral.
struct HttpRequest {
  /// "GET", "POST", "DELETE", ...
  std::string method;
  /// The path, already percent-encoded, without the query: "/v2/api-keys/QXBp%2B1".
  std::string path;
  /// Query parameters as raw (not yet encoded) name/value pairs, in order.
  std::vector<std::pair<std::string, std::string>> query{};
  Headers headers{};
  /// The body, if any (its Content-Type is in headers).
  std::optional<std::string> body{};
  /// The OpenAPI operationId, e.g. "list_api_keys" (for logs, errors and retry policies).
  std::string operation_id{};
  /// Whether sending this request twice has the effect of sending it once (GET, DELETE, ...).
  /// Retry layers resend non-idempotent requests only when they surely did not reach the server.
  bool idempotent = false;
  /// When the whole exchange must be over (the retry layer sets it from its time budget).
  /// A transport that can enforce it ends the request there with TransportError(timeout).
  std::optional<std::chrono::steady_clock::time_point> deadline{};

  /// The request target: path plus the percent-encoded query ("/v2/api-keys?limit=10").
  [[nodiscard]] std::string target() const {
    std::string out = path;
    char sep = '?';
    for (const auto& [name, value] : query) {
      out += sep;
      out += url::encode_query_component(name);
      out += '=';
      out += url::encode_query_component(value);
      sep = '&';
    }
    return out;
  }
};

/// One HTTP response.
struct HttpResponse {
  int status = 0;
  Headers headers{};
  std::string body{};
};

/// Anything that can send an HttpRequest and return the HttpResponse. A transport reports
/// network failures by throwing arize::TransportError; it returns every HTTP status as a
/// response (turning statuses into exceptions is the caller's job).
template <class T>
concept Transport = requires(T& t, const HttpRequest& request) {
  { t.send(request) } -> std::convertible_to<HttpResponse>;
};

}  // namespace arize
