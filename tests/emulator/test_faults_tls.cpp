// Fault injection (--rate-limit, --fail-rate, --latency-ms) and HTTPS, over loopback.
#include "../support/tls_cert.hpp"
#include "support.hpp"

using namespace emu_test;

TEST_SUITE("faults") {
  TEST_CASE("--rate-limit: beyond N requests a second per key, 429 with Retry-After") {
    ServerOptions options;
    options.rate_limit = 3;
    Emulator emu(options);
    for (int i = 0; i < 3; ++i) CHECK(emu.get("/v2/api-keys", emu.admin_key).status == 200);
    std::optional<Reply> limited;
    for (int i = 0; i < 10 && !limited; ++i) {
      Reply reply = emu.get("/v2/api-keys", emu.admin_key);
      if (reply.status == 429) limited = std::move(reply);
    }
    REQUIRE(limited);
    check_problem(*limited, 429);
    const int retry_after = std::stoi(limited->header("Retry-After"));
    CHECK(retry_after >= 1);
    CHECK(retry_after <= 1);  // 3 a second: a token is back within a second
    // Another key has a bucket of its own.
    CHECK(emu.get("/v2/api-keys", emu.member_key).status == 200);
  }

  TEST_CASE("--fail-rate 1: every request is a 503 problem with Retry-After") {
    ServerOptions options;
    options.fail_rate = 1.0;
    Emulator emu(options);
    for (int i = 0; i < 3; ++i) {
      const Reply reply = emu.get("/v2/api-keys", emu.admin_key);
      check_problem(reply, 503);
      CHECK(reply.header("Retry-After") == "0");
    }
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", "n"}}), 503);
  }

  TEST_CASE("--fail-rate 0.5: some requests fail, some succeed") {
    ServerOptions options;
    options.fail_rate = 0.5;
    Emulator emu(options);
    int failed = 0;
    int passed = 0;
    for (int i = 0; i < 40; ++i) {
      const int status = emu.get("/v2/api-keys", emu.admin_key).status;
      (status == 503 ? failed : passed) += 1;
      CHECK((status == 503 || status == 200));
    }
    CHECK(failed > 0);
    CHECK(passed > 0);
  }

  TEST_CASE("--latency-ms delays every request") {
    ServerOptions options;
    options.latency_ms = 150;
    Emulator emu(options);
    const auto start = std::chrono::steady_clock::now();
    CHECK(emu.get("/v2/api-keys", emu.admin_key).status == 200);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
  }

  TEST_CASE("RateLimiter: a full bucket, then a wait") {
    RateLimiter limiter(2);
    CHECK_FALSE(limiter.acquire("a"));
    CHECK_FALSE(limiter.acquire("a"));
    const auto wait = limiter.acquire("a");
    REQUIRE(wait);
    CHECK(*wait == 1);
    CHECK_FALSE(limiter.acquire("b"));
  }
}

using arize_test::SelfSignedCert;

TEST_SUITE("tls") {
  TEST_CASE("--tls-cert/--tls-key: HTTPS with a certificate the client verifies") {
    SelfSignedCert files;
    ServerOptions options;
    options.tls_cert = files.cert.string();
    options.tls_key = files.key.string();
    Emulator emu(options);

    httplib::SSLClient client("127.0.0.1", emu.port);
    client.set_ca_cert_path(files.cert.string());
    client.enable_server_certificate_verification(true);
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    const auto res =
        client.Get("/v2/api-keys", httplib::Headers{{"Authorization", "Bearer " + emu.admin_key}});
    REQUIRE_MESSAGE(res, httplib::to_string(res.error()));
    CHECK(res->status == 200);
    CHECK(json::parse(res->body)["api_keys"].size() == 1);

    // Without the certificate as trust anchor, verification fails.
    httplib::SSLClient untrusting("127.0.0.1", emu.port);
    untrusting.set_ca_cert_path((files.dir / "missing.pem").string());
    untrusting.enable_server_certificate_verification(true);
    untrusting.set_connection_timeout(5);
    CHECK_FALSE(untrusting.Get("/v2/api-keys"));
    // Plain HTTP to the HTTPS port gets no HTTP response.
    httplib::Client plain("127.0.0.1", emu.port);
    plain.set_read_timeout(5);
    const auto plain_res = plain.Get("/v2/api-keys");
    CHECK((!plain_res || plain_res->status == 400));
  }

  TEST_CASE("unreadable or mismatched certificate files are refused at start") {
    SelfSignedCert files;
    SelfSignedCert other;
    Random random(1);
    Store store(Store::fresh_state(random), system_now, random);
    std::ostringstream log;
    ServerOptions options;
    options.tls_cert = (files.dir / "nope.pem").string();
    options.tls_key = files.key.string();
    CHECK_THROWS_AS(HttpServer(store, random, options, log), std::runtime_error);
    options.tls_cert = files.cert.string();
    options.tls_key = other.key.string();
    CHECK_THROWS_AS(HttpServer(store, random, options, log), std::runtime_error);
    options.tls_key = files.cert.string();  // not a key
    CHECK_THROWS_AS(HttpServer(store, random, options, log), std::runtime_error);
  }
}
