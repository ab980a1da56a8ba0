// The connection pool of the default transport. cpp-httplib's Client serves one request at a
// time, so each call borrows a connection from the pool (or opens a new one) and gives it back
// when the response has been read; at most `max_idle_connections` stay open between calls.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "arize/core/base_url.hpp"
#include "arize/core/httplib/compat.hpp"
#include "arize/core/httplib/tls.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// Idle connections to one origin, each a cpp-httplib Client set up from the options.
/// Thread-safe.
class ConnectionPool {
 public:
  /// `options` and `base` (already checked) must outlive the pool.
  ConnectionPool(const HttplibTransportOptions& options, const BaseUrl& base)
      : options_(options), base_(base) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  std::unique_ptr<httplib::Client> borrow() {
    {
      const std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto client = std::move(idle_.back());
        idle_.pop_back();
        return client;
      }
    }
    auto client = std::make_unique<httplib::Client>(base_.origin());
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
    return client;
  }

  void give_back(std::unique_ptr<httplib::Client> client) {
    if (!options_.keep_alive) return;
    const std::lock_guard lock(mutex_);
    if (idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(client));
  }

 private:
  const HttplibTransportOptions& options_;
  const BaseUrl& base_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<httplib::Client>> idle_;
};

}  // namespace arize::detail
