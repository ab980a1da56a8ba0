// An emulator served in-process, for the tests and the benchmarks that talk to it over
// loopback: a fresh account with its two user keys, an HttpServer on 127.0.0.1:<free port>
// and the thread serving it. Links arize_emulator_http.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "http_server.hpp"
#include "server_thread.hpp"
#include "store.hpp"

namespace arize::emulator {

class LocalEmulator {
 public:
  /// Serving once constructed; stopped and joined when destroyed. `clock` is the store's time
  /// (a test's manual clock moves grace periods and expiry without sleeping); `seed` makes the
  /// keys, the cursor secret and --fail-rate draws repeat. options.host and port are set here;
  /// options.revision is the API revision spoken (default 2026-06, see ServerOptions).
  explicit LocalEmulator(Clock clock = system_now, ServerOptions options = {},
                         std::uint64_t seed = 42)
      : random_(seed),
        store_(Store::fresh_state(random_), std::move(clock), random_,
               wire_api(options.revision).rules()),
        admin_key_(store_.ensure_user_key(kAdminUserId, std::nullopt)),
        member_key_(store_.ensure_user_key(kMemberUserId, std::nullopt)) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(store_, random_, std::move(options), log_);
    port_ = server_->bind();
    serving_ = std::make_unique<ServerThread<HttpServer>>(*server_);
  }
  LocalEmulator(const LocalEmulator&) = delete;
  LocalEmulator& operator=(const LocalEmulator&) = delete;

  [[nodiscard]] Store& store() noexcept { return store_; }
  /// The account admin's user key, and the member user's.
  [[nodiscard]] const std::string& admin_key() const noexcept { return admin_key_; }
  [[nodiscard]] const std::string& member_key() const noexcept { return member_key_; }
  [[nodiscard]] int port() const noexcept { return port_; }
  /// "http://127.0.0.1:PORT".
  [[nodiscard]] std::string base_url() const { return server_->base_url(); }

 private:
  std::ostringstream log_;  // --verbose lines, when options.verbose
  Random random_;
  Store store_;
  std::string admin_key_;
  std::string member_key_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<ServerThread<HttpServer>> serving_;  // stopped before server_ goes
  int port_ = -1;
};

}  // namespace arize::emulator
