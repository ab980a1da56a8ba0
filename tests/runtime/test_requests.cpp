// The exact requests arize::Client sends for every operation and parameter, the decoding of
// every declared response, error statuses, malformed responses and validation.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "support/unit_support.hpp"

using arize::ApiKeyStatus;
using arize::ApiKeyType;
using arize::HttpRequest;
using rt::Json;
using rt::RecordingTransport;

namespace {

void check_common_headers(const HttpRequest& r, bool with_body) {
  CHECK(r.headers.get("Authorization") == "Bearer test-token");
  CHECK(r.headers.get("Accept") == "application/json");
  CHECK(r.headers.get("User-Agent") == "arize-cpp/0.1.0");
  if (with_body) {
    CHECK(r.headers.get("Content-Type") == "application/json");
    REQUIRE(r.body.has_value());
  } else {
    CHECK_FALSE(r.headers.contains("Content-Type"));
    CHECK_FALSE(r.body.has_value());
  }
}

Json body_of(const HttpRequest& r) {
  REQUIRE(r.body.has_value());
  const Json j = Json::parse(*r.body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

void check_no_read_only_fields(const Json& body) {
  for (const char* field : {"id", "status", "redacted_key", "created_at", "created_by_user_id",
                            "last_used_at", "key"}) {
    CAPTURE(field);
    CHECK_FALSE(body.contains(field));
  }
}

}  // namespace

TEST_CASE("list sends GET /v2/api-keys and decodes the page") {
  RecordingTransport fake;
  Json second = rt::api_key_json("a2");
  second.erase("description");
  second.erase("expires_at");
  second.erase("last_used_at");
  second["key_type"] = "service";
  second["status"] = "deleted";
  fake.respond(200, Json{{"api_keys", {rt::api_key_json("a1"), second}},
                         {"pagination", {{"next_cursor", "c+/="}, {"has_more", true}}}}
                        .dump());
  auto client = rt::client_for(fake);

  const arize::ApiKeyList page = client.api_keys.list();

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 1);
  const HttpRequest& r = requests[0];
  CHECK(r.method == "GET");
  CHECK(r.path == "/v2/api-keys");
  CHECK(r.query.empty());
  CHECK(r.target() == "/v2/api-keys");
  CHECK(r.operation_id == "list_api_keys");
  CHECK(r.idempotent);
  check_common_headers(r, false);

  REQUIRE(page.api_keys.size() == 2);
  const arize::ApiKey& k = page.api_keys[0];
  CHECK(k.id == "a1");
  CHECK(k.name == "key a1");
  CHECK(k.description == "about a1");
  CHECK(k.key_type == ApiKeyType::user);
  CHECK(k.status == ApiKeyStatus::active);
  CHECK(k.redacted_key == "ak-abc...xyz");
  CHECK(k.created_at.get() == arize::parse_datetime("2024-01-15T10:30:00Z"));
  CHECK(k.expires_at == arize::parse_datetime("2030-06-01T00:00:00.5Z"));
  CHECK(k.last_used_at == arize::parse_datetime("2024-02-01T07:00:00Z"));
  CHECK(k.created_by_user_id == "VXNlcjox");
  const arize::ApiKey& k2 = page.api_keys[1];
  CHECK(k2.key_type == ApiKeyType::service);
  CHECK(k2.status == ApiKeyStatus::deleted);
  CHECK_FALSE(k2.description.has_value());
  CHECK_FALSE(k2.expires_at.has_value());
  CHECK_FALSE(k2.last_used_at.has_value());
  CHECK(page.pagination.has_more == true);
  CHECK(page.pagination.next_cursor == "c+/=");
}

TEST_CASE("list sends every filter in the query, encoded") {
  RecordingTransport fake;
  fake.otherwise([](const HttpRequest&) {
    return arize::HttpResponse{.status = 200, .body = rt::list_body({}, std::nullopt, false)};
  });
  auto client = rt::client_for(fake);

  client.api_keys.list({
      .key_type = ApiKeyType::service,
      .status = ApiKeyStatus::deleted,
      .space_id = "U3BhY2U6MQ==",
      .user_id = "u 1&x",
      .limit = 100,
      .cursor = "abc+/==",
  });
  client.api_keys.list({.key_type = ApiKeyType::user, .status = ApiKeyStatus::active, .limit = 1});
  client.api_keys.list({.key_type = arize::Open<ApiKeyType>::from_wire("bot")});
  client.api_keys.list({.cursor = "x"});

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].target() ==
        "/v2/api-keys?key_type=service&status=deleted&space_id=U3BhY2U6MQ%3D%3D"
        "&user_id=u%201%26x&limit=100&cursor=abc%2B%2F%3D%3D");
  using Q = std::vector<std::pair<std::string, std::string>>;
  CHECK(requests[0].query == Q{{"key_type", "service"},
                               {"status", "deleted"},
                               {"space_id", "U3BhY2U6MQ=="},
                               {"user_id", "u 1&x"},
                               {"limit", "100"},
                               {"cursor", "abc+/=="}});
  CHECK(requests[1].target() == "/v2/api-keys?key_type=user&status=active&limit=1");
  CHECK(requests[2].target() == "/v2/api-keys?key_type=bot");
  CHECK(requests[3].target() == "/v2/api-keys?cursor=x");
  for (const auto& r : requests) {
    CHECK(r.method == "GET");
    CHECK(r.path == "/v2/api-keys");
    check_common_headers(r, false);
  }
}

TEST_CASE("create sends a user key body and decodes the created key") {
  RecordingTransport fake;
  fake.respond(201, rt::created_json().dump());
  fake.respond(201, rt::created_json().dump());
  auto client = rt::client_for(fake);

  const arize::ApiKeyCreated created = client.api_keys.create({
      .name = "CI pipeline key",
      .description = "for CI",
      .expires_at = arize::parse_datetime("2030-01-01T00:00:00Z"),
  });
  (void)client.api_keys.create({.name = "x"});

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 2);
  const HttpRequest& r = requests[0];
  CHECK(r.method == "POST");
  CHECK(r.path == "/v2/api-keys");
  CHECK(r.target() == "/v2/api-keys");
  CHECK(r.operation_id == "create_api_key");
  CHECK_FALSE(r.idempotent);
  check_common_headers(r, true);
  const Json body = body_of(r);
  CHECK(body == Json{{"name", "CI pipeline key"},
                     {"description", "for CI"},
                     {"key_type", "user"},
                     {"expires_at", "2030-01-01T00:00:00Z"}});
  check_no_read_only_fields(body);
  CHECK(body_of(requests[1]) == Json{{"name", "x"}, {"key_type", "user"}});

  CHECK(created.id == "QXBpS2V5OjE=");
  CHECK(created.name == "key QXBpS2V5OjE=");
  CHECK(created.key_type == ApiKeyType::user);
  CHECK(created.status == ApiKeyStatus::active);
  CHECK(created.created_at.get() == arize::parse_datetime("2024-01-15T10:30:00Z"));
  CHECK(created.key.reveal() == rt::raw_key);
  std::ostringstream key_text;
  key_text << created.key;
  CHECK(key_text.str() == "[REDACTED]");
  std::ostringstream model_text;
  model_text << created;
  CHECK(rt::contains(model_text.str(), "\"key\":\"[REDACTED]\""));
  CHECK_FALSE(rt::contains(model_text.str(), rt::raw_key));
  CHECK(rt::contains(model_text.str(), "QXBpS2V5OjE="));
}

TEST_CASE("create_service_key sends key_type service, space_id, and roles only when given") {
  RecordingTransport fake;
  for (int i = 0; i < 4; ++i) fake.respond(201, rt::created_json().dump());
  auto client = rt::client_for(fake);

  (void)client.api_keys.create_service_key({.name = "svc", .space_id = "U3BhY2U6MQ=="});
  (void)client.api_keys.create_service_key(
      {.name = "svc", .space_id = "U3BhY2U6Mg==", .space_role = arize::SpaceRole::admin});
  (void)client.api_keys.create_service_key({
      .name = "svc",
      .space_id = "U3BhY2U6Mg==",
      .description = "d",
      .expires_at = arize::parse_datetime("2031-02-03T04:05:06Z"),
      .space_role = arize::SpaceRole::read_only,
      .org_role = arize::OrgRole::read_only,
      .account_role = arize::AccountRole::admin,
  });
  (void)client.api_keys.create_service_key(
      {.name = "svc", .space_id = "U3BhY2U6Mg==", .org_role = arize::OrgRole::member});

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 4);
  for (const auto& r : requests) {
    CHECK(r.method == "POST");
    CHECK(r.target() == "/v2/api-keys");
    check_common_headers(r, true);
    check_no_read_only_fields(body_of(r));
  }
  CHECK(body_of(requests[0]) ==
        Json{{"name", "svc"}, {"key_type", "service"}, {"space_id", "U3BhY2U6MQ=="}});
  CHECK(body_of(requests[1]) == Json{{"name", "svc"},
                                     {"key_type", "service"},
                                     {"space_id", "U3BhY2U6Mg=="},
                                     {"roles", {{"space_role", "admin"}}}});
  CHECK(
      body_of(requests[2]) ==
      Json{{"name", "svc"},
           {"description", "d"},
           {"key_type", "service"},
           {"expires_at", "2031-02-03T04:05:06Z"},
           {"space_id", "U3BhY2U6Mg=="},
           {"roles",
            {{"space_role", "read-only"}, {"org_role", "read-only"}, {"account_role", "admin"}}}});
  CHECK(body_of(requests[3]) == Json{{"name", "svc"},
                                     {"key_type", "service"},
                                     {"space_id", "U3BhY2U6Mg=="},
                                     {"roles", {{"org_role", "member"}}}});
}

TEST_CASE("delete_key and revoke send DELETE with the id percent-encoded") {
  RecordingTransport fake;
  for (int i = 0; i < 4; ++i) fake.respond(204);
  auto client = rt::client_for(fake);

  client.api_keys.delete_key("QXBp/+1==");
  client.api_keys.revoke("..");
  client.api_keys.delete_key("plain");
  client.api_keys.revoke("a b?");

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].path == "/v2/api-keys/QXBp%2F%2B1%3D%3D");
  CHECK(requests[1].path == "/v2/api-keys/%2E%2E");
  CHECK(requests[2].path == "/v2/api-keys/plain");
  CHECK(requests[3].path == "/v2/api-keys/a%20b%3F");
  for (const auto& r : requests) {
    CHECK(r.method == "DELETE");
    CHECK(r.query.empty());
    CHECK(r.target() == r.path);
    CHECK(r.operation_id == "delete_api_key");
    CHECK(r.idempotent);
    check_common_headers(r, false);
  }

  CHECK_THROWS_AS(client.api_keys.delete_key(""), arize::ValidationError);
  CHECK(fake.requests().size() == 4);
}

TEST_CASE("refresh sends no body without params and the given fields otherwise") {
  RecordingTransport fake;
  for (int i = 0; i < 4; ++i) fake.respond(200, rt::created_json("TmV3").dump());
  auto client = rt::client_for(fake);

  const arize::ApiKeyCreated fresh = client.api_keys.refresh("k/1=");
  (void)client.api_keys.refresh("..", {.expires_at = arize::parse_datetime("2032-01-01T00:00:00Z"),
                                       .grace_period_seconds = 3600});
  (void)client.api_keys.refresh("k", {.grace_period_seconds = 0});
  (void)client.api_keys.refresh("k", {.expires_at = arize::parse_datetime("2032-01-01T00:00:00Z")});

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].path == "/v2/api-keys/k%2F1%3D/refresh");
  CHECK(requests[1].path == "/v2/api-keys/%2E%2E/refresh");
  for (const auto& r : requests) {
    CHECK(r.method == "POST");
    CHECK(r.query.empty());
    CHECK(r.operation_id == "refresh_api_key");
    CHECK_FALSE(r.idempotent);
  }
  check_common_headers(requests[0], false);
  check_common_headers(requests[1], true);
  CHECK(body_of(requests[1]) ==
        Json{{"expires_at", "2032-01-01T00:00:00Z"}, {"grace_period_seconds", 3600}});
  CHECK(body_of(requests[2]) == Json{{"grace_period_seconds", 0}});
  CHECK(body_of(requests[3]) == Json{{"expires_at", "2032-01-01T00:00:00Z"}});

  CHECK(fresh.id == "TmV3");
  CHECK(fresh.key.reveal() == rt::raw_key);

  // Variables: a literal out of range does not compile with clang++ (core/param.hpp).
  for (int seconds : {86401, -1}) {
    CAPTURE(seconds);
    CHECK_THROWS_AS((void)client.api_keys.refresh("k", {.grace_period_seconds = seconds}),
                    arize::ValidationError);
  }
  CHECK(fake.requests().size() == 4);
}

namespace {

std::string problem_body(int status) {
  return Json{{"type", "https://arize.com/problems/x"},
              {"title", "Title " + std::to_string(status)},
              {"status", status},
              {"detail", "Detail " + std::to_string(status)},
              {"instance", "/i/" + std::to_string(status)}}
      .dump();
}

/// Runs `call` against a scripted error response and checks the exception.
template <class E, class Call>
void check_error(int status, const char* method, const char* path, Call call) {
  CAPTURE(status);
  CAPTURE(method);
  RecordingTransport fake;
  fake.respond(status, problem_body(status),
               {{"Content-Type", "application/problem+json"}, {"X-Request-Id", "req-42"}});
  auto client = rt::client_for(fake);
  bool thrown = false;
  try {
    call(client);
  } catch (const E& e) {
    thrown = true;
    CHECK(typeid(e) == typeid(E));
    CHECK(e.status() == status);
    CHECK(e.problem().title == "Title " + std::to_string(status));
    CHECK(e.problem().detail == "Detail " + std::to_string(status));
    CHECK(e.problem().type == "https://arize.com/problems/x");
    CHECK(e.problem().instance == "/i/" + std::to_string(status));
    CHECK(e.problem().status == status);
    CHECK(e.method() == method);
    CHECK(e.path() == path);
    CHECK(e.request_id() == "req-42");
    const std::string what = e.what();
    CHECK(rt::contains(what, std::to_string(status)));
    CHECK(rt::contains(what, path));
    CHECK_FALSE(rt::contains(what, rt::token));
  }
  CHECK(thrown);
  CHECK(fake.requests().size() == 1);
}

template <class E>
void check_error_on_every_operation(int status) {
  check_error<E>(status, "GET", "/v2/api-keys",
                 [](arize::Client& c) { (void)c.api_keys.list({.limit = 5}); });
  check_error<E>(status, "POST", "/v2/api-keys",
                 [](arize::Client& c) { (void)c.api_keys.create({.name = "n"}); });
  check_error<E>(status, "POST", "/v2/api-keys", [](arize::Client& c) {
    (void)c.api_keys.create_service_key({.name = "n", .space_id = "U3BhY2U6Mg=="});
  });
  check_error<E>(status, "DELETE", "/v2/api-keys/a%2Fb",
                 [](arize::Client& c) { c.api_keys.delete_key("a/b"); });
  check_error<E>(status, "POST", "/v2/api-keys/a%2Fb/refresh",
                 [](arize::Client& c) { (void)c.api_keys.refresh("a/b"); });
}

}  // namespace

TEST_CASE("each error status becomes its exception class, with the problem details") {
  check_error_on_every_operation<arize::BadRequestError>(400);
  check_error_on_every_operation<arize::UnauthorizedError>(401);
  check_error_on_every_operation<arize::ForbiddenError>(403);
  check_error_on_every_operation<arize::NotFoundError>(404);
  check_error_on_every_operation<arize::UnprocessableEntityError>(422);
  check_error_on_every_operation<arize::RateLimitError>(429);
  check_error_on_every_operation<arize::ServerError>(500);
  check_error_on_every_operation<arize::ServerError>(503);
}

TEST_CASE("an error without a problem body still maps by status") {
  RecordingTransport fake;
  fake.respond(502, "<html>bad gateway</html>", {{"Content-Type", "text/html"}});
  fake.respond(418, "");
  fake.respond(200, "{}");  // a success status the operation does not declare
  auto client = rt::client_for(fake);
  try {
    client.api_keys.delete_key("k");
    FAIL("no exception");
  } catch (const arize::ServerError& e) {
    CHECK(e.status() == 502);
    CHECK(e.problem() == arize::ProblemDetails{});
    CHECK(e.body() == "<html>bad gateway</html>");
    CHECK_FALSE(e.request_id().has_value());
  }
  CHECK_THROWS_AS(client.api_keys.delete_key("k"), arize::ApiError);
  try {
    client.api_keys.delete_key("k");
    FAIL("no exception");
  } catch (const arize::ApiError& e) {
    CHECK(e.status() == 200);
  }
}

TEST_CASE("malformed success responses throw DecodeError naming the JSON path") {
  RecordingTransport fake;
  auto client = rt::client_for(fake);

  SUBCASE("not JSON") {
    fake.respond(200, "{\"api_keys\": [");
    try {
      (void)client.api_keys.list();
      FAIL("no exception");
    } catch (const arize::DecodeError& e) {
      CHECK(e.path().empty());
      CHECK(e.context() == "GET /v2/api-keys -> 200");
      CHECK(rt::contains(e.what(), "not valid JSON"));
    }
  }
  SUBCASE("a missing required field") {
    Json key = rt::api_key_json("a");
    key.erase("name");
    fake.respond(
        200, Json{{"api_keys", {rt::api_key_json("z"), key}}, {"pagination", {{"has_more", false}}}}
                 .dump());
    try {
      (void)client.api_keys.list();
      FAIL("no exception");
    } catch (const arize::DecodeError& e) {
      CHECK(e.path() == "api_keys[1].name");
      CHECK(e.reason() == "missing required field");
      CHECK(rt::contains(e.what(), "api_keys[1].name"));
      CHECK(rt::contains(e.what(), "GET /v2/api-keys -> 200"));
    }
  }
  SUBCASE("a wrong type") {
    fake.respond(200,
                 Json{{"api_keys", Json::array()}, {"pagination", {{"has_more", "yes"}}}}.dump());
    try {
      (void)client.api_keys.list();
      FAIL("no exception");
    } catch (const arize::DecodeError& e) {
      CHECK(e.path() == "pagination.has_more");
      CHECK(rt::contains(e.what(), "pagination.has_more"));
      CHECK(rt::contains(e.reason(), "boolean"));
    }
  }
  SUBCASE("the created key missing its raw key") {
    Json created = rt::created_json();
    created.erase("key");
    fake.respond(201, created.dump());
    try {
      (void)client.api_keys.create({.name = "n"});
      FAIL("no exception");
    } catch (const arize::DecodeError& e) {
      CHECK(e.path() == "key");
      CHECK(e.context() == "POST /v2/api-keys -> 201");
    }
  }
  SUBCASE("a wrong type in a refreshed key, next to the raw key") {
    Json created = rt::created_json();
    created["created_at"] = 12;
    fake.respond(200, created.dump());
    try {
      (void)client.api_keys.refresh("k");
      FAIL("no exception");
    } catch (const arize::DecodeError& e) {
      CHECK(e.path() == "created_at");
      CHECK_FALSE(rt::contains(e.what(), rt::raw_key));
    }
  }
  CHECK(fake.requests().size() == 1);
}

TEST_CASE("unknown enum values in responses are kept") {
  RecordingTransport fake;
  Json key = rt::api_key_json("a");
  key["key_type"] = "robot";
  key["status"] = "suspended";
  fake.respond(200, Json{{"api_keys", {key}}, {"pagination", {{"has_more", false}}}}.dump());
  auto client = rt::client_for(fake);
  const auto page = client.api_keys.list();
  REQUIRE(page.api_keys.size() == 1);
  const auto& k = page.api_keys[0];
  CHECK_FALSE(k.key_type.get().is_known());
  CHECK(k.key_type.get().wire() == "robot");
  CHECK_FALSE(k.key_type.get().known().has_value());
  CHECK_FALSE(k.status.get().is_known());
  CHECK(k.status.get().wire() == "suspended");
  CHECK_FALSE(k.key_type == ApiKeyType::user);
  // And it round-trips.
  CHECK(arize::encode(k)["key_type"] == "robot");
}

TEST_CASE("the bounds the facade's types give the compiler are the API's, in both revisions") {
  using Limit = decltype(arize::ListKeysParams::limit);
  using Grace = decltype(arize::RefreshParams::grace_period_seconds);
  static_assert(Limit::minimum == 1 && Limit::maximum == 100);
  static_assert(Grace::minimum == 0 && Grace::maximum == 86400);
  for (const auto revision : {arize::ApiRevision::v2026_06, arize::ApiRevision::v2026_07}) {
    CAPTURE(revision);
    RecordingTransport fake;
    auto options = rt::options_for(fake);
    options.api_revision = revision;
    arize::Client client(options);
    fake.respond(200, rt::list_body({}, std::nullopt, false));
    fake.respond(200, rt::list_body({}, std::nullopt, false));
    (void)client.api_keys.list({.limit = Limit::minimum});
    (void)client.api_keys.list({.limit = Limit::maximum});
    for (int limit : {Limit::minimum - 1, Limit::maximum + 1}) {
      CAPTURE(limit);
      CHECK_THROWS_AS((void)client.api_keys.list({.limit = limit}), arize::ValidationError);
    }
    fake.respond(200, rt::created_json().dump());
    fake.respond(200, rt::created_json().dump());
    (void)client.api_keys.refresh("k", {.grace_period_seconds = Grace::minimum});
    (void)client.api_keys.refresh("k", {.grace_period_seconds = Grace::maximum});
    for (int seconds : {Grace::minimum - 1, Grace::maximum + 1}) {
      CAPTURE(seconds);
      CHECK_THROWS_AS((void)client.api_keys.refresh("k", {.grace_period_seconds = seconds}),
                      arize::ValidationError);
    }
    CHECK(fake.requests().size() == 4);
  }
}

TEST_CASE("invalid requests throw ValidationError and send nothing") {
  RecordingTransport fake;
  auto client = rt::client_for(fake);

  const auto expect_invalid = [&](auto call, const std::string& path) {
    CAPTURE(path);
    try {
      call();
      FAIL("no exception");
    } catch (const arize::ValidationError& e) {
      CHECK(e.path() == path);
    }
  };
  // Variables: a literal out of range does not compile with clang++ (core/param.hpp).
  for (int limit : {0, 101, -5}) {
    expect_invalid([&] { (void)client.api_keys.list({.limit = limit}); }, "limit");
  }
  expect_invalid([&] { (void)client.api_keys.create({.name = ""}); }, "body.name");
  expect_invalid([&] { (void)client.api_keys.create({.name = std::string(257, 'n')}); },
                 "body.name");
  expect_invalid(
      [&] { (void)client.api_keys.create({.name = "n", .description = std::string(1001, 'd')}); },
      "body.description");
  expect_invalid(
      [&] { (void)client.api_keys.create_service_key({.name = "", .space_id = "U3BhY2U6Mg=="}); },
      "body.name");
  expect_invalid(
      [&] {
        (void)client.api_keys.create_service_key(
            {.name = std::string(257, 'x'), .space_id = "U3BhY2U6Mg=="});
      },
      "body.name");
  CHECK(fake.requests().empty());

  // The boundaries themselves are valid: 256 characters (also counted as code points).
  fake.respond(201, rt::created_json().dump());
  fake.respond(201, rt::created_json().dump());
  (void)client.api_keys.create({.name = std::string(256, 'n')});
  std::string accented;
  for (int i = 0; i < 256; ++i) accented += "\xC3\xA9";  // é, two bytes each
  (void)client.api_keys.create({.name = accented});
  CHECK(fake.requests().size() == 2);
}
