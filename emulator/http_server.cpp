#include "http_server.hpp"

#include "wire.hpp"

#include <arize/core/url.hpp>

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <list>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace arize::emulator {
namespace {

using httplib::Request;
using httplib::Response;

constexpr std::size_t kMaxBodyBytes = 1 << 20;
/// A kept-alive connection with no new request for this long is closed; so is a connection
/// whose request line, headers or body stall for kReadTimeout between two reads.
constexpr std::time_t kKeepAliveSeconds = 5;
constexpr std::chrono::seconds kReadTimeout{5};
constexpr std::chrono::seconds kWriteTimeout{5};
/// Connections served at once (one thread each); more wait for a free thread.
constexpr std::size_t kMaxConnectionThreads = 1024;
/// Threads kept when idle; the others exit after kThreadIdleExit without work.
constexpr std::size_t kKeptThreads = 8;
constexpr std::chrono::seconds kThreadIdleExit{10};

/// The task queue of the server. cpp-httplib runs each connection as one task for the whole
/// life of the connection, keep-alive waits included, and its own pool has a fixed
/// max(8, cores - 1) threads: eight idle or slow clients stalled everyone else. Here a task
/// gets a thread at once (a new one when none is idle), up to kMaxConnectionThreads.
///
/// TaskQueue::enqueue returns void in cpp-httplib 0.11 and bool (false: refused) in later
/// versions; EnqueueResult follows the header this is compiled against.
class ConnectionPool final : public httplib::TaskQueue {
 public:
  using EnqueueResult =
      decltype(std::declval<httplib::TaskQueue&>().enqueue(std::function<void()>()));

  ConnectionPool() = default;
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  ~ConnectionPool() override { shutdown(); }

  EnqueueResult enqueue(std::function<void()> fn) override {
    return static_cast<EnqueueResult>(submit(std::move(fn)));
  }

  /// Runs the tasks queued so far, then joins every thread. Idempotent.
  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  bool submit(std::function<void()> fn) {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    join_finished();
    jobs_.push_back(std::move(fn));
    if (idle_ < jobs_.size() && threads_.size() < kMaxConnectionThreads) {
      try {
        threads_.emplace_back([this] { work(); });
      } catch (const std::system_error&) {
        // No thread to be had: the job waits for one of the others.
      }
    }
    wake_.notify_one();
    return true;
  }

  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      ++idle_;
      const bool woken =
          wake_.wait_for(lock, kThreadIdleExit, [this] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (!jobs_.empty()) {
        std::function<void()> job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        try {
          job();
        } catch (...) {
          // cpp-httplib answers handler exceptions itself; anything else ends this
          // connection only, never the server.
        }
        lock.lock();
      } else if (stopping_) {
        return;
      } else if (!woken && threads_.size() - finished_.size() > kKeptThreads) {
        finished_.push_back(std::this_thread::get_id());  // joined by the next submit
        return;
      }
    }
  }

  /// Joins the threads that exited when idle (they no longer need the mutex).
  void join_finished() {
    for (const std::thread::id id : finished_) {
      const auto it = std::find_if(threads_.begin(), threads_.end(),
                                   [id](const std::thread& t) { return t.get_id() == id; });
      if (it != threads_.end()) {
        it->join();
        threads_.erase(it);
      }
    }
    finished_.clear();
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::list<std::thread> threads_;
  std::vector<std::thread::id> finished_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

/// Answers with a problem body of the revision served.
void set_problem(const WireApi& wire, Response& res, int status, const std::string& detail,
                 const std::string& instance) {
  res.status = status;
  res.set_content(wire.problem(status, detail, instance), "application/problem+json");
}

/// The operations served at one path (none: an unknown route) and the key id in it.
struct Route {
  std::vector<const Operation*> operations;
  std::string key_id;  // percent-decoded
};

/// Sends the response set so far, then closes the connection: after a request body was
/// abandoned half-read, the rest of the stream cannot be taken for the next request.
/// cpp-httplib closes a connection when writing a response fails, and a content provider that
/// returns false fails the write, here after it has written the whole body.
void close_after_response(Response& res) {
  auto body = std::make_shared<const std::string>(std::move(res.body));
  res.body.clear();
  const std::string type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");  // set_content_provider sets it again
  res.set_content_provider(body->size(), type,
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             sink.write(body->data() + offset, length);
                             return false;
                           });
}

/// Routes on the raw (still percent-encoded) path, so an id holding an encoded "/" stays one
/// segment: cpp-httplib's req.path is already decoded and would split it. The paths are the
/// revision's generated builders' (wire_common.hpp).
Route match_route(const WireApi& wire, std::string_view raw_path) {
  Route route;
  for (const Operation& op : wire.operations()) {
    if (!op.with_id) {
      if (raw_path == op.prefix) route.operations.push_back(&op);
      continue;
    }
    if (raw_path.size() <= op.prefix.size() + op.suffix.size() ||
        !raw_path.starts_with(op.prefix) || !raw_path.ends_with(op.suffix)) {
      continue;
    }
    const std::string_view id =
        raw_path.substr(op.prefix.size(), raw_path.size() - op.prefix.size() - op.suffix.size());
    if (id.find('/') != std::string_view::npos) continue;
    route.operations.push_back(&op);
    route.key_id = arize::url::decode_component(id);
  }
  return route;
}

/// The operation of `method` at `route`: HEAD is served as GET; nullptr when none.
const Operation* operation_for(const Route& route, const std::string& method) {
  const std::string served = method == "HEAD" ? "GET" : method;
  for (const Operation* op : route.operations) {
    if (op->method == served) return op;
  }
  return nullptr;
}

/// The methods a route serves (its Allow header); empty for an unknown route.
std::string allowed_methods(const Route& route) {
  std::string out;
  for (const Operation* op : route.operations) {
    if (!out.empty()) out += ", ";
    out += op->method;
    if (op->method == "GET") out += ", HEAD";
  }
  return out;
}

std::string_view raw_path_of(const Request& req) {
  const std::string_view target = req.target;
  return target.substr(0, target.find('?'));
}

/// The token of "Authorization: Bearer <token>" (scheme case-insensitive); empty when the
/// header is missing, which Store answers with 401.
std::string bearer_token(const Request& req) {
  if (!req.has_header("Authorization")) return {};
  const std::string value = req.get_header_value("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  const bool bearer = value.size() > kScheme.size() &&
                      std::equal(kScheme.begin(), kScheme.end(), value.begin(), [](char a, char b) {
                        return a == std::tolower(static_cast<unsigned char>(b));
                      });
  if (!bearer) throw Refusal(401, "the Authorization header must be `Bearer <api key>`");
  const auto start = value.find_first_not_of(' ', kScheme.size());
  const auto end = value.find_last_not_of(' ');
  if (start == std::string::npos) return {};
  return value.substr(start, end - start + 1);
}

/// For logs: the path as sent, with anything unprintable replaced.
std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c < ' ' || c > '~') c = '?';
  }
  return out;
}

thread_local std::optional<std::chrono::steady_clock::time_point> t_request_start;

}  // namespace

std::optional<int> RateLimiter::acquire(const std::string& bucket) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  Bucket& b = buckets_.try_emplace(bucket, Bucket{rate_, now}).first->second;
  const std::chrono::duration<double> elapsed = now - b.last;
  b.tokens = std::min(rate_, b.tokens + rate_ * elapsed.count());
  b.last = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
}

HttpServer::HttpServer(Store& store, Random& random, ServerOptions options, std::ostream& log)
    : store_(store),
      random_(random),
      options_(std::move(options)),
      wire_(wire_api(options_.revision)),
      log_(log) {
  if (options_.rate_limit > 0) rate_limiter_ = std::make_unique<RateLimiter>(options_.rate_limit);
  if (options_.tls_cert || options_.tls_key) {
    if (!options_.tls_cert || !options_.tls_key) {
      throw std::runtime_error("--tls-cert and --tls-key must be given together");
    }
    for (const std::string* file : {&*options_.tls_cert, &*options_.tls_key}) {
      if (!std::ifstream(*file)) throw std::runtime_error("cannot read " + *file);
    }
    auto tls =
        std::make_unique<httplib::SSLServer>(options_.tls_cert->c_str(), options_.tls_key->c_str());
    if (!tls->is_valid()) {
      throw std::runtime_error("cannot use the TLS certificate and key (PEM files that match)");
    }
    server_ = std::move(tls);
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  server_->set_payload_max_length(kMaxBodyBytes);
  // Responses go out in more than one write: without TCP_NODELAY each waits for the client's
  // delayed ACK (15-45 ms a response on loopback, measured by bench/).
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(1000);
  server_->set_keep_alive_timeout(kKeepAliveSeconds);
  server_->set_read_timeout(kReadTimeout);
  server_->set_write_timeout(kWriteTimeout);
  server_->new_task_queue = [] { return new ConnectionPool(); };
  // cpp-httplib's default sets SO_REUSEPORT, which lets a second emulator bind the same port
  // and silently take half the connections. SO_REUSEADDR alone still allows a quick restart.
  server_->set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  // One handler for every method cpp-httplib routes; the dispatcher routes on the raw target.
  const std::string any = "[\\s\\S]*";
  auto without_body = [this](const Request& req, Response& res) { handle(req, res, ""); };
  auto with_body = [this](const Request& req, Response& res, const httplib::ContentReader& read) {
    // RFC 9112: a request with neither Content-Length nor Transfer-Encoding has no body.
    // (cpp-httplib would otherwise wait for the client to close the connection.)
    std::string body;
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) {
      // The limit is counted here, whatever the framing: cpp-httplib 0.11's
      // set_payload_max_length does not apply to chunked bodies.
      bool too_large = false;
      const bool complete = read([&body, &too_large](const char* data, std::size_t size) {
        too_large = size > kMaxBodyBytes - body.size();
        if (!too_large) body.append(data, size);
        return !too_large;
      });
      if (!complete) {
        // Beyond set_payload_max_length cpp-httplib has skipped the body and set 413.
        too_large = too_large || res.status == 413;
        set_problem(wire_, res, too_large ? 413 : 400,
                    too_large ? "the request body is larger than 1 MiB"
                              : "the request body could not be read in full",
                    request_instance(res));
        close_after_response(res);
        return;
      }
    }
    handle(req, res, body);
  };
  server_->Get(any, without_body);
  server_->Options(any, without_body);
  server_->Post(any, with_body);
  server_->Put(any, with_body);
  server_->Patch(any, with_body);
  server_->Delete(any, with_body);

  // Errors cpp-httplib answers by itself (malformed request, a method it does not route such
  // as TRACE) get a problem body too.
  server_->set_error_handler(
      httplib::Server::HandlerWithResponse([this](const Request& req, Response& res) {
        // A body of ours may already sit in a content provider (close_after_response), which sets
        // Content-Type; cpp-httplib's own errors have neither.
        if (res.body.empty() && !res.has_header("Content-Type")) {
          const Route route = match_route(wire_, raw_path_of(req));
          const std::string allowed = allowed_methods(route);
          if (!allowed.empty() && operation_for(route, req.method) == nullptr) {
            res.set_header("Allow", allowed);
            set_problem(wire_, res, 405, "allowed methods: " + allowed, request_instance(res));
          } else {
            set_problem(wire_, res, res.status, "", request_instance(res));
          }
        }
        return httplib::Server::HandlerResponse::Unhandled;  // Unhandled: no Range applied
      }));
  server_->set_exception_handler([this](const Request&, Response& res, std::exception_ptr) {
    set_problem(wire_, res, 500, "internal error", request_instance(res));
  });
  if (options_.verbose) {
    server_->set_pre_routing_handler([](const Request&, Response&) {
      t_request_start = std::chrono::steady_clock::now();
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_->set_logger([this](const Request& req, const Response& res) { log_request(req, res); });
  }
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
  } else {
    port_ = server_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ < 0) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port));
  }
  return port_;
}

bool HttpServer::run() { return server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

bool HttpServer::is_running() const { return server_->is_running(); }

std::string HttpServer::base_url() const {
  const bool ipv6 = options_.host.find(':') != std::string::npos;
  return std::string(options_.tls_cert ? "https" : "http") + "://" +
         (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
}

std::string HttpServer::request_instance(Response& res) {
  if (!res.has_header("X-Request-Id")) {
    res.set_header("X-Request-Id", std::to_string(++request_counter_));
  }
  return "urn:arize-emulator:request:" + res.get_header_value("X-Request-Id");
}

void HttpServer::handle(const Request& req, Response& res, const std::string& body) {
  // Range is not part of this API: a body is always sent whole. cpp-httplib applies the
  // ranges it parsed into req.ranges when it writes the response (0.11 cuts any body to them,
  // a create would lose its secret; later versions answer 416 for a range past the end). The
  // Request is cpp-httplib's own non-const object, handed to handlers as const: clearing the
  // parsed ranges through const_cast is well defined, and the only public way to drop them.
  const_cast<Request&>(req).ranges.clear();
  answer(req, res, body);
}

void HttpServer::answer(const Request& req, Response& res, const std::string& body) {
  const std::string instance = request_instance(res);

  if (options_.latency_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.latency_ms));
  }
  if (rate_limiter_) {
    // One bucket per credential; keyed by a hash so the map never holds a raw key.
    if (const auto wait =
            rate_limiter_->acquire(sha256_hex(req.get_header_value("Authorization")))) {
      set_problem(wire_, res, 429,
                  "rate limit of " + std::to_string(options_.rate_limit) +
                      " requests per second exceeded; retry after " + std::to_string(*wait) + " s",
                  instance);
      res.set_header("Retry-After", std::to_string(*wait));
      return;
    }
  }
  if (options_.fail_rate > 0 && random_.uniform() < options_.fail_rate) {
    set_problem(wire_, res, 503, "injected failure (--fail-rate); retry", instance);
    res.set_header("Retry-After", "0");
    return;
  }
  try {
    dispatch(req, res, body);
  } catch (const Refusal& e) {
    set_problem(wire_, res, e.status(), e.what(), instance);
    if (e.status() == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"arize\"");
  } catch (const std::exception&) {
    set_problem(wire_, res, 500, "internal error", instance);
  }
}

void HttpServer::dispatch(const Request& req, Response& res, const std::string& body) {
  const Route route = match_route(wire_, raw_path_of(req));
  if (route.operations.empty()) {
    std::string routes;
    for (const Operation& op : wire_.operations()) {
      routes += std::string(routes.empty() ? "" : ", ") + op.method + " " + op.prefix +
                (op.with_id ? "{api_key_id}" + op.suffix : "");
    }
    throw Refusal(404, "no such route: this emulator (API revision " +
                           std::string(to_string(options_.revision)) + ") serves " + routes);
  }
  const Operation* op = operation_for(route, req.method);
  if (op == nullptr) {
    const std::string allowed = allowed_methods(route);
    res.set_header("Allow", allowed);
    throw Refusal(405, "allowed methods: " + allowed);
  }
  auto send_json = [&res](std::string body, int status) {
    res.status = status;
    res.set_content(std::move(body), "application/json");
  };
  const std::string token = bearer_token(req);
  switch (op->kind) {
    case Operation::list_keys:
      send_json(wire_.page(store_.list(token, wire_.list_query(req.target))), 200);
      return;
    case Operation::create_key:
      send_json(wire_.created(store_.create(token, wire_.create(body))), 201);
      return;
    case Operation::delete_key:
    case Operation::revoke_key:
      store_.revoke(token, route.key_id);
      res.status = 204;
      return;
    case Operation::refresh_key:
      send_json(wire_.refreshed(store_.refresh(token, route.key_id, wire_.refresh(body))), 200);
      return;
    case Operation::list_spaces:
      send_json(wire_.spaces(store_.list_spaces(token, wire_.spaces_query(req.target))), 200);
      return;
    case Operation::list_organizations:
      send_json(wire_.organizations(
                    store_.list_organizations(token, wire_.organizations_query(req.target))),
                200);
      return;
  }
}

void HttpServer::log_request(const Request& req, const Response& res) {
  long long ms = 0;
  if (t_request_start) {
    ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               *t_request_start)
             .count();
    t_request_start.reset();
  }
  // Method, path, status and time only: never headers (Authorization) or bodies (raw keys).
  std::lock_guard lock(log_mutex_);
  log_ << printable(req.method) << ' ' << printable(raw_path_of(req)) << ' ' << res.status << ' '
       << ms << "ms" << std::endl;
}

}  // namespace arize::emulator
