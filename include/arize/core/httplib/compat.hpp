// cpp-httplib and OpenSSL for the default transport (httplib_transport.hpp): the ONLY header of
// the client that includes <httplib.h> and OpenSSL's headers, and the one place that switches on
// cpp-httplib's version (CPPHTTPLIB_VERSION) or detects members that differ between versions.
// Every other header of core/httplib/ includes this one; the rest of core/ uses the standard
// library and nlohmann/json only.
#pragma once

// Dropping in: when httplib.h has not been included yet, turn on its OpenSSL support here; when
// it has been included without it, say what to define (the transport needs TLS). With Debian's
// compiled cpp-httplib (libcpp-httplib-dev), compile every file that includes httplib.h with
// exactly `pkg-config --cflags cpp-httplib`: its class layouts depend on those defines.
#ifndef CPPHTTPLIB_HTTPLIB_H
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
// The single include site of <httplib.h>: notices about the version included (its known
// advisories) belong right after it, here.
#include <httplib.h>
#elif !defined(CPPHTTPLIB_OPENSSL_SUPPORT)
#error \
    "arize/core/httplib_transport.hpp: httplib.h was included without OpenSSL support. Define CPPHTTPLIB_OPENSSL_SUPPORT for the whole project (-DCPPHTTPLIB_OPENSSL_SUPPORT, or pkg-config --cflags cpp-httplib) and link -lssl -lcrypto."
#endif
#include "arize/core/httplib_advisories.hpp"  // a notice when cpp-httplib predates advisory fixes

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstddef>
#include <string_view>

namespace arize::detail {

/// major * 10000 + minor * 100 + patch of a "x.y.z" version string.
[[nodiscard]] constexpr int version_number(std::string_view v) {
  int parts[3] = {0, 0, 0};
  std::size_t i = 0;
  for (const char c : v) {
    if (c == '.') {
      if (++i == 3) break;
    } else if (c >= '0' && c <= '9') {
      parts[i] = parts[i] * 10 + (c - '0');
    } else {
      break;
    }
  }
  return parts[0] * 10000 + parts[1] * 100 + parts[2];
}

/// cpp-httplib before the fix of yhirose/cpp-httplib#1590 (pull #1630, July 2023; taken as
/// 0.14.0 to be safe) deadlocks inside SSLClient::connect_with_proxy when the proxy answers the
/// CONNECT with "Connection: close" (a 407 or 403 often does): the call never returns, whatever
/// the timeouts. tests/runtime/loopback_proxy.cpp reproduced it with Debian's 0.11.4. Every
/// version up to at least 0.53.1 also sends Proxy-Authorization inside the tunnel, to the API
/// server itself (ClientImpl::write_request adds it whenever a proxy is set), so proxy
/// credentials with an https:// base URL are refused on every version.
inline constexpr bool httplib_https_proxy_is_safe =
    version_number(CPPHTTPLIB_VERSION) >= version_number("0.14.0");

// Where cpp-httplib's public API differs between the versions users have (Debian 12's 0.11.4,
// Ubuntu 24.04's 0.14, the current 0.5x of vcpkg, Conan and Homebrew), the one place that picks
// a spelling, by detecting the member (version numbers of renames are not all documented).
namespace httplib_compat {

/// The OpenSSL context of an https client: Client::ssl_context() (SSL_CTX*, up to the 0.2x
/// releases); Client::tls_context() (the TLS backend's context as void*; SSL_CTX* with
/// CPPHTTPLIB_OPENSSL_SUPPORT) in current releases.
template <class Client>
[[nodiscard]] SSL_CTX* ssl_context(Client& client) {
  if constexpr (requires { client.ssl_context(); }) {
    return client.ssl_context();
  } else {
    return static_cast<SSL_CTX*>(client.tls_context());
  }
}

/// X509_V_* result of the certificate check of the failed request `result` made by `client`:
/// Client::get_openssl_verify_result() in 0.11-0.2x; Result::ssl_backend_error() (which holds
/// the verify result for Error::SSLServerVerification) in current releases.
template <class Client, class Result>
[[nodiscard]] long verify_result(const Client& client, const Result& result) {
  if constexpr (requires { client.get_openssl_verify_result(); }) {
    return client.get_openssl_verify_result();
  } else {
    return static_cast<long>(result.ssl_backend_error());
  }
}

/// Whether `error` is the host-name check's own failure (Error::SSLServerHostnameVerification,
/// which current releases report apart from other certificate failures; absent in 0.11).
template <class Error>
[[nodiscard]] bool is_hostname_error(Error error) {
  if constexpr (requires { Error::SSLServerHostnameVerification; }) {
    return error == Error::SSLServerHostnameVerification;
  } else {
    return false;
  }
}

/// Sends request targets exactly as given (the transport percent-encodes them itself):
/// Client::set_url_encode(false) up to 0.2x, set_path_encode(false) since. Left on, current
/// releases decode and re-encode the query ("%2F" became "/", "%20" would become "+").
template <class Client>
void send_target_as_given(Client& client) {
  if constexpr (requires { client.set_path_encode(false); }) {
    client.set_path_encode(false);
  } else {
    client.set_url_encode(false);
  }
}

}  // namespace httplib_compat

}  // namespace arize::detail
