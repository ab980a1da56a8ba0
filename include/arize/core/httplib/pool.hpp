// The connection pool of the default transport. cpp-httplib's Client serves one request at a
// time, so each call borrows a connection from the pool (or opens a new one) and gives it back
// when the response has been read; at most `max_idle_connections` stay open between calls.
// A kept connection with anything to read before its request is sent (an answer nobody asked
// for, or the server's close) is dropped, not reused: cpp-httplib would take those bytes for
// the next call's answer.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "arize/core/base_url.hpp"
#include "arize/core/httplib/compat.hpp"
#include "arize/core/httplib/tls.hpp"
#include "arize/core/socket_quiet.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// A cpp-httplib Client of the pool and the socket it opened last (its socket options hook
/// records each socket it creates, on a reconnect too).
struct PooledClient {
  std::unique_ptr<httplib::Client> client;
  std::shared_ptr<std::atomic<int>> socket = std::make_shared<std::atomic<int>>(-1);

  /// Whether a kept connection may carry a request: its socket has nothing to read. When
  /// cpp-httplib has closed it, there is nothing to check (it opens a new one).
  [[nodiscard]] bool quiet() const {
    const int fd = socket->load();
    if (fd < 0 || client->is_socket_open() == 0) return true;
    return socket_is_quiet(fd);
  }
};

/// Idle connections to one origin, each a cpp-httplib Client set up from the options.
/// Thread-safe.
class ConnectionPool {
 public:
  /// `options` and `base` (already checked) must outlive the pool.
  ConnectionPool(const HttplibTransportOptions& options, const BaseUrl& base)
      : options_(options), base_(base) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  PooledClient borrow() {
    for (;;) {
      PooledClient kept;
      {
        const std::lock_guard lock(mutex_);
        if (idle_.empty()) break;
        kept = std::move(idle_.back());
        idle_.pop_back();
      }
      if (kept.quiet()) return kept;  // else dropped: the server wrote or closed while idle
    }
    PooledClient pooled{std::make_unique<httplib::Client>(base_.origin())};
    httplib::Client* client = pooled.client.get();
    client->set_socket_options([socket = pooled.socket](int fd) { socket->store(fd); });
    client->set_keep_alive(options_.keep_alive);
    // Head and body go out in separate writes: without TCP_NODELAY, Nagle holds the body until
    // the server's delayed ACK (~40 ms per call with a body; measured by bench/).
    client->set_tcp_nodelay(true);
    client->set_follow_location(false);  // a redirect must not carry the bearer token elsewhere
    httplib_compat::send_target_as_given(*client);
    client->set_connection_timeout(options_.connect_timeout);
    client->set_read_timeout(options_.read_timeout);
    client->set_write_timeout(options_.write_timeout);
    if (options_.proxy) {
      client->set_proxy(options_.proxy->host, options_.proxy->port);
      if (options_.proxy->username) {
        client->set_proxy_basic_auth(
            *options_.proxy->username,
            options_.proxy->password ? options_.proxy->password->reveal() : std::string());
      }
    }
    if (base_.scheme == "https") set_up_certificate_checks(*client, options_, base_);
    return pooled;
  }

  void give_back(PooledClient pooled) {
    if (!options_.keep_alive) return;
    const std::lock_guard lock(mutex_);
    if (idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(pooled));
  }

 private:
  const HttplibTransportOptions& options_;
  const BaseUrl& base_;
  std::mutex mutex_;
  std::vector<PooledClient> idle_;
};

}  // namespace arize::detail
