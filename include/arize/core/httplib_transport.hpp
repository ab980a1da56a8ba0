// The default transport: cpp-httplib over OpenSSL.
//
// - http:// and https:// base URLs; certificates are verified by default against OpenSSL's
//   default CA paths, or against `ca_file` / `ca_dir`. There is no switch to turn checks off.
// - Keep-alive: connections are pooled and reused across calls.
// - Separate connect, read and write timeouts (each bounds one socket operation); the overall
//   deadline across retries is the retry layer's (retry.hpp).
// - A maximum response size: a larger body is cut off with TransportError(response_too_large).
// - An optional HTTP proxy (proxy.hpp): absolute-form requests for http://, a CONNECT tunnel
//   for https:// (TLS and the certificate check stay end to end); Basic proxy authentication.
//   With cpp-httplib older than 0.14 an https:// base URL with a proxy is a ConfigError: the
//   CONNECT path of those versions can deadlock (detail::httplib_https_proxy_is_safe).
// - Header values holding CR, LF or NUL are refused before anything is sent: upstream
//   cpp-httplib checks them (CVE-2023-26130) only from 0.12.4; Debian's 0.11.4+ds-1+deb12u1
//   has the fix backported, other builds of 0.11.4 do not.
// - Limits on the response head: what bounds a header section or a chunk-size line is
//   cpp-httplib's own reader. 0.11.4 checks a header line against CPPHTTPLIB_HEADER_MAX_LENGTH
//   (8192) only after reading the whole line into memory, and counts neither header lines nor
//   the bytes of a chunk-size line; the client cannot enforce these limits itself on such a
//   version through the public API: the response handler and content receiver run only after
//   the whole header section was read, set_socket_options sees the socket before it connects
//   but not the reads, and an https stream is read inside OpenSSL. What bounds such a response
//   on every version is time (request_timeout, the retry budget; the watchdog below stops the
//   read) and, failing memory, std::bad_alloc, reported as response_too_large.
//
// Thread-safety: send() may be called from several threads at once. cpp-httplib's Client
// serves one request at a time, so each call borrows a connection from a pool (or opens a new
// one) and gives it back when the response has been read; at most `max_idle_connections`
// stay open between calls.
//
// The parts, in core/httplib/: compat.hpp (the one include of cpp-httplib and OpenSSL, and
// what differs between their versions), tls.hpp (host policy, CA setup), watchdog.hpp (the
// deadline thread), pool.hpp (the connection pool), checks.hpp (options, requests and
// responses refused), errors.hpp (cpp-httplib's errors as TransportError kinds).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <utility>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/httplib/checks.hpp"
#include "arize/core/httplib/compat.hpp"
#include "arize/core/httplib/errors.hpp"
#include "arize/core/httplib/pool.hpp"
#include "arize/core/httplib/watchdog.hpp"
#include "arize/core/proxy.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_options.hpp"
#include "arize/version.hpp"

namespace arize {

namespace detail {
/// The most a response body reserves ahead of its bytes (from its Content-Length).
inline constexpr std::uint64_t max_body_reserve = 1024 * 1024;
}  // namespace detail

class HttplibTransport {
 public:
  /// Checks the options (throws ConfigError); opens no connection yet.
  explicit HttplibTransport(HttplibTransportOptions options = {})
      : state_(std::make_shared<State>(std::move(options))) {}

  [[nodiscard]] const HttplibTransportOptions& options() const noexcept { return state_->options; }
  [[nodiscard]] const BaseUrl& base_url() const noexcept { return state_->base; }

  /// Sends one request. Throws TransportError when no complete response was received; every
  /// HTTP status comes back as a response.
  HttpResponse send(const HttpRequest& request) {
    detail::check_request(request);
    httplib::Request req;
    req.method = request.method;
    req.path = state_->base.prefix + request.target();
    // As given: the User-Agent is the caller's (arize::Client adds ClientOptions::user_agent).
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    if (request.body) req.body = *request.body;

    HttpResponse out;
    bool too_large = false;
    const std::size_t limit = state_->options.max_response_bytes;
    const auto started = std::chrono::steady_clock::now();
    auto last_progress = started;  // when the last bytes of the body arrived
    req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t offset,
                               std::uint64_t total) {
      if (n > limit - out.body.size()) {
        too_large = true;
        return false;
      }
      // The announced length (0: chunked), reserved at once rather than grown into by
      // doubling; within the size cap and detail::max_body_reserve, so that a Content-Length
      // that lies costs at most that much memory ahead of the bytes that come.
      if (offset == 0 && total > n)
        out.body.reserve(static_cast<std::size_t>(
            std::min<std::uint64_t>({total, limit, detail::max_body_reserve})));
      out.body.append(data, n);
      last_progress = std::chrono::steady_clock::now();
      return true;
    };

    detail::PooledClient pooled = state_->pool.borrow();
    httplib::Client& client = *pooled.client;
    const detail::TransportFailure failure{request, state_->options, state_->base};
    const detail::ExchangeTime time(request, state_->options.request_timeout, started);
    if (time.spent()) throw time.over(failure, false);
    const auto ticket = state_->watchdog.arm(client, time.deadline);
    std::optional<httplib::Result> result;
    try {
      result.emplace(client.send(req));
    } catch (const std::bad_alloc&) {  // a flood of headers, with cpp-httplib < 0.1x's no cap
      (void)state_->watchdog.disarm(ticket);
      throw failure.out_of_memory();
    }
    const bool cut_off = state_->watchdog.disarm(ticket);
    if (!*result || result->error() != httplib::Error::Success) {
      // A failed connection is not reused.
      if (cut_off && !too_large) throw time.over(failure, true);
      detail::throw_error(request, state_->options, state_->base,
                          too_large ? httplib::Error::Canceled : result->error(), too_large,
                          std::chrono::steady_clock::now() - last_progress,
                          detail::httplib_compat::verify_result(client, *result));
    }
    const httplib::Response& res = result->value();
    detail::check_framing(request, state_->options, state_->base, res);
    if (!cut_off) state_->pool.give_back(std::move(pooled));  // a stopped one has lost its socket
    out.status = res.status;
    for (const auto& [name, value] : res.headers) out.headers.add(name, value);
    return out;
  }

 private:
  struct State {
    explicit State(HttplibTransportOptions o)
        : options(std::move(o)), base(BaseUrl::parse(options.base_url)) {
      detail::check_options(options, base);
    }

    HttplibTransportOptions options;
    BaseUrl base;
    detail::ConnectionPool pool{options, base};  // after the two it refers to
    detail::DeadlineWatchdog watchdog;           // last: destroyed (joined) first
  };

  std::shared_ptr<State> state_;  // shared: copies of a transport share one connection pool
};

}  // namespace arize
