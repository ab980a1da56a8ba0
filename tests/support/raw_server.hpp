// A misbehaving HTTP server for client tests: a raw TCP listener on 127.0.0.1:<free port>
// whose every connection is handed to a script, which reads what it wants and writes whatever
// bytes it likes (trickled, truncated, reset, malformed), or relays them elsewhere (the soak
// test's FaultRelay). Each connection runs on its own thread and is closed when its script
// returns; the destructor stops accepting, tells scripts to stop (`stopping()`), and joins.
// Every wait is bounded: accept and reads poll in 50 ms steps.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace arize_test {

/// Writes all of `data` to the socket `fd`; false when the peer is gone.
inline bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

class RawServer {
 public:
  /// One accepted connection, as a script sees it.
  class Connection {
   public:
    Connection(int fd, int number, const std::atomic<bool>& stop)
        : fd_(fd), number_(number), stop_(stop) {}
    [[nodiscard]] bool stopping() const { return stop_.load(); }
    /// The socket (closed by the server once the script returns).
    [[nodiscard]] int fd() const { return fd_; }
    /// Which connection this is: 1 for the first one accepted, 2 for the next, ...
    [[nodiscard]] int number() const { return number_; }
    /// Reads until the end of the request head ("\r\n\r\n"), kept in head(); false on EOF,
    /// error or stop.
    bool read_head() {
      head_.clear();
      char buf[4096];
      while (head_.find("\r\n\r\n") == std::string::npos && head_.size() < 1 << 20) {
        if (!readable()) return false;
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) return false;
        head_.append(buf, static_cast<std::size_t>(n));
      }
      return true;
    }
    /// What read_head() read (with any bytes of the body that came with it).
    [[nodiscard]] const std::string& head() const { return head_; }
    /// Writes all of `data`; false when the peer is gone.
    bool send(std::string_view data) { return send_all(fd_, data); }
    /// Sleeps `d` unless the server is stopping; false when it is.
    bool pause(std::chrono::milliseconds d) {
      const auto until = std::chrono::steady_clock::now() + d;
      while (std::chrono::steady_clock::now() < until) {
        if (stopping()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return !stopping();
    }
    /// Ends the connection with a TCP reset instead of an orderly close.
    void reset() {
      const linger l{1, 0};
      ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }

   private:
    std::string head_;
    bool readable() {
      while (!stopping()) {
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, 50);
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
      }
      return false;
    }
    int fd_;
    int number_;
    const std::atomic<bool>& stop_;
  };
  using Script = std::function<void(Connection&)>;

  explicit RawServer(Script script) : script_(std::move(script)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) throw std::runtime_error("socket() failed");
    const int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 64) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ::close(listener_);
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;
  ~RawServer() {
    stop_ = true;
    acceptor_.join();
    const std::lock_guard lock(mutex_);
    for (auto& t : connections_) t.join();
    ::close(listener_);
  }

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Connections accepted so far.
  [[nodiscard]] int accepted() const { return accepted_.load(); }
  /// Connections accepted and not closed yet.
  [[nodiscard]] int active() const { return active_.load(); }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      const int number = ++accepted_;
      ++active_;
      const std::lock_guard lock(mutex_);
      connections_.emplace_back([this, fd, number] {
        Connection c(fd, number, stop_);
        script_(c);
        ::close(fd);
        --active_;
      });
    }
  }

  Script script_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> active_{0};
  std::mutex mutex_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

/// A keep-alive server's script whose first connection answers its first request with `fresh`
/// and a second, unasked answer `stale`: in the same write, or (`apart`) 100 ms later, waiting
/// in the socket when the next request comes. Every other request gets `fresh`. A client must
/// never read `stale` as the answer to its next request.
inline RawServer::Script unasked_answer(std::string fresh, std::string stale, bool apart) {
  return [fresh = std::move(fresh), stale = std::move(stale), apart](RawServer::Connection& c) {
    bool first = c.number() == 1;
    while (c.read_head()) {
      if (first && apart) {
        if (!c.send(fresh) || !c.pause(std::chrono::milliseconds(100)) || !c.send(stale)) return;
      } else if (!c.send(first ? fresh + stale : fresh)) {
        return;
      }
      first = false;
    }
  };
}

}  // namespace arize_test
