// Test support: a small HTTP/1.1 forward proxy on 127.0.0.1 (OS-chosen port) for loopback tests
// that check the client's transport goes through a proxy, for http:// targets (absolute-form
// requests) and https:// targets (CONNECT tunnels), optionally with Basic proxy authentication.
//
// Test-only and loopback-only: it forwards only to 127.0.0.1, ::1 or localhost (anything else
// gets 403), trusts its input little and does no caching, chunking or header rewriting beyond
// what is described below. POSIX sockets and std::thread only; one thread per client connection.
//
// Keep-alive: every absolute-form request on a client connection is parsed, admitted, recorded
// and rewritten (bodies must be framed by Content-Length, and all requests of one connection
// must name the same origin); responses are copied back unchanged. A CONNECT tunnel is a plain
// byte pipe after its 200, so seen() holds one entry per tunnel.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arize_test {

struct ProxyOptions {
  // When set, every request must carry "Proxy-Authorization: Basic <base64(user:pass)>" equal to
  // this header value (the full "Basic xxx" string); otherwise the proxy answers
  // "HTTP/1.1 407 Proxy Authentication Required" with "Proxy-Authenticate: Basic realm=\"test\"",
  // "Content-Length: 0", "Connection: close", and closes.
  std::optional<std::string> required_authorization;
};

struct ProxySeen {     // one per request head the proxy read from a client
  std::string method;  // "CONNECT", "GET", ...
  std::string target;  // request-target as sent: "127.0.0.1:4443" or "http://127.0.0.1:80/x?y=1"
  std::optional<std::string> proxy_authorization;  // the Proxy-Authorization value, if any
  bool authorized = false;                         // whether it was accepted
};

/// A forward proxy for loopback tests; see the comment at the top of this file.
///
/// Per client connection: read the request head (at most 64 KiB, else 400), record a ProxySeen
/// (only when the request line parses), check Proxy-Authorization (407), then:
///   - CONNECT host:port: connect to the (loopback) target, answer 200, relay bytes both ways;
///   - METHOD http://host[:port]/path HTTP/1.x: connect to the (loopback) origin, forward each
///     request head in origin-form without Proxy-Authorization / Proxy-Connection, with its
///     Content-Length body, and copy the responses back;
///   - anything else (origin-form, https:// absolute-form, malformed): 400.
/// Non-loopback targets get 403, unreachable ones 502. Relaying stops when either side closes.
class ConnectProxy {
 public:
  /// Listens on 127.0.0.1 (a free port) and accepts on a thread of its own. Throws
  /// std::system_error when it cannot listen.
  explicit ConnectProxy(ProxyOptions options = {});
  /// Stops accepting, shuts every open socket down and joins every thread.
  ~ConnectProxy();
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;

  [[nodiscard]] int port() const noexcept;
  [[nodiscard]] std::string url() const;
  /// Every request head read so far (CONNECT tunnels: one entry each).
  [[nodiscard]] std::vector<ProxySeen> seen() const;
  /// Client connections accepted so far.
  [[nodiscard]] std::size_t connections() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arize_test
