// A bounded soak (issue 11): one arize::Client shared by 4 threads makes ARIZE_SOAK_CALLS calls
// (default 10,000: list, create, delete, refresh) to the in-process emulator answering 20 % of
// requests with an injected 503 (its --fail-rate), through a relay of the test's own that also
// resets connections and slows responses down. Checked: no crash, every error an arize::Error
// subclass, no leaked file descriptors (/proc/self/fd before and after, pipes aside), no duplicate
// key id, and the whole run within ARIZE_SOAK_MAX_SECONDS (default 240: generous, it guards against
// hangs, not against a slow machine). The figures are printed (MESSAGE) for the record.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <typeinfo>
#include <vector>

#include "emulator/support.hpp"
#include "loopback_support.hpp"
#include "support/raw_server.hpp"

namespace {

using namespace std::chrono_literals;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

/// The open descriptors but pipes: a sanitizer's runtime opens two to its symbolizer on its
/// first report, a suppressed one too (ThreadSanitizer, tests/tsan.supp); nothing under test
/// opens a pipe.
std::size_t open_descriptors() {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code error;
    const auto target = std::filesystem::read_symlink(entry.path(), error).string();
    if (!error && target.rfind("pipe:", 0) == 0) continue;
    ++n;
  }
  return n;
}

/// A TCP relay 127.0.0.1:<port> -> 127.0.0.1:<upstream> that injects faults into responses:
/// a chunk from upstream is, with probability `reset_rate`, replaced by a connection reset
/// (SO_LINGER 0), or with `slow_rate` sent in two halves 30 ms apart (a slow body). A RawServer
/// accepts (one thread per connection); every wait is bounded by polls of 50 ms and its stop.
class FaultRelay {
 public:
  FaultRelay(int upstream_port, double reset_rate, double slow_rate)
      : upstream_port_(upstream_port),
        reset_rate_(reset_rate),
        slow_rate_(slow_rate),
        server_([this](arize_test::RawServer::Connection& c) { relay(c); }) {}

  [[nodiscard]] int port() const { return server_.port(); }
  /// Connections accepted so far, and those not closed yet.
  [[nodiscard]] int connections() const { return server_.accepted(); }
  [[nodiscard]] int active() const { return server_.active(); }

  std::atomic<int> resets = 0;
  std::atomic<int> slow = 0;

 private:
  void relay(arize_test::RawServer::Connection& c) {
    using arize_test::send_all;
    std::minstd_rand rng(static_cast<unsigned>(c.number()));
    std::uniform_real_distribution<double> draw(0.0, 1.0);
    const int client = c.fd();
    const int upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(upstream_port_));
    if (upstream < 0 || ::connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (upstream >= 0) ::close(upstream);
      return;
    }
    const int one = 1;  // no Nagle delay on the pieces the relay writes
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char buffer[16384];
    bool open = true;
    while (open && !c.stopping()) {
      pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
      if (::poll(fds, 2, 50) <= 0) continue;
      if (fds[0].revents != 0) {  // request bytes: passed on unchanged
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        open = n > 0 && send_all(upstream, {buffer, static_cast<std::size_t>(n)});
      }
      if (open && fds[1].revents != 0) {  // response bytes: the faults
        const ssize_t n = ::recv(upstream, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        const double d = draw(rng);
        if (d < reset_rate_) {
          ++resets;
          c.reset();
          break;
        }
        const std::string_view chunk(buffer, static_cast<std::size_t>(n));
        if (d < reset_rate_ + slow_rate_ && chunk.size() > 1) {
          ++slow;
          open = send_all(client, chunk.substr(0, chunk.size() / 2));
          std::this_thread::sleep_for(30ms);
          open = open && send_all(client, chunk.substr(chunk.size() / 2));
        } else {
          open = send_all(client, chunk);
        }
      }
    }
    ::close(upstream);
  }

  int upstream_port_;
  double reset_rate_;
  double slow_rate_;
  arize_test::RawServer server_;  // last: stopped and joined before the members above go
};

/// The dynamic type of an arize::Error, with the HTTP status or transport kind.
std::string classify(const arize::Error& e) {
  if (const auto* api = dynamic_cast<const arize::ApiError*>(&e)) {
    const char* name = dynamic_cast<const arize::ServerError*>(&e)      ? "ServerError"
                       : dynamic_cast<const arize::NotFoundError*>(&e)  ? "NotFoundError"
                       : dynamic_cast<const arize::RateLimitError*>(&e) ? "RateLimitError"
                                                                        : "ApiError";
    return std::string(name) + " " + std::to_string(api->status());
  }
  if (const auto* t = dynamic_cast<const arize::TransportError*>(&e)) {
    using Kind = arize::TransportError::Kind;
    const std::map<Kind, const char*> names{{Kind::connect, "connect"},
                                            {Kind::tls, "tls"},
                                            {Kind::timeout, "timeout"},
                                            {Kind::send, "send"},
                                            {Kind::receive, "receive"},
                                            {Kind::response_too_large, "response_too_large"},
                                            {Kind::invalid_request, "invalid_request"},
                                            {Kind::other, "other"}};
    return std::string("TransportError ") + names.at(t->kind());
  }
  if (dynamic_cast<const arize::DecodeError*>(&e) != nullptr) return "DecodeError";
  if (dynamic_cast<const arize::ValidationError*>(&e) != nullptr) return "ValidationError";
  if (dynamic_cast<const arize::ConfigError*>(&e) != nullptr) return "ConfigError";
  return "arize::Error";
}

}  // namespace

TEST_SUITE("soak") {
  TEST_CASE("one Client, 4 threads, 10,000 calls with 20 % injected faults, resets, slow bodies") {
    const int total_calls = env_int("ARIZE_SOAK_CALLS", 10000);
    const int max_seconds = env_int("ARIZE_SOAK_MAX_SECONDS", 240);
    constexpr int kThreads = 4;

    arize::emulator::ServerOptions faults;
    faults.fail_rate = 0.2;
    emu_test::Emulator emu(faults, 11);
    FaultRelay relay(emu.port, /*reset_rate=*/0.01, /*slow_rate=*/0.02);
    const std::size_t fds_before = open_descriptors();

    std::mutex mutex;  // guards what follows
    std::map<std::string, int> outcomes;
    std::set<std::string> created_ids;
    std::vector<std::string> untyped;
    int duplicates = 0;
    std::atomic<int> retries = 0, retried_503 = 0;
    const auto record = [&](const std::string& what) {
      const std::lock_guard lock(mutex);
      ++outcomes[what];
    };
    const auto created = [&](const std::string& id) {
      const std::lock_guard lock(mutex);
      if (!created_ids.insert(id).second) ++duplicates;
    };

    const auto start = loopback::Clock::now();
    {
      arize::ClientOptions options =
          loopback::options_for("http://127.0.0.1:" + std::to_string(relay.port()), emu.admin_key);
      options.retry.max_attempts = 4;
      options.retry.initial_backoff = 1ms;
      options.retry.max_backoff = 4ms;
      options.log = [&](arize::LogLevel, std::string_view line) {
        ++retries;
        if (line.find("HTTP 503") != std::string_view::npos) ++retried_503;
      };
      arize::Client client(std::move(options));

      std::vector<std::thread> threads;
      for (int t = 0; t < kThreads; ++t) {
        const int calls = total_calls / kThreads + (t < total_calls % kThreads ? 1 : 0);
        threads.emplace_back([&, t, calls] {
          std::minstd_rand rng(1000 + static_cast<unsigned>(t));
          std::vector<std::string> mine;  // ids of this thread's live keys
          for (int i = 0; i < calls; ++i) {
            const int op = std::uniform_int_distribution<int>(0, 99)(rng);
            std::string name;
            try {
              if (op < 40 || (op >= 65 && mine.empty())) {
                name = "list";
                (void)client.api_keys.list({.limit = 20});
              } else if (op < 65) {
                name = "create";
                const auto made = client.api_keys.create(
                    {.name = "soak-" + std::to_string(t) + "-" + std::to_string(i)});
                created(made.id);
                mine.push_back(made.id);
              } else if (op < 80) {
                name = "delete";
                const std::string id = mine.back();
                mine.pop_back();
                client.api_keys.delete_key(id);
              } else {
                name = "refresh";
                const std::size_t at =
                    std::uniform_int_distribution<std::size_t>(0, mine.size() - 1)(rng);
                const auto fresh = client.api_keys.refresh(mine[at]);
                created(fresh.id);
                mine[at] = fresh.id;
              }
              record(name + " ok");
            } catch (const arize::Error& e) {
              record(name + " " + classify(e));
            } catch (const std::exception& e) {
              const std::lock_guard lock(mutex);
              untyped.push_back(name + ": " + typeid(e).name() + ": " + e.what());
            } catch (...) {
              const std::lock_guard lock(mutex);
              untyped.push_back(name + ": a non-std exception");
            }
          }
        });
      }
      for (auto& thread : threads) thread.join();
    }  // the Client (and its connection pool) is gone
    const double seconds = loopback::seconds_since(start);

    // The relay and the emulator close their ends once the client's are closed: wait for that
    // (bounded), then count.
    std::size_t fds_after = open_descriptors();
    for (int i = 0; i < 200 && (relay.active() != 0 || fds_after != fds_before); ++i) {
      std::this_thread::sleep_for(50ms);
      fds_after = open_descriptors();
    }

    std::ostringstream figures;
    figures << "soak: " << total_calls << " calls in " << seconds
            << " s; relay: " << relay.connections() << " connections, " << relay.resets
            << " resets, " << relay.slow << " slow responses; " << retries << " retries ("
            << retried_503 << " after an injected 503); keys created " << created_ids.size()
            << "; descriptors before " << fds_before << ", after " << fds_after << "\n";
    int counted = 0;
    for (const auto& [what, n] : outcomes) {
      figures << "  " << what << ": " << n << "\n";
      counted += n;
    }
    MESSAGE(figures.str());

    for (const auto& u : untyped) CHECK_MESSAGE(false, "not an arize::Error: " << u);
    CHECK(untyped.empty());
    CHECK(counted == total_calls);
    CHECK(duplicates == 0);
    CHECK(fds_after == fds_before);
    CHECK(relay.active() == 0);
    CHECK(seconds < max_seconds);
    // The faults really happened, and most calls still succeeded.
    CHECK(retried_503 > 0);
    if (total_calls >= 1000) {
      CHECK(relay.resets > 0);
      CHECK(relay.slow > 0);
    }
  }
}
