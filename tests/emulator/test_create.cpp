// POST /v2/api-keys over loopback: the created key, validation, scope and role rules.
#include <regex>

#include "support.hpp"

using namespace emu_test;

namespace {

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

}  // namespace

TEST_SUITE("create") {
  TEST_CASE("a user key: 201, every field, the raw key once, and it authenticates") {
    Emulator emu;
    const Reply reply = emu.post("/v2/api-keys", emu.admin_key,
                                 {{"name", "CI pipeline key"},
                                  {"description", "Key for CI/CD pipeline"},
                                  {"key_type", "user"}});
    REQUIRE(reply.status == 201);
    CHECK(reply.header("Content-Type") == "application/json");
    const json& key = reply.body;
    CHECK(key["name"] == "CI pipeline key");
    CHECK(key["description"] == "Key for CI/CD pipeline");
    CHECK(key["key_type"] == "user");
    CHECK(key["status"] == "active");
    CHECK(key["created_by_user_id"] == std::string(kAdminUserId));
    CHECK(key["created_at"] == arize::format_datetime(emu.clock.now()));
    CHECK_FALSE(key.contains("expires_at"));
    CHECK_FALSE(key.contains("last_used_at"));
    const std::string raw = key["key"];
    CHECK(std::regex_match(raw, std::regex("ak-[A-Za-z0-9_-]{40}")));
    CHECK(key["redacted_key"] == "ak-" + raw.substr(3, 3) + "..." + raw.substr(raw.size() - 3));
    // The id is base64 (with + / = now and then), opaque to clients.
    CHECK(std::regex_match(key["id"].get<std::string>(), std::regex("[A-Za-z0-9+/]+=*")));

    const Reply as_new = emu.get("/v2/api-keys", raw);
    REQUIRE(as_new.status == 200);  // a user key acts as its creator
    CHECK(as_new.body["api_keys"].size() == 2);
    // last_used_at appears once the key is used.
    const auto listed = as_new.body["api_keys"][1];
    CHECK(listed["id"] == key["id"]);
    CHECK(listed["last_used_at"] == arize::format_datetime(emu.clock.now()));
  }

  TEST_CASE("defaults: key_type user; unknown fields ignored") {
    Emulator emu;
    const json key = emu.create(emu.admin_key, {{"name", "n"}, {"colour", "blue"}, {"x", {1, 2}}});
    CHECK(key["key_type"] == "user");
    CHECK_FALSE(key.contains("description"));
  }

  TEST_CASE("name: required, 1..256 characters (code points, not bytes)") {
    Emulator emu;
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"description", "no name"}}), 400);
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", ""}}), 400);
    CHECK(emu.post("/v2/api-keys", emu.admin_key, {{"name", "x"}}).status == 201);
    CHECK(emu.post("/v2/api-keys", emu.admin_key, {{"name", repeat("\xC3\xA9", 256)}}).status ==
          201);
    CHECK(emu.post("/v2/api-keys", emu.admin_key, {{"name", repeat("\xF0\x9F\x94\x91", 256)}})
              .status == 201);
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", repeat("a", 257)}}), 400);
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", repeat("\xC3\xA9", 257)}}),
                  400);
  }

  TEST_CASE("description: at most 1000 characters") {
    Emulator emu;
    CHECK(emu.post("/v2/api-keys", emu.admin_key,
                   {{"name", "n"}, {"description", repeat("\xC3\xA9", 1000)}})
              .status == 201);
    CHECK(emu.post("/v2/api-keys", emu.admin_key, {{"name", "n"}, {"description", ""}}).status ==
          201);
    check_problem(emu.post("/v2/api-keys", emu.admin_key,
                           {{"name", "n"}, {"description", repeat("d", 1001)}}),
                  400);
  }

  TEST_CASE("wrong JSON types, null, non-objects and malformed JSON are 400") {
    Emulator emu;
    for (const char* body :
         {R"({"name": 5})",
          R"({"name": null})",
          R"({"name": "n", "description": null})",
          R"({"name": "n", "description": 3})",
          R"({"name": "n", "key_type": 1})",
          R"({"name": "n", "key_type": "bot"})",
          R"({"name": "n", "expires_at": 1700000000})",
          R"({"name": "n", "key_type": "service", "space_id": 1})",
          R"({"name": "n", "key_type": "service", "space_id": "U3BhY2U6MQ==", "roles": "admin"})",
          R"({"name": "n", "key_type": "service", "space_id": "U3BhY2U6MQ==", "roles": null})",
          R"({"name": "n", "key_type": "service", "space_id": "U3BhY2U6MQ==",
              "roles": {"space_role": "owner"}})",
          R"({"name": "n", "key_type": "service", "space_id": "U3BhY2U6MQ==",
              "roles": {"account_role": "read-only"}})",
          R"({"name": "n", "key_type": "service", "space_id": "U3BhY2U6MQ==",
              "roles": {"org_role": 2}})",
          R"(["name"])",
          "null",
          "\"name\"",
          "42",
          R"({"name": "n")",
          "{name: 'n'}",
          "",
          "   ",
          "{\"name\": \"\xFF\"}"}) {
      CAPTURE(body);
      check_problem(emu.call("POST", "/v2/api-keys", emu.admin_key, std::string(body)), 400);
    }
  }

  TEST_CASE("a problem never quotes the request body") {
    Emulator emu;
    // Malformed JSON, and a string in each member whose decoder names what it got.
    for (const char* body : {
             R"({"name": "ak-SECRET)",
             R"({"name": "n", "expires_at": "ak-SECRET"})",
             R"({"name": "n", "key_type": "ak-SECRET"})",
             R"({"name": "n", "key_type": "service", "space_id": "U3BhY2U6MQ==",
                 "roles": {"space_role": "ak-SECRET"}})",
         }) {
      CAPTURE(body);
      const Reply reply = emu.call("POST", "/v2/api-keys", emu.admin_key, std::string(body));
      check_problem(reply, 400);
      CHECK(reply.text.find("SECRET") == std::string::npos);
    }
    const json key = emu.create(emu.admin_key, {{"name", "k"}});
    const Reply reply = emu.call("POST", refresh_path(key), emu.admin_key,
                                 std::string(R"({"expires_at": "ak-SECRET"})"));
    check_problem(reply, 400);
    CHECK(reply.text.find("SECRET") == std::string::npos);
  }

  TEST_CASE("expires_at: an RFC 3339 date-time in the future; past or now is 400") {
    Emulator emu;
    const json key =
        emu.create(emu.admin_key, {{"name", "n"}, {"expires_at", "2027-01-01T02:00:00+02:00"}});
    CHECK(key["expires_at"] == "2027-01-01T00:00:00Z");
    const json fraction =
        emu.create(emu.admin_key, {{"name", "n"}, {"expires_at", "2027-01-01t00:00:00.25z"}});
    CHECK(fraction["expires_at"] == "2027-01-01T00:00:00.250000Z");
    const std::string now = arize::format_datetime(emu.clock.now());
    for (const char* bad :
         {"2025-12-31T23:59:59Z", "2020-01-01T00:00:00Z", "2027-01-01", "2027-01-01 00:00:00Z",
          "2027-13-01T00:00:00Z", "2027-02-30T00:00:00Z", "tomorrow", ""}) {
      CAPTURE(bad);
      check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", "n"}, {"expires_at", bad}}),
                    400);
    }
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", "n"}, {"expires_at", now}}),
                  400);
  }

  TEST_CASE("expired keys do not authenticate") {
    Emulator emu;
    const json key =
        emu.create(emu.admin_key, {{"name", "short"}, {"expires_at", "2026-01-01T12:00:10Z"}});
    CHECK(emu.get("/v2/api-keys", key["key"]).status == 200);
    emu.clock.advance(std::chrono::seconds(9));
    CHECK(emu.get("/v2/api-keys", key["key"]).status == 200);
    emu.clock.advance(std::chrono::seconds(1));
    check_problem(emu.get("/v2/api-keys", key["key"]), 401);
  }

  TEST_CASE("service keys need space_id; user keys must not carry space_id or roles") {
    Emulator emu;
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", "n"}, {"key_type", "service"}}),
                  400);
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", "n"}, {"space_id", kSpace1}}),
                  400);
    check_problem(emu.post("/v2/api-keys", emu.admin_key,
                           {{"name", "n"}, {"key_type", "user"}, {"roles", json::object()}}),
                  400);
    check_problem(
        emu.post("/v2/api-keys", emu.admin_key,
                 {{"name", "n"}, {"space_id", kSpace1}, {"roles", {{"space_role", "member"}}}}),
        400);
  }

  TEST_CASE("service keys: unknown or invisible space 404, read-only 403, member or admin 201") {
    Emulator emu;
    check_problem(emu.post("/v2/api-keys", emu.admin_key, service_key("Tm9wZQ==")), 404);
    check_problem(emu.post("/v2/api-keys", emu.member_key, service_key(kSpace3)), 404);
    check_problem(emu.post("/v2/api-keys", emu.member_key, service_key(kSpace2)), 403);
    const json key = emu.create(emu.member_key, service_key(kSpace1));
    CHECK(key["key_type"] == "service");
    CHECK(key["created_by_user_id"] == std::string(kMemberUserId));
    CHECK(emu.post("/v2/api-keys", emu.admin_key, service_key(kSpace3)).status == 201);
  }

  TEST_CASE("roles above the caller's own are 400 in 2026-06; at or below are fine") {
    Emulator emu;
    // The member: member of space 1, member of the organization, member of the account.
    for (const json& roles : {json{{"space_role", "admin"}}, json{{"org_role", "admin"}},
                              json{{"account_role", "admin"}}}) {
      CAPTURE(roles.dump());
      check_problem(emu.post("/v2/api-keys", emu.member_key, service_key(kSpace1, roles)), 400);
    }
    CHECK(emu.post("/v2/api-keys", emu.member_key,
                   service_key(kSpace1, {{"space_role", "member"},
                                         {"org_role", "member"},
                                         {"account_role", "member"}}))
              .status == 201);
    CHECK(emu.post("/v2/api-keys", emu.admin_key,
                   service_key(
                       kSpace1,
                       {{"space_role", "admin"}, {"org_role", "admin"}, {"account_role", "admin"}}))
              .status == 201);
  }

  TEST_CASE("a service key acts as its bot user with the default roles member/read-only/member") {
    Emulator emu;
    const std::string bot = emu.create(emu.admin_key, service_key(kSpace1))["key"];
    // Within its space: list, create service keys at or below its own roles.
    CHECK(emu.get("/v2/api-keys?space_id=" + encode(kSpace1), bot).status == 200);
    const json child = emu.create(bot, service_key(kSpace1));
    CHECK(child["created_by_user_id"] != std::string(kAdminUserId));
    check_problem(emu.post("/v2/api-keys", bot, service_key(kSpace1, {{"space_role", "admin"}})),
                  400);
    check_problem(emu.post("/v2/api-keys", bot, service_key(kSpace1, {{"org_role", "member"}})),
                  400);
    check_problem(emu.post("/v2/api-keys", bot, service_key(kSpace1, {{"account_role", "admin"}})),
                  400);
    // Outside its space it sees nothing.
    check_problem(emu.get("/v2/api-keys?space_id=" + encode(kSpace2), bot), 404);
    check_problem(emu.post("/v2/api-keys", bot, service_key(kSpace2)), 404);
    // It cannot make user keys, nor list other users' keys.
    check_problem(emu.post("/v2/api-keys", bot, {{"name", "n"}}), 403);
    check_problem(emu.get("/v2/api-keys?user_id=" + encode(kAdminUserId), bot), 403);
    CHECK(emu.get("/v2/api-keys", bot).body["api_keys"].empty());
  }

  TEST_CASE("a read-only bot cannot create service keys") {
    Emulator emu;
    const std::string bot =
        emu.create(emu.admin_key, service_key(kSpace1, {{"space_role", "read-only"}}))["key"];
    CHECK(emu.get("/v2/api-keys?space_id=" + encode(kSpace1), bot).status == 200);
    check_problem(
        emu.post("/v2/api-keys", bot, service_key(kSpace1, {{"space_role", "read-only"}})), 403);
  }
}
