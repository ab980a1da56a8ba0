// What every built-in transport (HttplibTransport, async/BeastTransport) shares about failures:
// the requests refused before anything is sent, the option checks that do not depend on the
// HTTP library, and the TransportError of each kind with its one message, so that the same
// failure reads the same whichever transport met it. Standard library only (no cpp-httplib,
// no OpenSSL, no Boost).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// What the request is, for messages: "POST /v2/api-keys to https://host[ via proxy ...]".
inline std::string describe_request(const HttpRequest& request, const HttplibTransportOptions& o,
                                    const BaseUrl& base) {
  return request.method + " " + request.path + " to " + base.origin() +
         (o.proxy ? " via proxy " + o.proxy->display() : std::string());
}

/// The options checks that do not depend on the HTTP library (throws ConfigError): CA settings
/// against the scheme, the size cap, the timeouts, a proxy's own settings.
inline void check_transport_options(const HttplibTransportOptions& options, const BaseUrl& base) {
  if (base.scheme == "https") {
    if (options.ca_file && !std::ifstream(*options.ca_file)) {
      throw ConfigError("the CA file \"" + *options.ca_file + "\" cannot be read");
    }
  } else if (options.ca_file || options.ca_dir) {
    throw ConfigError("a CA file or directory was given for an http:// base URL");
  }
  if (options.max_response_bytes == 0) throw ConfigError("max_response_bytes must be positive");
  for (const auto t : {options.connect_timeout, options.read_timeout, options.write_timeout,
                       options.request_timeout}) {
    if (t <= std::chrono::milliseconds::zero()) throw ConfigError("timeouts must be positive");
  }
  if (options.proxy) {
    if (options.proxy->host.empty()) throw ConfigError("the proxy has no host");
    if (options.proxy->port < 1 || options.proxy->port > 65535)
      throw ConfigError("the proxy port must be within 1..65535");
    if (options.proxy->password && !options.proxy->username)
      throw ConfigError("a proxy password was given without a user name");
  }
}

inline bool bad_header_text(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

/// Throws TransportError(invalid_request) for a request no transport may send.
inline void check_request(const HttpRequest& request) {
  const auto refuse = [](const std::string& why) {
    throw TransportError(TransportError::Kind::invalid_request, why, false);
  };
  if (request.method.empty() || request.method.find_first_of(" \r\n\t") != std::string::npos) {
    refuse("invalid HTTP method");
  }
  if (request.path.empty() || request.path.front() != '/')
    refuse("the request path must start with '/'");
  for (const char c : request.path) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '?' || c == '#') {
      refuse("the request path holds a character that must be percent-encoded");
    }
  }
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || bad_header_text(name) || name.find_first_of(" :\t") != std::string::npos) {
      refuse("invalid header name");
    }
    // The value is not quoted: it may be a credential.
    if (bad_header_text(value)) refuse("the value of header \"" + name + "\" holds CR, LF or NUL");
  }
}

/// The TransportError of each failure, with its message ("what" is describe_request's).
struct TransportFailure {
  using Kind = TransportError::Kind;
  const HttpRequest& request;
  const HttplibTransportOptions& options;
  const BaseUrl& base;

  [[nodiscard]] std::string what() const { return describe_request(request, options, base); }
  static std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

  [[nodiscard]] TransportError deadline(std::chrono::steady_clock::duration allowed,
                                        bool sent) const {
    const auto n = std::chrono::duration_cast<std::chrono::milliseconds>(allowed).count();
    return {Kind::timeout,
            what() + ": no complete response within the request deadline (" +
                std::to_string(std::max<std::int64_t>(n, 0)) +
                " ms: request_timeout, or what was left of the retry budget)",
            sent};
  }
  [[nodiscard]] TransportError too_large() const {
    return {Kind::response_too_large,
            what() + ": the response is larger than " + std::to_string(options.max_response_bytes) +
                " bytes (max_response_bytes)",
            true};
  }
  [[nodiscard]] TransportError connect() const {
    return {Kind::connect, what() + ": could not connect", false};
  }
  [[nodiscard]] TransportError connect_timeout() const {
    return {Kind::timeout, what() + ": no connection within " + ms(options.connect_timeout), false};
  }
  [[nodiscard]] TransportError tls_handshake() const {
    return {Kind::tls, what() + ": the TLS handshake failed", false};
  }
  [[nodiscard]] TransportError tls_certs_not_loaded() const {
    return {Kind::tls, what() + ": the CA certificates could not be loaded", false};
  }
  /// `reason`: OpenSSL's X509_verify_cert_error_string of the verification result.
  [[nodiscard]] TransportError tls_rejected(std::string_view reason) const {
    return {Kind::tls,
            what() + ": the server's certificate was not accepted (" + std::string(reason) + ")",
            false};
  }
  [[nodiscard]] TransportError tls_wrong_host() const {
    return {Kind::tls, what() + ": the server's certificate does not name this host", false};
  }
  [[nodiscard]] TransportError send() const {
    return {Kind::send, what() + ": sending the request failed or timed out", true};
  }
  [[nodiscard]] TransportError read_timeout() const {
    return {Kind::timeout,
            what() + ": no response within the read timeout of " + ms(options.read_timeout), true};
  }
  [[nodiscard]] TransportError receive() const {
    return {Kind::receive,
            what() +
                ": no complete response: the connection closed, or the status line or headers "
                "were malformed or too large",
            true};
  }
  [[nodiscard]] TransportError conflicting_length() const {
    return {Kind::receive, what() + ": the response has conflicting Content-Length headers", true};
  }
  [[nodiscard]] TransportError out_of_memory() const {
    return {Kind::response_too_large, what() + ": out of memory while reading the response", true};
  }
  /// An http:// proxy answered a CONNECT with `status`, not 2xx (nothing was sent to the
  /// server; the proxy's headers and body are not quoted).
  [[nodiscard]] TransportError proxy_refused(int status) const {
    return {Kind::connect,
            what() + ": the proxy refused the tunnel (HTTP " + std::to_string(status) + ")", false};
  }
  /// A proxy's answer to CONNECT that could not be read: none (the proxy closed), malformed,
  /// over the head limit, or followed by bytes before the TLS handshake began.
  [[nodiscard]] TransportError proxy_bad_answer() const {
    return {Kind::connect,
            what() +
                ": no usable answer to CONNECT from the proxy (it closed the connection, or its "
                "answer was malformed, too large, or followed by bytes before TLS)",
            false};
  }
  /// The caller cancelled the call (the async client's per-operation cancellation).
  [[nodiscard]] TransportError cancelled(bool sent) const {
    return {Kind::cancelled, what() + ": cancelled", sent};
  }
};

/// One exchange's time, the same rule in every transport: it must be over request_timeout
/// after it started, or at the request's own deadline when that is sooner
/// (HttpRequest::deadline); each step (a connect, a write, a read) ends at its own limit or
/// there, whichever comes first.
struct ExchangeTime {
  using Clock = std::chrono::steady_clock;
  Clock::time_point started;
  Clock::time_point deadline;

  ExchangeTime(const HttpRequest& request, std::chrono::milliseconds request_timeout,
               Clock::time_point start = Clock::now())
      : started(start), deadline(deadline_after(start, request_timeout)) {
    if (request.deadline) deadline = std::min(deadline, *request.deadline);
  }
  /// Whether it was over before the exchange began (nothing may be sent).
  [[nodiscard]] bool spent() const { return deadline <= started; }
  /// When a step that may take `limit` must be over.
  [[nodiscard]] Clock::time_point step_end(std::chrono::milliseconds limit) const {
    return std::min(deadline_after(Clock::now(), limit), deadline);
  }
  /// The exchange's deadline error (`sent`: the request may have reached the server).
  [[nodiscard]] TransportError over(const TransportFailure& failure, bool sent) const {
    return failure.deadline(deadline - started, sent);
  }
  /// What a step that timed out reports: the deadline when it has passed, else `step`.
  [[nodiscard]] TransportError expired(const TransportFailure& failure, bool sent,
                                       TransportError step) const {
    if (Clock::now() >= deadline) return over(failure, sent);
    return step;
  }
};

}  // namespace arize::detail
