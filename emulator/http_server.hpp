// The HTTP face of the emulator: routes requests to Store (through wire.hpp, which decodes
// them and encodes the answers), turns every failure into an RFC 9457 problem body, and adds
// the fault injection of --fail-rate, --latency-ms and --rate-limit. cpp-httplib's thread
// pool serves requests concurrently; Store serialises them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>

#include "crypto.hpp"
#include "store.hpp"
#include "wire_common.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace arize::emulator {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                           // 0: any free port (see HttpServer::bind)
  std::optional<std::string> tls_cert{};  // PEM files; both set: HTTPS
  std::optional<std::string> tls_key{};
  double fail_rate = 0.0;  // fraction of requests answered 503
  int latency_ms = 0;      // added to every request
  int rate_limit = 0;      // requests per second per API key; 0: unlimited
  bool verbose = false;    // one log line per request
  /// The API revision served: its routes, wire format and rules (the Store must be built
  /// with wire_api(revision).rules()). In-process the default is 2026-06, which the older
  /// tests speak; the executable's --api-revision defaults to the current one.
  ApiRevision revision = ApiRevision::v2026_06;
};

/// A token bucket per API key: `per_second` requests a second, bursts up to `per_second`.
class RateLimiter {
 public:
  explicit RateLimiter(int per_second) : rate_(per_second) {}
  /// nullopt when the request may go ahead, else the seconds to wait (at least 1).
  [[nodiscard]] std::optional<int> acquire(const std::string& bucket);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  std::mutex mutex_;
  double rate_;
  std::unordered_map<std::string, Bucket> buckets_;
};

class HttpServer {
 public:
  /// Throws std::runtime_error when the TLS certificate or key cannot be loaded.
  HttpServer(Store& store, Random& random, ServerOptions options, std::ostream& log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds the listening socket; returns the port (the chosen one when options.port is 0).
  /// Throws std::runtime_error when the address cannot be bound.
  int bind();
  /// Serves until stop(); returns false when the server failed.
  bool run();
  void stop();
  [[nodiscard]] bool is_running() const;
  /// "http://127.0.0.1:PORT" (or https), valid after bind().
  [[nodiscard]] std::string base_url() const;

  /// Answers one request whose body has been read: everything the server does after
  /// cpp-httplib has parsed the request (Range ignored, fault injection, routing on the raw
  /// target, the API, problem bodies). The socket handlers call it; fuzz/ calls it in-process.
  void handle(const httplib::Request& req, httplib::Response& res, const std::string& body);

 private:
  /// Fault injection, then dispatch; every failure becomes a problem body.
  void answer(const httplib::Request& req, httplib::Response& res, const std::string& body);
  void dispatch(const httplib::Request& req, httplib::Response& res, const std::string& body);
  /// The request's number (X-Request-Id, set on first use) as the problem "instance" URN.
  std::string request_instance(httplib::Response& res);
  void log_request(const httplib::Request& req, const httplib::Response& res);

  Store& store_;
  Random& random_;
  ServerOptions options_;
  const WireApi& wire_;
  std::ostream& log_;
  std::mutex log_mutex_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<httplib::Server> server_;
  std::atomic<std::uint64_t> request_counter_{0};
  int port_ = -1;
};

}  // namespace arize::emulator
