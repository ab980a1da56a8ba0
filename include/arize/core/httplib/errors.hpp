// The default transport's errors: what cpp-httplib reports (httplib::Error, a deadline the
// watchdog enforced) as TransportError of the right kind, with a message naming the request and
// never its headers or body.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/httplib/compat.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// What the request is, for messages: "POST /v2/api-keys to https://host[ via proxy ...]".
inline std::string describe_request(const HttpRequest& request, const HttplibTransportOptions& o,
                                    const BaseUrl& base) {
  return request.method + " " + request.path + " to " + base.origin() +
         (o.proxy ? " via proxy " + o.proxy->display() : std::string());
}

[[noreturn]] inline void throw_deadline(const HttpRequest& request,
                                        const HttplibTransportOptions& o, const BaseUrl& base,
                                        std::chrono::steady_clock::duration allowed, bool sent) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(allowed).count();
  throw TransportError(TransportError::Kind::timeout,
                       describe_request(request, o, base) +
                           ": no complete response within the request deadline (" +
                           std::to_string(std::max<std::int64_t>(ms, 0)) +
                           " ms: request_timeout, or what was left of the retry budget)",
                       sent);
}

/// `idle`: how long before the failure the last bytes of the response arrived (or the
/// request started): cpp-httplib reports a read timeout and a dropped connection alike.
[[noreturn]] inline void throw_error(const HttpRequest& request, const HttplibTransportOptions& o,
                                     const BaseUrl& base, httplib::Error error, bool too_large,
                                     std::chrono::steady_clock::duration idle, long verify_result) {
  using Kind = TransportError::Kind;
  const std::string what = describe_request(request, o, base);
  const auto ms = [](std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; };
  if (too_large) {
    throw TransportError(Kind::response_too_large,
                         what + ": the response is larger than " +
                             std::to_string(o.max_response_bytes) + " bytes (max_response_bytes)",
                         true);
  }
  switch (error) {
    case httplib::Error::Connection:
      throw TransportError(Kind::connect, what + ": could not connect", false);
    case httplib::Error::ConnectionTimeout:
      throw TransportError(Kind::timeout, what + ": no connection within " + ms(o.connect_timeout),
                           false);
    case httplib::Error::SSLConnection:
      throw TransportError(Kind::tls, what + ": the TLS handshake failed", false);
    case httplib::Error::SSLLoadingCerts:
      throw TransportError(Kind::tls, what + ": the CA certificates could not be loaded", false);
    case httplib::Error::SSLServerVerification:
      throw TransportError(Kind::tls,
                           what + ": the server's certificate was not accepted (" +
                               X509_verify_cert_error_string(verify_result) + ")",
                           false);
    case httplib::Error::Write:
      throw TransportError(Kind::send, what + ": sending the request failed or timed out", true);
    case httplib::Error::Read:
      // A read timeout means nothing arrived for read_timeout; bytes arriving shortly before
      // the failure mean the connection was dropped (a reset after a slow body, for one).
      if (idle >= o.read_timeout) {
        throw TransportError(
            Kind::timeout, what + ": no response within the read timeout of " + ms(o.read_timeout),
            true);
      }
      // cpp-httplib reports a header section it refuses (over its line or count limits, in
      // releases that have them; malformed) as the same Read error.
      throw TransportError(Kind::receive,
                           what +
                               ": no complete response: the connection closed, or the status "
                               "line or headers were malformed or too large",
                           true);
    default:
      if (httplib_compat::is_hostname_error(error)) {
        throw TransportError(Kind::tls, what + ": the server's certificate does not name this host",
                             false);
      }
      throw TransportError(Kind::other, what + ": " + httplib::to_string(error), true);
  }
}

}  // namespace arize::detail
