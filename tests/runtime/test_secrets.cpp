// The bearer token and raw keys never leak into exception messages, logs or printed models.
#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>
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
  collect(
      [&] { (void)client.api_keys.create_service_key({.name = "n", .space_id = "U3BhY2U6Mg=="}); });
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
  int limit = 0;  // a variable: a literal out of range does not compile with clang++
  collect([&] { (void)client.api_keys.list({.limit = limit}); });
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

// Issue 21 item 7: the rule "a 2xx answer to an operation returning a secret never loses it"
// lives in the generated decode_<op>, so raw() and ApiKeysApi<T> over any transport keep the
// key as the facade does, and no ApiError carries it as text.
TEST_CASE("raw() and ApiKeysApi<T>: an undeclared or undecodable 2xx keeps the key") {
  const std::string raw = "ak-RAW-UNDECLARED-0123456789abcdef";
  Json created = rt::created_json();
  created["key"] = raw;
  RecordingTransport fake;
  fake.respond(200, created.dump());  // create declares 201
  fake.respond(201, created.dump());  // refresh declares 200
  Json bad = created;
  bad["status"] = 7;
  fake.respond(201, bad.dump());
  auto client = rt::client_for(fake);
  arize::v2026_06::ApiKeysApi<RecordingTransport&> direct(fake);
  const auto check = [&](auto&& call, const char* reason) {
    try {
      (void)call();
      FAIL("no exception");
    } catch (const arize::UndecodedKeyError& e) {
      REQUIRE(e.key().has_value());
      CHECK(e.key()->reveal() == raw);
      REQUIRE(e.secrets().size() == 1);
      CHECK(e.secrets()[0].member == "key");
      CHECK(e.key_id() == created["id"].get<std::string>());
      CHECK(rt::contains(e.reason(), reason));
      CHECK_FALSE(rt::contains(e.what(), raw));
    }
  };
  const auto create = [&] {
    return client.api_keys.raw().create_api_key(
        {.body = arize::v2026_06::ApiKeyCreate{.name = "n"}});
  };
  check(create, "a success this operation does not declare");
  check([&] { return direct.refresh_api_key({.api_key_id = "k"}); },
        "a success this operation does not declare");
  check([&] { return direct.create_api_key({.body = arize::v2026_06::ApiKeyCreate{.name = "n"}}); },
        "expected a string");
  CHECK(arize::redact_secrets(raw) == "[REDACTED]");
  // An operation whose success holds no secret: an undeclared 2xx stays an ApiError.
  fake.respond(200, created.dump());
  CHECK_THROWS_AS(direct.delete_api_key({.api_key_id = "k"}), arize::ApiError);
}

// Issue 21 item 3: a secret echoed into a quoted field is scrubbed before the quote is cut, and
// a key echoed into created_at of its own create is not in the message although the decoder
// reads `key` after `created_at`.
TEST_CASE("secrets echoed into quoted fields: no prefix of them in any message") {
  const std::string long_token = "tok-" + std::string(100, 'L') + "-end";
  RecordingTransport fake;
  auto options = rt::options_for(fake);
  options.api_key = arize::Secret(long_token);
  arize::Client client(options);
  Json bad = rt::created_json();
  bad["created_at"] = long_token;
  fake.respond(201, bad.dump());
  Json echo = rt::created_json();
  const std::string raw = "ak-ECHOED-IN-CREATED-AT-0123456789";
  echo["key"] = raw;
  echo["created_at"] = raw;
  fake.respond(201, echo.dump());
  for (int i = 0; i < 2; ++i) {
    try {
      (void)client.api_keys.create({.name = "n"});
      FAIL("no exception");
    } catch (const arize::UndecodedKeyError& e) {
      CAPTURE(e.what());
      CHECK_FALSE(rt::contains(e.what(), "LLLLLLLL"));
      CHECK_FALSE(rt::contains(e.what(), raw));
      CHECK_FALSE(rt::contains(e.reason(), raw));
      CHECK(rt::contains(e.what(), "\"[REDACTED]\""));
    }
  }
}

namespace {
/// The UndecodedKeyError a create through `client` throws (the test fails when none is thrown).
arize::UndecodedKeyError undecoded_create(arize::Client& client) {
  try {
    (void)client.api_keys.create({.name = "n"});
  } catch (const arize::UndecodedKeyError& e) {
    return e;
  }
  FAIL("no UndecodedKeyError");
  throw std::logic_error("unreachable");
}
}  // namespace

// Issue 21 item 4: a 2xx body that is not strict JSON still yields the key when a lenient
// reading finds it, and the message says what was found.
TEST_CASE("a created key in a body that is not strict JSON is recovered") {
  const std::string raw = "ak-LENIENT-0123456789abcdef";
  Json created = rt::created_json();
  created["key"] = raw;
  std::string latin1 = created.dump();
  latin1.replace(latin1.find("about"), 1, "\xE9");  // one Latin-1 byte in description
  RecordingTransport fake;
  fake.respond(201, latin1);
  fake.respond(201, created.dump() + "\x01");                       // a stray byte after the object
  fake.respond(201, created.dump() + "{\"key\":");                  // a second, truncated value
  fake.respond(201, "\xE9{\"key\": \"ak-NOT-RECOVERED-0123456\"");  // nothing complete
  auto client = rt::client_for(fake);
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    const auto e = undecoded_create(client);
    CAPTURE(e.what());
    REQUIRE(e.key().has_value());
    CHECK(e.key()->reveal() == raw);
    CHECK(e.body() == arize::UndecodedKeyError::Body::lenient);
    CHECK(rt::contains(e.what(), "not valid JSON"));
    CHECK(rt::contains(e.what(), "recovered the key"));
    CHECK_FALSE(rt::contains(e.what(), raw));
  }
  const auto e = undecoded_create(client);
  CAPTURE(e.what());
  CHECK_FALSE(e.key().has_value());
  CHECK(e.body() == arize::UndecodedKeyError::Body::unreadable);
  CHECK(rt::contains(e.what(), "no key was recovered"));
}

// A member named twice makes a body something the strict reading refuses: the key it holds is
// still recovered (every value of the repeated name), and an error body still has its problem
// details and keeps no secret, escaped or not.
TEST_CASE("a body that names a member twice: keys recovered, secrets kept out of errors") {
  const std::string first = "ak-TWICE-FIRST-0123456789";
  const std::string second = "ak-TWICE-SECOND-0123456789";
  std::string twice = rt::created_json().dump();
  twice.insert(twice.size() - 1, ",\"key\":\"" + second + "\"");
  twice.replace(twice.find(rt::created_json()["key"].get<std::string>()),
                rt::created_json()["key"].get<std::string>().size(), first);
  RecordingTransport fake;
  fake.respond(201, twice);
  auto client = rt::client_for(fake);
  {
    const auto e = undecoded_create(client);
    CAPTURE(e.what());
    REQUIRE(e.key().has_value());
    CHECK(e.key()->reveal() == first);
    REQUIRE(e.secrets().size() == 2);
    CHECK(e.secrets()[1].value.reveal() == second);
    CHECK(e.body() == arize::UndecodedKeyError::Body::json);
    CHECK_FALSE(rt::contains(e.what(), first));
    CHECK_FALSE(rt::contains(e.what(), second));
  }
  // Both are now known secrets: an error body repeating "detail", the first one holding a key
  // written with escapes (which scrubbing the raw text cannot see), keeps neither.
  std::string escaped = first;
  escaped.replace(0, 2, "\\u0061\\u006b");  // "ak"
  fake.respond(422, R"({"title":"Unprocessable","status":422,"detail":")" + escaped +
                        R"(","detail":"the last one"})");
  try {
    (void)client.api_keys.create({.name = "n"});
    FAIL("no exception");
  } catch (const arize::ApiError& e) {
    CAPTURE(e.what());
    CAPTURE(e.body());
    CHECK(e.status() == 422);
    CHECK(e.problem().detail == std::optional<std::string>("the last one"));
    CHECK(e.problem().status == std::optional<int>(422));
    CHECK_FALSE(rt::contains(e.body(), first.substr(2)));
    CHECK_FALSE(rt::contains(e.what(), first.substr(2)));
  }
}
