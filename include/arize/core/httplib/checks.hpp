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
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// Throws ConfigError for options the transport cannot honour with this base URL and this
/// cpp-httplib.
inline void check_options(const HttplibTransportOptions& options, const BaseUrl& base) {
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

inline bool bad_header_text(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

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

/// Refuses a response whose length is ambiguous: Content-Length given twice with different
/// values (RFC 9110 §8.6: a recipient must treat it as an error; cpp-httplib takes the first,
/// a proxy on the way may take the other).
inline void check_framing(const HttpRequest& request, const HttplibTransportOptions& o,
                          const BaseUrl& base, const httplib::Response& res) {
  std::optional<std::string_view> length;
  for (const auto& [name, value] : res.headers) {
    if (!header_name_equals(name, "Content-Length")) continue;
    if (length && *length != value) {
      throw TransportError(TransportError::Kind::receive,
                           describe_request(request, o, base) +
                               ": the response has conflicting Content-Length headers",
                           true);
    }
    length = value;
  }
}

}  // namespace arize::detail
