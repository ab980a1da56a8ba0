// The default transport's errors: what cpp-httplib reports (httplib::Error, a deadline the
// watchdog enforced) as TransportError of the right kind, with a message naming the request and
// never its headers or body (the messages are transport_errors.hpp's, shared with the async
// transport).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/httplib/compat.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_errors.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// `idle`: how long before the failure the last bytes of the response arrived (or the
/// request started): cpp-httplib reports a read timeout and a dropped connection alike.
[[noreturn]] inline void throw_error(const HttpRequest& request, const HttplibTransportOptions& o,
                                     const BaseUrl& base, httplib::Error error, bool too_large,
                                     std::chrono::steady_clock::duration idle, long verify_result) {
  const TransportFailure failure{request, o, base};
  if (too_large) throw failure.too_large();
  switch (error) {
    case httplib::Error::Connection: throw failure.connect();
    case httplib::Error::ConnectionTimeout: throw failure.connect_timeout();
    case httplib::Error::SSLConnection: throw failure.tls_handshake();
    case httplib::Error::SSLLoadingCerts: throw failure.tls_certs_not_loaded();
    case httplib::Error::SSLServerVerification:
      throw failure.tls_rejected(X509_verify_cert_error_string(verify_result));
    case httplib::Error::Write: throw failure.send();
    case httplib::Error::Read:
      // A read timeout means nothing arrived for read_timeout; bytes arriving shortly before
      // the failure mean the connection was dropped (a reset after a slow body, for one).
      if (idle >= o.read_timeout) throw failure.read_timeout();
      // cpp-httplib reports a header section it refuses (over its line or count limits, in
      // releases that have them; malformed) as the same Read error.
      throw failure.receive();
    default:
      if (httplib_compat::is_hostname_error(error)) throw failure.tls_wrong_host();
      throw TransportError(TransportError::Kind::other,
                           failure.what() + ": " + httplib::to_string(error), true);
  }
}

}  // namespace arize::detail
