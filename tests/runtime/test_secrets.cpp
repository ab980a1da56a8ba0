// The bearer token and raw keys never leak into exception messages, logs or printed models.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "support/unit_support.hpp"

using rt::Json;
using rt::RecordingTransport;

TEST_CASE("the token and raw keys appear in no exception message, log line or printed model") {
  RecordingTransport fake;
  rt::CapturingLog log;
  arize::ClientOptions options = rt::options_for(fake);
  options.log = log.sink();
  options.retry = rt::fast_retry(3);
  arize::Client client(std::move(options));

  std::vector<std::string> messages;
  const auto collect = [&](auto call) {
    try {
      call();
    } catch (const arize::Error& e) {
      messages.emplace_back(e.what());
    }
  };
  const std::string problem =
      Json{{"title", "Unauthorized"}, {"status", 401}, {"detail", "bad credentials"}}.dump();

  // Retried responses (logged), then every kind of failure.
  fake.respond(503, "", {{"Retry-After", "0"}});
  fake.respond(429, "");
  fake.respond(200, rt::list_body({"a"}, std::nullopt, false));
  (void)client.api_keys.list({.cursor = "c"});
  fake.respond(401, problem);
  collect([&] { (void)client.api_keys.create({.name = "n"}); });
  fake.respond(403, problem);
  collect([&] { (void)client.api_keys.create_service_key({.name = "n", .space_id = "s"}); });
  fake.respond(503, problem);
  fake.respond(404, problem);
  collect([&] { client.api_keys.delete_key("k"); });
  fake.respond(500, problem);
  collect([&] { (void)client.api_keys.refresh("k", {.grace_period_seconds = 5}); });
  fake.fail(arize::TransportError(arize::TransportError::Kind::receive, "connection reset", true));
  collect([&] { (void)client.api_keys.refresh("k"); });
  fake.respond(201, "not json");
  collect([&] { (void)client.api_keys.create({.name = "n"}); });
  Json bad = rt::created_json();
  bad["status"] = 7;
  fake.respond(201, bad.dump());
  collect([&] { (void)client.api_keys.create({.name = "n"}); });
  collect([&] { (void)client.api_keys.list({.limit = 0}); });
  collect([] {
    (void)arize::Client(
        arize::ClientOptions{.api_key = arize::Secret(rt::token), .base_url = "http://u:p@h"});
  });

  fake.respond(201, rt::created_json().dump());
  const arize::ApiKeyCreated created = client.api_keys.create({.name = "n"});
  CHECK(created.key.reveal() == rt::raw_key);  // the key was really there to leak

  CHECK(messages.size() == 9);
  for (const auto& m : messages) {
    CAPTURE(m);
    CHECK_FALSE(rt::contains(m, rt::token));
    CHECK_FALSE(rt::contains(m, rt::raw_key));
  }

  // The retries were logged, by method and path only.
  const std::string logged = log.all();
  CHECK(rt::contains(logged, "GET /v2/api-keys failed (HTTP 503)"));
  CHECK(rt::contains(logged, "GET /v2/api-keys failed (HTTP 429)"));
  CHECK(rt::contains(logged, "DELETE /v2/api-keys/k failed (HTTP 503)"));
  CHECK_FALSE(rt::contains(logged, rt::token));
  CHECK_FALSE(rt::contains(logged, rt::raw_key));

  // Every request really carried the token.
  for (const auto& r : fake.requests())
    CHECK(r.headers.get("Authorization") == "Bearer test-token");

  std::ostringstream printed;
  printed << created << ' ' << created.key << ' ' << arize::to_string(created.key);
  CHECK_FALSE(rt::contains(printed.str(), rt::raw_key));
  CHECK(rt::contains(printed.str(), "\"key\":\"[REDACTED]\""));
  CHECK(printed.str().ends_with("} [REDACTED] [REDACTED]"));
  // Printing does not damage the value.
  CHECK(created.key.reveal() == rt::raw_key);
  CHECK(arize::encode(created)["key"] == rt::raw_key);
}

TEST_CASE("a Secret prints redacted and compares by value") {
  const arize::Secret a(rt::raw_key);
  std::ostringstream out;
  out << a;
  CHECK(out.str() == "[REDACTED]");
  CHECK(a == arize::Secret(rt::raw_key));
  CHECK_FALSE(a == arize::Secret("other"));
  arize::Secret moved = a;
  arize::Secret target = std::move(moved);
  CHECK(target.reveal() == rt::raw_key);
  CHECK(moved.empty());  // NOLINT(bugprone-use-after-move): a moved-from Secret is wiped
}

// Every raw key the process decodes is remembered, whichever way it came in: an error that
// later quotes it (a server echoing it in a problem) shows "[REDACTED]".
TEST_CASE("a key created through raw() is redacted from later errors too") {
  const std::string raw = "ak-THROUGH-RAW-0123456789abcdef";
  Json created = rt::created_json();
  created["key"] = raw;
  RecordingTransport fake;
  fake.respond(201, created.dump());
  fake.respond(400, Json{{"title", "Bad Request"}, {"detail", "key " + raw + " again"}}.dump());
  auto client = rt::client_for(fake);
  const auto made =
      client.api_keys.raw().create_api_key({.body = arize::v2026_06::ApiKeyCreate{.name = "n"}});
  REQUIRE(made.key.reveal() == raw);
  try {
    client.api_keys.delete_key("k");
    FAIL("no exception");
  } catch (const arize::ApiError& e) {
    CHECK(e.problem().detail == "key [REDACTED] again");
    CHECK_FALSE(rt::contains(e.what(), raw));
    CHECK_FALSE(rt::contains(e.body(), raw));
  }
}
