// What the default transport refuses: options it cannot honour (ConfigError, when it is
// constructed), requests it must not send (TransportError(invalid_request), before anything is
// sent) and responses whose framing is ambiguous (TransportError(receive)).
#pragma once

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/headers.hpp"
#include "arize/core/httplib/compat.hpp"
#include "arize/core/httplib/errors.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_errors.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// Throws ConfigError for options the transport cannot honour with this base URL and this
/// cpp-httplib.
inline void check_options(const HttplibTransportOptions& options, const BaseUrl& base) {
  check_transport_options(options, base);
  if (options.proxy) {
    if (base.scheme == "https" && options.proxy->username) {
      throw ConfigError(
          "proxy credentials with an https:// base URL are refused: cpp-httplib (0.11.4 up "
          "to at least 0.53.1) also sends Proxy-Authorization inside the TLS tunnel, to the "
          "API server itself; use a proxy that does not need credentials for the CONNECT");
    }
    if (base.scheme == "https" && !httplib_https_proxy_is_safe) {
      throw ConfigError(std::string("https:// through a proxy is disabled with cpp-httplib ") +
                        CPPHTTPLIB_VERSION +
                        ": it can hang for ever when the proxy refuses the CONNECT "
                        "(yhirose/cpp-httplib#1590, fixed in 0.14); build against "
                        "cpp-httplib 0.14 or later, or reach the API without a proxy");
    }
  }
}

/// Refuses a response whose length is ambiguous: Content-Length given twice with different
/// values (RFC 9110 §8.6: a recipient must treat it as an error; cpp-httplib takes the first,
/// a proxy on the way may take the other).
inline void check_framing(const HttpRequest& request, const HttplibTransportOptions& o,
                          const BaseUrl& base, const httplib::Response& res) {
  std::optional<std::string_view> length;
  for (const auto& [name, value] : res.headers) {
    if (!header_name_equals(name, "Content-Length")) continue;
    if (length && *length != value) {
      throw TransportFailure{request, o, base}.conflicting_length();
    }
    length = value;
  }
}

}  // namespace arize::detail
