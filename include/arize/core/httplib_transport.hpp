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
//
// Thread-safety: send() may be called from several threads at once. cpp-httplib's Client
// serves one request at a time, so each call borrows a connection from a pool (or opens a new
// one) and gives it back when the response has been read; at most `max_idle_connections`
// stay open between calls.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/proxy.hpp"
#include "arize/core/transport.hpp"
#include "arize/version.hpp"

namespace arize {

namespace detail {

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
/// the timeouts. tests/runtime/loopback_proxy.cpp reproduced it with Debian's 0.11.4. 0.11.4
/// also sends Proxy-Authorization inside the tunnel, to the API server itself: before relying on
/// a newer version here, check that it no longer does (the skipped https test in
/// loopback_proxy.cpp is the place to add that check).
inline constexpr bool httplib_https_proxy_is_safe =
    version_number(CPPHTTPLIB_VERSION) >= version_number("0.14.0");

}  // namespace detail

struct HttplibTransportOptions {
  /// scheme://host[:port][/prefix], e.g. "https://api.arize.com" or "http://127.0.0.1:8080".
  std::string base_url = "https://api.arize.com";
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  /// Longest wait for any read of the response (not the whole response).
  std::chrono::milliseconds read_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(60)};
  /// PEM file of trusted CA certificates (https only); default: OpenSSL's default paths.
  std::optional<std::string> ca_file{};
  /// Directory of hashed CA certificates (c_rehash layout).
  std::optional<std::string> ca_dir{};
  /// Largest response body accepted, in bytes.
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  std::string user_agent = ::arize::user_agent;
  bool keep_alive = true;
  std::size_t max_idle_connections = 4;
  /// An HTTP forward proxy; default: none (the environment is not read here).
  std::optional<ProxyConfig> proxy{};
};

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
    check_request(request);
    httplib::Request req;
    req.method = request.method;
    req.path = state_->base.prefix + request.target();
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    if (!request.headers.contains("User-Agent"))
      req.headers.emplace("User-Agent", state_->options.user_agent);
    if (request.body) req.body = *request.body;

    HttpResponse out;
    bool too_large = false;
    const std::size_t limit = state_->options.max_response_bytes;
    req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
      if (n > limit - out.body.size()) {
        too_large = true;
        return false;
      }
      out.body.append(data, n);
      return true;
    };

    std::unique_ptr<httplib::Client> client = state_->borrow();
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    const auto started = std::chrono::steady_clock::now();
    const bool ok = client->send(req, res, error);
    if (!ok || error != httplib::Error::Success) {
      // A failed connection is not reused.
      throw_error(request, too_large ? httplib::Error::Canceled : error, too_large,
                  std::chrono::steady_clock::now() - started, client->get_openssl_verify_result());
    }
    state_->give_back(std::move(client));
    out.status = res.status;
    for (const auto& [name, value] : res.headers) out.headers.add(name, value);
    return out;
  }

 private:
  struct State {
    explicit State(HttplibTransportOptions o)
        : options(std::move(o)), base(BaseUrl::parse(options.base_url)) {
      if (base.scheme == "https") {
        if (options.ca_file && !std::ifstream(*options.ca_file)) {
          throw ConfigError("the CA file \"" + *options.ca_file + "\" cannot be read");
        }
      } else if (options.ca_file || options.ca_dir) {
        throw ConfigError("a CA file or directory was given for an http:// base URL");
      }
      if (options.max_response_bytes == 0) throw ConfigError("max_response_bytes must be positive");
      for (const auto t : {options.connect_timeout, options.read_timeout, options.write_timeout}) {
        if (t <= std::chrono::milliseconds::zero()) throw ConfigError("timeouts must be positive");
      }
      if (options.proxy) {
        if (options.proxy->host.empty()) throw ConfigError("the proxy has no host");
        if (options.proxy->port < 1 || options.proxy->port > 65535)
          throw ConfigError("the proxy port must be within 1..65535");
        if (options.proxy->password && !options.proxy->username)
          throw ConfigError("a proxy password was given without a user name");
        if (base.scheme == "https" && !detail::httplib_https_proxy_is_safe) {
          throw ConfigError(std::string("https:// through a proxy is disabled with cpp-httplib ") +
                            CPPHTTPLIB_VERSION +
                            ": it can hang for ever when the proxy refuses the CONNECT "
                            "(yhirose/cpp-httplib#1590, fixed in 0.14); build against "
                            "cpp-httplib 0.14 or later, or reach the API without a proxy");
        }
      }
    }

    std::unique_ptr<httplib::Client> borrow() {
      {
        const std::lock_guard lock(mutex);
        if (!idle.empty()) {
          auto client = std::move(idle.back());
          idle.pop_back();
          return client;
        }
      }
      auto client = std::make_unique<httplib::Client>(base.origin());
      client->set_keep_alive(options.keep_alive);
      // Head and body go out in separate writes: without TCP_NODELAY, Nagle holds the body until
      // the server's delayed ACK (~40 ms per call with a body; measured by bench/).
      client->set_tcp_nodelay(true);
      client->set_follow_location(false);  // a redirect must not carry the bearer token elsewhere
      client->set_connection_timeout(options.connect_timeout);
      client->set_read_timeout(options.read_timeout);
      client->set_write_timeout(options.write_timeout);
      if (options.proxy) {
        client->set_proxy(options.proxy->host, options.proxy->port);
        if (options.proxy->username) {
          client->set_proxy_basic_auth(
              *options.proxy->username,
              options.proxy->password ? options.proxy->password->reveal() : std::string());
        }
      }
      if (base.scheme == "https") {
        client->enable_server_certificate_verification(true);
        if (options.ca_file || options.ca_dir) {
          client->set_ca_cert_path(options.ca_file.value_or(""), options.ca_dir.value_or(""));
        }
      }
      return client;
    }

    void give_back(std::unique_ptr<httplib::Client> client) {
      if (!options.keep_alive) return;
      const std::lock_guard lock(mutex);
      if (idle.size() < options.max_idle_connections) idle.push_back(std::move(client));
    }

    HttplibTransportOptions options;
    BaseUrl base;
    std::mutex mutex;
    std::vector<std::unique_ptr<httplib::Client>> idle;
  };

  static bool bad_header_text(std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
  }

  static void check_request(const HttpRequest& request) {
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
      if (name.empty() || bad_header_text(name) ||
          name.find_first_of(" :\t") != std::string::npos) {
        refuse("invalid header name");
      }
      // The value is not quoted: it may be a credential.
      if (bad_header_text(value))
        refuse("the value of header \"" + name + "\" holds CR, LF or NUL");
    }
  }

  [[noreturn]] void throw_error(const HttpRequest& request, httplib::Error error, bool too_large,
                                std::chrono::steady_clock::duration elapsed,
                                long verify_result) const {
    using Kind = TransportError::Kind;
    const auto& o = state_->options;
    const std::string what = request.method + " " + request.path + " to " + state_->base.origin() +
                             (o.proxy ? " via proxy " + o.proxy->display() : std::string());
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
        throw TransportError(Kind::timeout,
                             what + ": no connection within " + ms(o.connect_timeout), false);
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
        // cpp-httplib reports a read timeout and a dropped connection alike; the time taken tells
        // them apart.
        if (elapsed >= o.read_timeout) {
          throw TransportError(
              Kind::timeout,
              what + ": no response within the read timeout of " + ms(o.read_timeout), true);
        }
        throw TransportError(Kind::receive,
                             what + ": the connection closed before a complete response", true);
      default: throw TransportError(Kind::other, what + ": " + httplib::to_string(error), true);
    }
  }

  std::shared_ptr<State> state_;  // shared: copies of a transport share one connection pool
};

}  // namespace arize
