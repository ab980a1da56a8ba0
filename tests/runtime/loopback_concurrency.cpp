// One arize::Client shared by several threads, over real sockets: every call succeeds, and the
// connection pool never holds more connections than there are concurrent calls.
#include <atomic>
#include <thread>
#include <vector>

#include "emulator/support.hpp"
#include "loopback_support.hpp"

namespace {

constexpr int kThreads = 4;
constexpr int kCallsPerThread = 20;

/// Runs kThreads x kCallsPerThread calls of `call`; returns the number that threw.
template <class F>
int run_threads(F call) {
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        try {
          call();
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return failures.load();
}

}  // namespace

TEST_SUITE("concurrency") {
  TEST_CASE("one Client, 4 threads x 20 list calls against the emulator") {
    emu_test::Emulator emu;
    arize::Client client = loopback::client_of(emu, emu.admin_key);
    const auto made = client.api_keys.create({.name = "shared"});
    std::atomic<int> with_key = 0;
    const int failures = run_threads([&] {
      const auto page = client.api_keys.list();
      for (const auto& key : page.api_keys.get()) {
        if (key.id.get() == made.id.get()) ++with_key;
      }
    });
    CHECK(failures == 0);
    CHECK(with_key == kThreads * kCallsPerThread);
  }

  TEST_CASE("a shared Client opens at most one connection per concurrent caller") {
    loopback::LocalServer server([](const httplib::Request&, httplib::Response& res) {
      res.set_content(loopback::kEmptyPage, "application/json");
    });
    {
      arize::Client client = loopback::client_of(server, "k");
      const int failures = run_threads([&client] { (void)client.api_keys.list(); });
      CHECK(failures == 0);
    }
    CHECK(server.seen.count() == static_cast<std::size_t>(kThreads * kCallsPerThread));
    const std::lock_guard lock(server.seen.mutex);
    CHECK(server.seen.remote_ports.size() >= 1);
    CHECK(server.seen.remote_ports.size() <= static_cast<std::size_t>(kThreads));
  }
}
