// Small pieces: base64, redaction, seeded randomness, command-line parsing.
#include <atomic>
#include <chrono>
#include <limits>

#include "options.hpp"
#include "support.hpp"

using namespace emu_test;

TEST_SUITE("unit") {
  TEST_CASE("base64 and base64url") {
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64_encode("foo") == "Zm9v");
    CHECK(base64_encode("Space:1") == "U3BhY2U6MQ==");
    CHECK(base64_encode("\xfb\xff") == "+/8=");
    CHECK(base64url_encode("\xfb\xff") == "-_8");
    for (const std::string text : {"", "a", "ab", "abc", "abcd", "\x00\xff\x10"}) {
      CHECK(base64url_decode(base64url_encode(text)) == text);
    }
    CHECK_FALSE(base64url_decode("a"));     // impossible length
    CHECK_FALSE(base64url_decode("ab=="));  // padding is not url-safe form
    CHECK_FALSE(base64url_decode("a+b/"));  // standard alphabet
    CHECK_FALSE(base64url_decode("Zh"));    // non-zero leftover bits
    CHECK(hex_decode(hex_encode("\x01\xab")) == std::string("\x01\xab"));
    CHECK_FALSE(hex_decode("abc"));
    CHECK_FALSE(hex_decode("zz"));
  }

  TEST_CASE("redacted keys show 3 + 3 characters of the secret") {
    CHECK(redact_key("ak-abcdefghijklmnopqrstuvwxyz") == "ak-abc...xyz");
    CHECK(redact_key("custom-secret-value") == "ak-cus...lue");
    CHECK(redact_key("ak-short") == "ak-...");
  }

  TEST_CASE("seeded randomness repeats; unseeded does not") {
    Random a(5);
    Random b(5);
    CHECK(a.bytes(50) == b.bytes(50));
    CHECK(a.bytes(8) != a.bytes(8));
    Random c;
    Random d;
    CHECK(c.bytes(16) != d.bytes(16));
    for (int i = 0; i < 100; ++i) {
      const double u = a.uniform();
      CHECK(u >= 0.0);
      CHECK(u < 1.0);
    }
  }

  TEST_CASE("parse_options") {
    const Options defaults = parse_options({});
    CHECK(defaults.server.host == "127.0.0.1");
    CHECK(defaults.server.port == 0);
    CHECK_FALSE(defaults.state_file);

    const Options all = parse_options({"--host",       "0.0.0.0",     "--port=8080",
                                       "--tls-cert",   "c.pem",       "--tls-key",
                                       "k.pem",        "--admin-key", "A",
                                       "--member-key", "M",           "--space",
                                       "S1",           "--space=S2",  "--state",
                                       "s.json",       "--fail-rate", "0.25",
                                       "--latency-ms", "5",           "--rate-limit",
                                       "10",           "--seed",      "9",
                                       "--verbose"});
    CHECK(all.server.host == "0.0.0.0");
    CHECK(all.server.port == 8080);
    CHECK(all.server.tls_cert == "c.pem");
    CHECK(all.server.tls_key == "k.pem");
    CHECK(all.admin_key == "A");
    CHECK(all.member_key == "M");
    CHECK(all.spaces == std::vector<std::string>{"S1", "S2"});
    CHECK(all.state_file == "s.json");
    CHECK(all.server.fail_rate == doctest::Approx(0.25));
    CHECK(all.server.latency_ms == 5);
    CHECK(all.server.rate_limit == 10);
    CHECK(all.seed == 9u);
    CHECK(all.server.verbose);
    CHECK(parse_options({"--help"}).help);

    for (const std::vector<std::string>& bad : {std::vector<std::string>{"--port", "-1"},
                                                {"--port", "65536"},
                                                {"--port", "8o"},
                                                {"--fail-rate", "1.5"},
                                                {"--fail-rate", "nan"},
                                                {"--fail-rate", ""},
                                                {"--seed", "-3"},
                                                {"--tls-key", "k.pem"},
                                                {"--state"},
                                                {"--what"},
                                                {"positional"}}) {
      CAPTURE(bad.front());
      CHECK_THROWS_AS((void)parse_options(bad), UsageError);
    }
  }

  TEST_CASE("ensure_user_key: a given key is kept, reused, or refused when unusable") {
    Random random(1);
    Store store(Store::fresh_state(random), system_now, random);
    CHECK(store.ensure_user_key(kAdminUserId, std::string("ak-given-admin-key")) ==
          "ak-given-admin-key");
    CHECK(store.ensure_user_key(kAdminUserId, std::string("ak-given-admin-key")) ==
          "ak-given-admin-key");
    CHECK(store.snapshot().keys.size() == 1);
    CHECK_THROWS_AS(store.ensure_user_key(kMemberUserId, std::string("ak-given-admin-key")),
                    std::invalid_argument);
    CHECK_THROWS_AS(store.ensure_user_key(kMemberUserId, std::string("has space")),
                    std::invalid_argument);
    CHECK_THROWS_AS(store.ensure_user_key(kMemberUserId, std::string()), std::invalid_argument);
    CHECK_THROWS_AS(store.ensure_space(""), std::invalid_argument);
  }

  // Commands built in-process skip the wire's checks: Store still never overflows (UBSan
  // watches this in the second build) and clamps the page size.
  TEST_CASE("Store: in-process commands out of the wire's ranges stay defined") {
    Random random(1);
    Store store(Store::fresh_state(random), system_now, random);
    const std::string admin = store.ensure_user_key(kAdminUserId, std::nullopt);
    const CreatedKey key = store.create(admin, NewKey{.name = "k"});
    const CreatedKey replacement =
        store.refresh(admin, key.record.id,
                      KeyRefresh{.grace_period_seconds = std::numeric_limits<std::int64_t>::max()});
    const ListPage deleted = store.list(admin, ListFilter{.deleted = true});
    REQUIRE(deleted.keys.size() == 1);
    REQUIRE(deleted.keys[0].valid_until.has_value());
    CHECK(*deleted.keys[0].valid_until <= arize::max_datetime);
    CHECK(*deleted.keys[0].valid_until > arize::max_datetime - std::chrono::seconds(1));
    const ListPage one = store.list(replacement.raw_key, ListFilter{.limit = 0});
    CHECK(one.keys.size() == 1);
    CHECK(one.has_more);
  }
  // cpp-httplib's stop() acts only on a running accept loop. A server that starts after the
  // constructor gave up on it must still be stopped, or the join never returns.
  TEST_CASE("ServerThread stops a server that starts after its time limit") {
    struct LateServer {
      std::atomic<bool> running{false};
      std::atomic<bool> stopping{false};
      [[nodiscard]] bool is_running() const { return running; }
      void stop() {
        if (running) stopping = true;
      }
      bool run() {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        running = true;
        for (int i = 0; i < 10000 && !stopping; ++i) {  // 10 s at most: a failure, not a hang
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        const bool stopped = stopping;
        running = false;
        return stopped;
      }
    };
    LateServer server;
    CHECK_THROWS_AS(ServerThread<LateServer>(server, std::chrono::milliseconds(10)),
                    std::runtime_error);
    CHECK(server.stopping);  // else run() gave up after 10 s: the join would have hung
  }
}
