// Retries of arize::Client over real sockets: a server of the test's own answers 429 / 503
// (with Retry-After) before 200; a create is never resent once it may have arrived; a dead port
// is a connect error, retried per policy.
#include <atomic>

#include "loopback_support.hpp"
#include "support/unit_support.hpp"

using loopback::LocalServer;
using loopback::options_for;
using loopback::seconds_since;

namespace {

/// Answers the first `failures` requests with `status` and Retry-After, then `ok_body` (an
/// empty page by default) with `ok_status`.
LocalServer::Handler fail_then_ok(int status, int failures, std::string retry_after,
                                  std::shared_ptr<std::atomic<int>> served,
                                  std::string ok_body = loopback::kEmptyPage, int ok_status = 200) {
  return [=](const httplib::Request&, httplib::Response& res) {
    if (served->fetch_add(1) < failures) {
      res.status = status;
      res.set_header("Retry-After", retry_after);
      res.set_header("X-Request-Id", "req-" + std::to_string(served->load()));
      res.set_content(
          R"({"type":"about:blank","title":"busy","status":)" + std::to_string(status) + "}",
          "application/problem+json");
      return;
    }
    res.status = ok_status;
    res.set_content(ok_body, "application/json");
  };
}

/// A log sink counting the retry notes of the retry layer.
struct RetryNotes {
  std::shared_ptr<std::atomic<int>> count = std::make_shared<std::atomic<int>>(0);
  arize::LogSink sink() const {
    return [count = count](arize::LogLevel, std::string_view message) {
      if (message.find("retry") != std::string_view::npos) ++*count;
    };
  }
};

}  // namespace

TEST_SUITE("retry") {
  TEST_CASE("429 with Retry-After: 1, then 200: list succeeds after the wait") {
    auto served = std::make_shared<std::atomic<int>>(0);
    LocalServer server(fail_then_ok(429, 1, "1", served));
    arize::Client client(options_for(server.base_url(), "k"));
    const auto start = loopback::Clock::now();
    CHECK(client.api_keys.list().api_keys.get().empty());
    const double elapsed = seconds_since(start);
    CHECK(elapsed >= 0.95);
    CHECK(elapsed < 10.0);
    CHECK(server.seen.count() == 2);
  }

  TEST_CASE("503 with Retry-After, then 200: list and delete succeed") {
    auto served = std::make_shared<std::atomic<int>>(0);
    LocalServer server(fail_then_ok(503, 2, "1", served));
    arize::Client client(options_for(server.base_url(), "k"));
    const auto start = loopback::Clock::now();
    CHECK_NOTHROW((void)client.api_keys.list());
    CHECK(seconds_since(start) >= 1.9);
    CHECK(server.seen.count() == 3);
  }

  TEST_CASE("a create answered 503 is sent exactly once and throws ServerError") {
    auto served = std::make_shared<std::atomic<int>>(0);
    LocalServer server(fail_then_ok(503, 100, "0", served));
    RetryNotes notes;
    auto options = options_for(server.base_url(), "k");
    options.log = notes.sink();
    arize::Client client(options);
    try {
      (void)client.api_keys.create({.name = "once"});
      FAIL("expected ServerError");
    } catch (const arize::ServerError& e) {
      CHECK(e.status() == 503);
      CHECK(e.request_id() == std::optional<std::string>("req-1"));
      CHECK(e.method() == "POST");
    }
    CHECK(server.seen.count() == 1);
    CHECK(*notes.count == 0);
    // So is a refresh.
    CHECK_THROWS_AS((void)client.api_keys.refresh("QQ=="), arize::ServerError);
    CHECK(server.seen.count() == 2);
  }

  TEST_CASE("retries are bounded: max_attempts, and a Retry-After beyond max_total") {
    auto served = std::make_shared<std::atomic<int>>(0);
    SUBCASE("max_attempts = 3: three requests, then the 429 as RateLimitError") {
      LocalServer server(fail_then_ok(429, 100, "0", served));
      auto options = options_for(server.base_url(), "k");
      options.retry.max_attempts = 3;
      arize::Client client(options);
      CHECK_THROWS_AS((void)client.api_keys.list(), arize::RateLimitError);
      CHECK(server.seen.count() == 3);
    }
    SUBCASE("Retry-After: 30 with max_total 2 s: answered at once") {
      LocalServer server(fail_then_ok(503, 100, "30", served));
      auto options = options_for(server.base_url(), "k");
      options.retry.max_total = std::chrono::seconds(2);
      arize::Client client(options);
      const auto start = loopback::Clock::now();
      CHECK_THROWS_AS(client.api_keys.delete_key("QQ=="), arize::ServerError);
      CHECK(seconds_since(start) < 1.5);
      CHECK(server.seen.count() == 1);
    }
  }

  TEST_CASE("a dead port: TransportError kind connect, retried per policy, then thrown") {
    const int port = loopback::dead_port();
    RetryNotes notes;
    auto options = options_for("http://127.0.0.1:" + std::to_string(port), "secret-key-123");
    options.retry.max_attempts = 3;
    options.retry.initial_backoff = std::chrono::milliseconds(20);
    options.retry.max_backoff = std::chrono::milliseconds(100);
    options.log = notes.sink();
    arize::Client client(options);

    for (const bool create : {false, true}) {
      CAPTURE(create);
      *notes.count = 0;
      const auto start = loopback::Clock::now();
      const auto e = loopback::transport_error_of(
          [&] {
            if (create) {
              (void)client.api_keys.create({.name = "never sent"});  // not sent: safe to retry
            } else {
              (void)client.api_keys.list();
            }
          },
          arize::TransportError::Kind::connect);
      CHECK_FALSE(e.request_may_have_been_sent());
      CHECK(std::string(e.what()).find("secret-key-123") == std::string::npos);
      CHECK(seconds_since(start) < 5.0);
      CHECK(*notes.count == 2);  // two retries noted: three attempts
      CHECK(e.attempts() == 3);  // and the error says so
      CHECK(std::string(e.what()).find(" (3 attempts over ") != std::string::npos);
    }
  }

  TEST_CASE("a create answered 429: retry_after() has the wait; resent only when opted in") {
    const std::string created = rt::created_json().dump();
    SUBCASE("default: sent once, RateLimitError::retry_after() is the header's 7 s") {
      auto served = std::make_shared<std::atomic<int>>(0);
      LocalServer server(fail_then_ok(429, 100, "7", served, created, 201));
      arize::Client client(options_for(server.base_url(), "k"));
      try {
        (void)client.api_keys.create({.name = "once"});
        FAIL("expected RateLimitError");
      } catch (const arize::RateLimitError& e) {
        CHECK(e.retry_after() == std::chrono::seconds(7));
      }
      CHECK(server.seen.count() == 1);
      CHECK_THROWS_AS((void)client.api_keys.refresh("QQ=="), arize::RateLimitError);
      CHECK(server.seen.count() == 2);
    }
    SUBCASE("retry_non_idempotent_on_429 with max_attempts 3: two 429s, then the key") {
      auto served = std::make_shared<std::atomic<int>>(0);
      LocalServer server(fail_then_ok(429, 2, "0", served, created, 201));
      RetryNotes notes;
      auto options = options_for(server.base_url(), "k");
      options.retry.max_attempts = 3;
      options.retry.retry_non_idempotent_on_429 = true;
      options.log = notes.sink();
      arize::Client client(options);
      CHECK(client.api_keys.create({.name = "thrice"}).key.reveal() == rt::raw_key);
      CHECK(server.seen.count() == 3);
      CHECK(*notes.count == 2);
    }
    SUBCASE("retry_non_idempotent_on_429 with max_attempts 2: exactly two, then the 429") {
      auto served = std::make_shared<std::atomic<int>>(0);
      LocalServer server(fail_then_ok(429, 100, "0", served, created, 201));
      auto options = options_for(server.base_url(), "k");
      options.retry.max_attempts = 2;
      options.retry.retry_non_idempotent_on_429 = true;
      arize::Client client(options);
      CHECK_THROWS_AS((void)client.api_keys.refresh("QQ=="), arize::RateLimitError);
      CHECK(server.seen.count() == 2);
    }
  }
}
