// The checked-in headers generated from openapi/arize-api-keys.yaml: decoding the spec's own
// example, error paths, unknown enum values, and the exact request of every operation.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "arize/generated/v2026_06/all.hpp"
#include "recorder.hpp"

namespace {

using codegen_test::header;
using codegen_test::Query;
using codegen_test::Recorder;

nlohmann::json list_example() {
  std::ifstream in(ARIZE_LIST_EXAMPLE_JSON);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

arize::DateTime at(const char* text) { return arize::parse_datetime(text); }

const char* created_json = R"({
  "id": "QXBp1003", "name": "ci", "key_type": "service", "status": "active",
  "redacted_key": "ak-abc...xyz", "created_at": "2024-01-15T10:30:00Z",
  "created_by_user_id": "Usr1001", "key": "ak-abcdef0123456789xyz"
})";

}  // namespace

TEST_CASE("the list example of the spec decodes, and encodes back to itself") {
  const nlohmann::json j = list_example();
  const auto page = arize::decode<arize::v2026_06::ApiKeyList>(j, arize::JsonPath{});
  REQUIRE(page.api_keys.size() == 2);
  const arize::v2026_06::ApiKey& first = page.api_keys[0];
  CHECK(first.id == "QXBp1001");
  CHECK(first.name == "My API Key");
  CHECK(first.description == std::optional<std::string>("My API Key description"));
  CHECK(first.key_type == arize::v2026_06::ApiKeyType::user);
  CHECK(first.status == arize::v2026_06::ApiKeyStatus::active);
  CHECK(first.redacted_key == "ak-xxx...yyy");
  CHECK(first.created_by_user_id == "Usr1001");
  CHECK(first.created_at.get() == at("2024-01-15T10:30:00Z"));
  CHECK(first.expires_at == at("2025-01-15T10:30:00Z"));
  CHECK_FALSE(first.last_used_at.has_value());
  CHECK(page.api_keys[1].key_type == arize::v2026_06::ApiKeyType::service);
  CHECK(page.pagination.next_cursor == std::optional<std::string>("cursor_12345"));
  CHECK(page.pagination.has_more == true);
  CHECK(arize::encode(page) == j);
  // and through nlohmann's own interface
  CHECK(j.get<arize::v2026_06::ApiKeyList>() == page);
  CHECK(nlohmann::json(page) == j);
}

TEST_CASE("a wrong type deep in a list is a DecodeError naming its path") {
  nlohmann::json j = list_example();
  j["api_keys"][1]["created_at"] = 42;
  try {
    (void)arize::decode<arize::v2026_06::ApiKeyList>(j, arize::JsonPath{});
    FAIL("no DecodeError");
  } catch (const arize::DecodeError& e) {
    CHECK(e.path() == "api_keys[1].created_at");
  }
  j = list_example();
  j["api_keys"][0].erase("redacted_key");
  CHECK_THROWS_WITH_AS((void)arize::decode<arize::v2026_06::ApiKeyList>(j, arize::JsonPath{}),
                       doctest::Contains("api_keys[0].redacted_key: missing required field"),
                       arize::DecodeError);
  j = list_example();
  j["api_keys"][0]["description"] = nullptr;  // not nullable: null is not "absent"
  CHECK_THROWS_AS((void)arize::decode<arize::v2026_06::ApiKeyList>(j, arize::JsonPath{}),
                  arize::DecodeError);
}

TEST_CASE("an enum value this client does not know survives a round trip") {
  nlohmann::json j = list_example();
  j["api_keys"][0]["key_type"] = "robot";
  j["api_keys"][0]["status"] = "suspended";
  const auto page = arize::decode<arize::v2026_06::ApiKeyList>(j, arize::JsonPath{});
  CHECK_FALSE(page.api_keys[0].key_type.is_known());
  CHECK(page.api_keys[0].key_type.wire() == "robot");
  CHECK(page.api_keys[0].status.wire() == "suspended");
  CHECK(arize::encode(page) == j);
}

TEST_CASE("the raw key is a Secret: printing a model redacts it") {
  const auto created =
      arize::decode<arize::v2026_06::ApiKeyCreated>(nlohmann::json::parse(created_json));
  CHECK(created.key.reveal() == "ak-abcdef0123456789xyz");
  std::ostringstream os;
  os << created;
  CHECK(os.str().find("ak-abcdef0123456789xyz") == std::string::npos);
  CHECK(os.str().find("[REDACTED]") != std::string::npos);
  CHECK(arize::encode(created)["key"] == "ak-abcdef0123456789xyz");  // encoding keeps it
}

TEST_CASE("list_api_keys builds exactly the documented request") {
  using Api = arize::v2026_06::ApiKeysApi<Recorder&>;
  const auto all = Api::build_list_api_keys({});
  CHECK(all.method == "GET");
  CHECK(all.path == "/v2/api-keys");
  CHECK(all.query.empty());
  CHECK_FALSE(all.body.has_value());
  CHECK(header(all, "Accept") == "application/json");
  CHECK(header(all, "Content-Type") == "<absent>");
  CHECK(all.operation_id == "list_api_keys");
  CHECK(all.idempotent);

  const auto r = Api::build_list_api_keys({.key_type = arize::v2026_06::ApiKeyType::service,
                                           .status = arize::v2026_06::ApiKeyStatus::deleted,
                                           .space_id = "RW50aXR5OjEyMzQ1",
                                           .user_id = "Usr1001",
                                           .limit = 10,
                                           .cursor = "cursor_12345"});
  CHECK(r.query == Query{{"key_type", "service"},
                         {"status", "deleted"},
                         {"space_id", "RW50aXR5OjEyMzQ1"},
                         {"user_id", "Usr1001"},
                         {"limit", "10"},
                         {"cursor", "cursor_12345"}});
  CHECK(r.target() ==
        "/v2/api-keys?key_type=service&status=deleted&space_id=RW50aXR5OjEyMzQ1&user_id=Usr1001"
        "&limit=10&cursor=cursor_12345");
  // an unknown enum value is sent as it is
  const auto u = Api::build_list_api_keys(
      {.key_type = arize::Open<arize::v2026_06::ApiKeyType>::from_wire("bot")});
  CHECK(u.query == Query{{"key_type", "bot"}});
}

TEST_CASE("create_api_key builds exactly the documented request") {
  using Api = arize::v2026_06::ApiKeysApi<Recorder&>;
  const auto r =
      Api::build_create_api_key({.body = arize::v2026_06::ApiKeyCreate{
                                     .name = "service-key",
                                     .key_type = arize::v2026_06::ApiKeyType::service,
                                     .expires_at = at("2026-12-31T00:00:00Z"),
                                     .space_id = "RW50aXR5OjEyMzQ1",
                                     .roles = arize::v2026_06::ApiKeyRoles{
                                         .space_role = arize::v2026_06::SpaceRole::read_only}}});
  CHECK(r.method == "POST");
  CHECK(r.path == "/v2/api-keys");
  CHECK(r.query.empty());
  CHECK(header(r, "Content-Type") == "application/json");
  CHECK(header(r, "Accept") == "application/json");
  REQUIRE(r.body.has_value());
  CHECK(nlohmann::json::parse(*r.body) == nlohmann::json{{"name", "service-key"},
                                                         {"key_type", "service"},
                                                         {"expires_at", "2026-12-31T00:00:00Z"},
                                                         {"space_id", "RW50aXR5OjEyMzQ1"},
                                                         {"roles", {{"space_role", "read-only"}}}});
  CHECK(r.operation_id == "create_api_key");
  CHECK_FALSE(r.idempotent);
  // absent optionals are not sent at all
  const auto minimal =
      Api::build_create_api_key({.body = arize::v2026_06::ApiKeyCreate{.name = "CI pipeline key"}});
  CHECK(minimal.body == std::optional<std::string>(R"({"name":"CI pipeline key"})"));
}

TEST_CASE("delete_api_key percent-encodes the id as one path segment") {
  using Api = arize::v2026_06::ApiKeysApi<Recorder&>;
  const auto r = Api::build_delete_api_key({.api_key_id = "QXBp/+1=="});
  CHECK(r.method == "DELETE");
  CHECK(r.path == "/v2/api-keys/QXBp%2F%2B1%3D%3D");
  CHECK(r.query.empty());
  CHECK_FALSE(r.body.has_value());
  CHECK(header(r, "Content-Type") == "<absent>");
  CHECK(r.operation_id == "delete_api_key");
  CHECK(r.idempotent);
  CHECK_THROWS_AS((void)Api::build_delete_api_key({.api_key_id = ""}), arize::ValidationError);
}

TEST_CASE("refresh_api_key sends its body only when there is one") {
  using Api = arize::v2026_06::ApiKeysApi<Recorder&>;
  const auto none = Api::build_refresh_api_key({.api_key_id = "QXBp1001"});
  CHECK(none.method == "POST");
  CHECK(none.path == "/v2/api-keys/QXBp1001/refresh");
  CHECK_FALSE(none.body.has_value());
  CHECK(header(none, "Content-Type") == "<absent>");
  CHECK(none.operation_id == "refresh_api_key");
  CHECK_FALSE(none.idempotent);

  const auto empty = Api::build_refresh_api_key(
      {.api_key_id = "QXBp1001", .body = arize::v2026_06::ApiKeyRefresh{}});
  CHECK(empty.body == std::optional<std::string>("{}"));
  CHECK(header(empty, "Content-Type") == "application/json");

  const auto full = Api::build_refresh_api_key(
      {.api_key_id = "QXBp1001",
       .body = arize::v2026_06::ApiKeyRefresh{.expires_at = at("2027-12-31T00:00:00Z"),
                                              .grace_period_seconds = 3600}});
  CHECK(full.body == std::optional<std::string>(
                         R"({"expires_at":"2027-12-31T00:00:00Z","grace_period_seconds":3600})"));
}

TEST_CASE("constraints are checked before anything is sent") {
  Recorder rec;
  arize::v2026_06::ApiKeysApi<Recorder&> api(rec);
  try {
    (void)api.create_api_key(
        {.body = arize::v2026_06::ApiKeyCreate{.name = std::string(257, 'x')}});
    FAIL("no ValidationError");
  } catch (const arize::ValidationError& e) {
    CHECK(e.path() == "body.name");
  }
  CHECK_THROWS_AS((void)api.create_api_key({.body = arize::v2026_06::ApiKeyCreate{.name = ""}}),
                  arize::ValidationError);
  // 256 characters (not bytes) are fine
  std::string name;
  for (int i = 0; i < 256; ++i) name += "\xc3\xa9";  // U+00E9, two bytes each
  rec.next = {.status = 201, .headers = {}, .body = created_json};
  CHECK_NOTHROW((void)api.create_api_key({.body = arize::v2026_06::ApiKeyCreate{.name = name}}));
  CHECK(rec.sent.size() == 1);
  rec.sent.clear();
  try {
    (void)api.list_api_keys({.limit = 0});
    FAIL("no ValidationError");
  } catch (const arize::ValidationError& e) {
    CHECK(e.path() == "limit");
  }
  CHECK_THROWS_AS((void)api.list_api_keys({.limit = 101}), arize::ValidationError);
  CHECK_THROWS_AS(
      (void)api.refresh_api_key(
          {.api_key_id = "k", .body = arize::v2026_06::ApiKeyRefresh{.grace_period_seconds = -1}}),
      arize::ValidationError);
  CHECK(rec.sent.empty());
}

TEST_CASE("responses: declared success decodes, anything else throws its error family") {
  Recorder rec;
  arize::v2026_06::ApiKeysApi<Recorder&> api(rec);
  rec.next = {.status = 200, .headers = {}, .body = list_example().dump()};
  const auto page = api.list_api_keys();
  CHECK(page.api_keys.size() == 2);
  REQUIRE(rec.sent.size() == 1);
  CHECK(rec.sent[0].target() == "/v2/api-keys");

  rec.next = {.status = 201, .headers = {}, .body = created_json};
  CHECK(api.create_api_key({.body = arize::v2026_06::ApiKeyCreate{.name = "ci"}}).key.reveal() ==
        "ak-abcdef0123456789xyz");

  rec.next = {.status = 204, .headers = {}, .body = ""};
  CHECK_NOTHROW(api.delete_api_key({.api_key_id = "QXBp1001"}));

  rec.next = {.status = 404,
              .headers = {{"Content-Type", "application/problem+json"}},
              .body = R"({"title":"Not Found","status":404,"detail":"no such key"})"};
  try {
    api.delete_api_key({.api_key_id = "QXBp1001"});
    FAIL("no NotFoundError");
  } catch (const arize::NotFoundError& e) {
    CHECK(e.status() == 404);
    CHECK(e.problem().detail == std::optional<std::string>("no such key"));
  }
  // 201 is the declared code; a 200 made a key all the same: kept, not an ApiError quoting it.
  rec.next = {.status = 200, .headers = {}, .body = created_json};
  try {
    (void)api.create_api_key({.body = arize::v2026_06::ApiKeyCreate{.name = "ci"}});
    FAIL("no UndecodedKeyError");
  } catch (const arize::UndecodedKeyError& e) {
    CHECK(e.key().has_value());
  }
  rec.next = {.status = 200, .headers = {}, .body = "{}"};  // no secret in delete's success
  CHECK_THROWS_AS(api.delete_api_key({.api_key_id = "QXBp1001"}), arize::ApiError);
  rec.next = {.status = 200, .headers = {}, .body = "{not json"};
  CHECK_THROWS_AS((void)api.list_api_keys(), arize::DecodeError);

  nlohmann::json bad = list_example();
  bad["api_keys"][1]["created_at"] = "yesterday";
  rec.next = {.status = 200, .headers = {}, .body = bad.dump()};
  try {
    (void)api.list_api_keys();
    FAIL("no DecodeError");
  } catch (const arize::DecodeError& e) {
    CHECK(e.path() == "api_keys[1].created_at");
  }
}
