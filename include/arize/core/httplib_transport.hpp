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
#pragma once

// Dropping in: when httplib.h has not been included yet, turn on its OpenSSL support here; when
// it has been included without it, say what to define (the transport needs TLS). With Debian's
// compiled cpp-httplib (libcpp-httplib-dev), compile every file that includes httplib.h with
// exactly `pkg-config --cflags cpp-httplib`: its class layouts depend on those defines.
#ifndef CPPHTTPLIB_HTTPLIB_H
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
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

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/proxy.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_options.hpp"
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

/// Makes OpenSSL check the server's name during the handshake: an IP address only against IP
/// SANs, a host name only against DNS SANs, no partial wildcards, and never the subject CN (RFC
/// 6125 allows it only without SANs; browsers and public CAs have dropped it: certificates carry
/// SANs). cpp-httplib before 0.2x fell back to the CN when a SAN did not
/// match; with this, a mismatch fails the certificate check (X509_V_ERR_HOSTNAME_MISMATCH or
/// X509_V_ERR_IP_ADDRESS_MISMATCH) whatever cpp-httplib then checks itself.
inline bool require_host_in_certificate(SSL_CTX* ctx, std::string_view host) {
  if (ctx == nullptr) return false;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string name(host);
  X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx);
  X509_VERIFY_PARAM_set_hostflags(
      param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
  if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) == 1) return true;
  return X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size()) == 1;
}

/// Ends requests that outlive their deadline. cpp-httplib bounds each socket operation, not a
/// whole request, so a server that trickles bytes (or chunks without end) could hold a call for
/// ever; Client::stop() is its public, thread-safe way to abort a request in flight (it shuts
/// the socket down, and the blocked read or write fails). One thread per transport, started on
/// first use; a stopped client is stopped again every 50 ms until its request returns (a stop
/// while the connection is still being made can only take effect once it is made).
class DeadlineWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  DeadlineWatchdog() = default;
  DeadlineWatchdog(const DeadlineWatchdog&) = delete;
  DeadlineWatchdog& operator=(const DeadlineWatchdog&) = delete;
  ~DeadlineWatchdog() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  /// Watches `client` until disarm(ticket); it is stopped once `deadline` has passed.
  std::uint64_t arm(httplib::Client& client, Clock::time_point deadline) {
    const std::lock_guard lock(mutex_);
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    const std::uint64_t ticket = ++next_ticket_;
    entries_.emplace(ticket, Entry{&client, deadline});
    wake_.notify_all();
    return ticket;
  }

  /// Stops watching; true when the deadline was reached (the request was, or may have been,
  /// cut off). After it returns, the client is no longer touched.
  bool disarm(std::uint64_t ticket) {
    std::unique_lock lock(mutex_);
    const auto it = entries_.find(ticket);
    done_.wait(lock, [&] { return !it->second.stopping; });
    const bool fired = it->second.fired;
    entries_.erase(it);
    return fired;
  }

 private:
  struct Entry {
    httplib::Client* client;
    Clock::time_point deadline;
    bool fired = false;
    bool stopping = false;  // stop() is running on it, outside the lock
  };

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      auto next = Clock::time_point::max();
      for (const auto& [ticket, e] : entries_) next = std::min(next, e.deadline);
      if (next == Clock::time_point::max()) {
        wake_.wait(lock);
        continue;
      }
      if (wake_.wait_until(lock, next) == std::cv_status::no_timeout) continue;
      const auto now = Clock::now();
      std::vector<Entry*> due;
      for (auto& [ticket, e] : entries_) {
        if (e.deadline > now) continue;
        e.fired = true;
        e.stopping = true;
        e.deadline = now + std::chrono::milliseconds(50);
        due.push_back(&e);
      }
      // stop() may wait for a connect in progress: never hold the lock meanwhile. Entries are
      // not erased while `stopping` (disarm waits), so the pointers stay valid.
      lock.unlock();
      for (Entry* e : due) e->client->stop();
      lock.lock();
      for (Entry* e : due) e->stopping = false;
      done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::map<std::uint64_t, Entry> entries_;
  std::uint64_t next_ticket_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};
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
    check_request(request);
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
    req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
      if (n > limit - out.body.size()) {
        too_large = true;
        return false;
      }
      out.body.append(data, n);
      last_progress = std::chrono::steady_clock::now();
      return true;
    };

    std::unique_ptr<httplib::Client> client = state_->borrow();
    auto deadline = detail::deadline_after(started, state_->options.request_timeout);
    if (request.deadline) deadline = std::min(deadline, *request.deadline);
    if (deadline <= started) throw_deadline(request, deadline - started, false);
    const auto ticket = state_->watchdog.arm(*client, deadline);
    std::optional<httplib::Result> result;
    try {
      result.emplace(client->send(req));
    } catch (const std::bad_alloc&) {  // a flood of headers, with cpp-httplib < 0.1x's no cap
      (void)state_->watchdog.disarm(ticket);
      throw TransportError(TransportError::Kind::response_too_large,
                           describe(request) + ": out of memory while reading the response", true);
    }
    const bool cut_off = state_->watchdog.disarm(ticket);
    if (!*result || result->error() != httplib::Error::Success) {
      // A failed connection is not reused.
      if (cut_off && !too_large) throw_deadline(request, deadline - started, true);
      throw_error(request, too_large ? httplib::Error::Canceled : result->error(), too_large,
                  std::chrono::steady_clock::now() - last_progress,
                  detail::httplib_compat::verify_result(*client, *result));
    }
    const httplib::Response& res = result->value();
    check_framing(request, res);
    if (!cut_off) state_->give_back(std::move(client));  // a stopped one has lost its socket
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
      detail::httplib_compat::send_target_as_given(*client);
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
        if (!detail::require_host_in_certificate(detail::httplib_compat::ssl_context(*client),
                                                 base.host)) {
          throw ConfigError("the TLS context cannot be set up to check the server's name");
        }
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
    detail::DeadlineWatchdog watchdog;  // last: destroyed (joined) first
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

  /// What the request is, for messages: "POST /v2/api-keys to https://host[ via proxy ...]".
  std::string describe(const HttpRequest& request) const {
    const auto& o = state_->options;
    return request.method + " " + request.path + " to " + state_->base.origin() +
           (o.proxy ? " via proxy " + o.proxy->display() : std::string());
  }

  [[noreturn]] void throw_deadline(const HttpRequest& request,
                                   std::chrono::steady_clock::duration allowed, bool sent) const {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(allowed).count();
    throw TransportError(TransportError::Kind::timeout,
                         describe(request) +
                             ": no complete response within the request deadline (" +
                             std::to_string(std::max<std::int64_t>(ms, 0)) +
                             " ms: request_timeout, or what was left of the retry budget)",
                         sent);
  }

  /// Refuses a response whose length is ambiguous: Content-Length given twice with different
  /// values (RFC 9110 §8.6: a recipient must treat it as an error; cpp-httplib takes the first,
  /// a proxy on the way may take the other).
  void check_framing(const HttpRequest& request, const httplib::Response& res) const {
    std::optional<std::string_view> length;
    for (const auto& [name, value] : res.headers) {
      if (!header_name_equals(name, "Content-Length")) continue;
      if (length && *length != value) {
        throw TransportError(
            TransportError::Kind::receive,
            describe(request) + ": the response has conflicting Content-Length headers", true);
      }
      length = value;
    }
  }

  /// `idle`: how long before the failure the last bytes of the response arrived (or the
  /// request started): cpp-httplib reports a read timeout and a dropped connection alike.
  [[noreturn]] void throw_error(const HttpRequest& request, httplib::Error error, bool too_large,
                                std::chrono::steady_clock::duration idle,
                                long verify_result) const {
    using Kind = TransportError::Kind;
    const auto& o = state_->options;
    const std::string what = describe(request);
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
        // A read timeout means nothing arrived for read_timeout; bytes arriving shortly before
        // the failure mean the connection was dropped (a reset after a slow body, for one).
        if (idle >= o.read_timeout) {
          throw TransportError(
              Kind::timeout,
              what + ": no response within the read timeout of " + ms(o.read_timeout), true);
        }
        // cpp-httplib reports a header section it refuses (over its line or count limits, in
        // releases that have them; malformed) as the same Read error.
        throw TransportError(Kind::receive,
                             what +
                                 ": no complete response: the connection closed, or the status "
                                 "line or headers were malformed or too large",
                             true);
      default:
        if (detail::httplib_compat::is_hostname_error(error)) {
          throw TransportError(Kind::tls,
                               what + ": the server's certificate does not name this host", false);
        }
        throw TransportError(Kind::other, what + ": " + httplib::to_string(error), true);
    }
  }

  std::shared_ptr<State> state_;  // shared: copies of a transport share one connection pool
};

}  // namespace arize
