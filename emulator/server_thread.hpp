// Serving on a thread of one's own: the emulator's HttpServer (its main, the tests' in-process
// emulator, the bench's) or a plain httplib::Server (the tests' and the bench's stub servers).
// Header-only; it includes neither cpp-httplib nor the emulator: `Server` brings them.
#pragma once

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace arize::emulator {

/// Waits up to `limit` (in 2 ms steps) until `server.is_running()`; returns whether it is.
/// stop() takes effect only once the accept loop runs, so wait before stopping.
template <class Server>
bool wait_until_running(const Server& server,
                        std::chrono::milliseconds limit = std::chrono::seconds(2)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!server.is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return server.is_running();
}

/// Serves a bound `server` on a thread of its own: the constructor returns once it accepts
/// (std::runtime_error when it does not within `limit`); the destructor stops it and joins.
/// `Server` is HttpServer (run) or httplib::Server (listen_after_bind), bound already.
template <class Server>
class ServerThread {
 public:
  explicit ServerThread(Server& server, std::chrono::milliseconds limit = std::chrono::seconds(2))
      : server_(server), thread_([this] { serve(); }) {
    if (!wait_until_running(server_, limit)) {
      stop_and_join();  // serving failed and returned, or started late and is stopped now
      throw std::runtime_error("the server did not start");
    }
  }
  ~ServerThread() { stop_and_join(); }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

 private:
  void serve() {
    if constexpr (requires { server_.run(); }) {
      (void)server_.run();
    } else {
      (void)server_.listen_after_bind();
    }
    served_ = true;
  }

  /// stop() acts only on a running accept loop: a server that starts after a first stop()
  /// would serve on and the join would never return. So stop until serving has returned.
  void stop_and_join() {
    while (!served_) {
      server_.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    thread_.join();
  }

  Server& server_;
  std::atomic<bool> served_{false};  // before thread_: set by the thread it starts
  std::thread thread_;
};

}  // namespace arize::emulator
