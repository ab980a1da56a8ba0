// Test support for the loopback tests of the client runtime: a small cpp-httplib server of the
// test's own on a 127.0.0.1 port-0 thread, a port nothing listens on, ClientOptions for a
// local base URL, and emulator options for HTTPS. Every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arize/api_keys.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "emulator/support.hpp"
#include "server_thread.hpp"
#include "support/tls_cert.hpp"

namespace loopback {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// What a LocalServer saw: the raw request targets (still percent-encoded) and the client
/// ports the requests came from (one per connection).
struct Seen {
  std::mutex mutex;
  std::vector<std::string> targets;
  std::vector<std::string> methods;
  std::set<int> remote_ports;

  void record(const httplib::Request& req) {
    const std::lock_guard lock(mutex);
    targets.push_back(req.target);
    methods.push_back(req.method);
    remote_ports.insert(req.remote_port);
  }
  std::size_t count() {
    const std::lock_guard lock(mutex);
    return targets.size();
  }
};

/// A cpp-httplib server on 127.0.0.1:<free port>, served by a thread of the test. Every
/// request is recorded in `seen`, then answered by `handler`. Stopped and joined on
/// destruction.
class LocalServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit LocalServer(Handler handler) : handler_(std::move(handler)) {
    server_.set_keep_alive_timeout(1);       // an idle keep-alive worker leaves within a second
    server_.set_keep_alive_max_count(1000);  // cpp-httplib's default closes after 5 requests
    const auto all = [this](const httplib::Request& req, httplib::Response& res) {
      seen.record(req);
      handler_(req, res);
    };
    const std::string any = "[\\s\\S]*";
    server_.Get(any, all);
    server_.Post(any, all);
    server_.Delete(any, all);
    port = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    serving_.emplace(server_);
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port); }

  Seen seen;
  int port = 0;

 private:
  Handler handler_;
  httplib::Server server_;
  std::optional<arize::emulator::ServerThread<httplib::Server>> serving_;  // before server_ goes
};

/// A latch a handler can wait on (bounded), so a "slow" server can be released at once.
class Gate {
 public:
  /// Waits until open() or `limit` passed.
  void wait(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, limit, [this] { return open_; });
  }
  void open() {
    {
      const std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

/// A loopback port nobody listens on: bound once (so it was free), then closed.
inline int dead_port() {
  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(sock >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(sock);
  return ntohs(addr.sin_port);
}

/// Options for a client of a local server: short timeouts, no ALPHA warning, no log output.
inline arize::ClientOptions options_for(const std::string& base_url, const std::string& key) {
  arize::ClientOptions options;
  options.api_key = arize::Secret(key);
  options.base_url = base_url;
  options.http.read_timeout = options.http.write_timeout = 10s;
  options.http.connect_timeout = 5s;
  options.alpha_warning = false;
  options.log = arize::null_log_sink;
  return options;
}

/// A client of a local server (anything with a `port`: LocalServer, the emulator) over HTTP.
template <class Server>
arize::Client client_of(const Server& server, const std::string& key) {
  return arize::Client(options_for("http://127.0.0.1:" + std::to_string(server.port), key));
}

/// Runs `call`, which must throw a TransportError of `kind`; returns it.
template <class F>
arize::TransportError transport_error_of(F&& call, arize::TransportError::Kind kind) {
  try {
    call();
  } catch (const arize::TransportError& e) {
    CHECK(e.kind() == kind);
    return e;
  }
  FAIL("expected a TransportError");
  throw std::logic_error("unreachable");
}

/// Emulator options that serve HTTPS with the certificate `files`.
inline emu_test::ServerOptions tls_options(const arize_test::SelfSignedCert& files) {
  emu_test::ServerOptions options;
  options.tls_cert = files.cert.string();
  options.tls_key = files.key.string();
  return options;
}

/// GET /v2/api-keys (idempotent), for a transport's own tests.
inline arize::HttpRequest get_keys() {
  return arize::HttpRequest{.method = "GET", .path = "/v2/api-keys", .idempotent = true};
}

/// Whether `page` lists the key `id`.
inline bool page_holds(const arize::ApiKeyList& page, const std::string& id) {
  for (const auto& k : page.api_keys.get())
    if (k.id.get() == id) return true;
  return false;
}

/// A JSON body of an empty list page.
inline constexpr const char* kEmptyPage = R"({"api_keys":[],"pagination":{"has_more":false}})";

/// Transport options for a loopback server at `base_url`: generous per-step timeouts (the
/// tests that need short ones set them).
inline arize::HttplibTransportOptions http_options(std::string base_url) {
  arize::HttplibTransportOptions o;
  o.base_url = std::move(base_url);
  o.connect_timeout = 5s;
  o.read_timeout = o.write_timeout = 10s;
  return o;
}

/// A proxy user with characters that must be percent-encoded in a URL, and the Basic
/// credentials a proxy (tests/support/connect_proxy) requires for them.
inline constexpr const char* kProxyUser = "al@ce";
inline constexpr const char* kProxyPassword = "p:ss-hunter2";
inline constexpr const char* kProxyBasic =
    "Basic YWxAY2U6cDpzcy1odW50ZXIy";  // base64("al@ce:p:ss-hunter2")

/// The proxy's URL with kProxyUser and `password` (percent-encoded).
inline std::string proxy_url(int port, const std::string& password = "p%3Ass-hunter2") {
  return "http://al%40ce:" + password + "@127.0.0.1:" + std::to_string(port);
}

/// Seconds since `start`, as a double.
inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace loopback
