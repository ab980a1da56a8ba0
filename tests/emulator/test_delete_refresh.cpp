// DELETE /v2/api-keys/{id} and POST /v2/api-keys/{id}/refresh over loopback.
#include "support.hpp"

using namespace emu_test;

namespace {

/// The listed form of a key (any status), found through the admin's view.
json find_listed(Emulator& emu, const std::string& id, const std::string& scope = "") {
  for (const char* status : {"active", "deleted"}) {
    const Reply page =
        emu.get("/v2/api-keys?limit=100&status=" + std::string(status) + scope, emu.admin_key);
    for (const auto& key : page.body["api_keys"]) {
      if (key["id"] == id) return key;
    }
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("delete") {
  TEST_CASE("204 without body; status deleted; the key stops at once; again 404") {
    Emulator emu;
    const json key = emu.create(emu.admin_key, {{"name", "doomed"}});
    REQUIRE(emu.get("/v2/api-keys", key["key"]).status == 200);
    const Reply reply = emu.call("DELETE", key_path(key), emu.admin_key);
    CHECK(reply.status == 204);
    CHECK(reply.text.empty());
    CHECK(find_listed(emu, key["id"])["status"] == "deleted");
    check_problem(emu.get("/v2/api-keys", key["key"]), 401);
    check_problem(emu.call("DELETE", key_path(key), emu.admin_key), 404);
  }

  TEST_CASE("unknown ids are 404") {
    Emulator emu;
    check_problem(emu.call("DELETE", "/v2/api-keys/" + encode("QXBpS2V5Ojk5OQ=="), emu.admin_key),
                  404);
    check_problem(emu.call("DELETE", "/v2/api-keys/nope", emu.admin_key), 404);
  }

  TEST_CASE("user keys: the creator or an account admin; others do not see them (404)") {
    Emulator emu;
    const json admins = emu.create(emu.admin_key, {{"name", "admin's"}});
    const json members = emu.create(emu.member_key, {{"name", "member's"}});
    check_problem(emu.call("DELETE", key_path(admins), emu.member_key), 404);
    CHECK(emu.call("DELETE", key_path(members), emu.admin_key).status == 204);
    const json own = emu.create(emu.member_key, {{"name", "own"}});
    CHECK(emu.call("DELETE", key_path(own), emu.member_key).status == 204);
  }

  TEST_CASE("service keys: an admin of the space or the creator; visible others get 403") {
    Emulator emu;
    const json by_admin = emu.create(emu.admin_key, service_key(kSpace1));
    const json by_member = emu.create(emu.member_key, service_key(kSpace1));
    const json restricted = emu.create(emu.admin_key, service_key(kSpace3));
    const json staging = emu.create(emu.admin_key, service_key(kSpace2));

    check_problem(emu.call("DELETE", key_path(by_admin), emu.member_key),
                  403);  // member, not creator
    check_problem(emu.call("DELETE", key_path(staging), emu.member_key), 403);  // read-only sees it
    check_problem(emu.call("DELETE", key_path(restricted), emu.member_key), 404);  // no access
    CHECK(emu.call("DELETE", key_path(by_member), emu.member_key).status == 204);  // creator
    const json another = emu.create(emu.member_key, service_key(kSpace1));
    CHECK(emu.call("DELETE", key_path(another), emu.admin_key).status == 204);  // space admin
  }

  TEST_CASE("bots: a space-admin bot manages its space's keys; a default bot only its own") {
    Emulator emu;
    const json target = emu.create(emu.member_key, service_key(kSpace1));
    const std::string plain = emu.create(emu.admin_key, service_key(kSpace1))["key"];
    const std::string admin_bot =
        emu.create(emu.admin_key, service_key(kSpace1, {{"space_role", "admin"}}))["key"];
    const json user_key = emu.create(emu.admin_key, {{"name", "u"}});

    check_problem(emu.call("DELETE", key_path(target), plain), 403);
    check_problem(emu.call("DELETE", key_path(user_key), admin_bot), 404);  // user keys: not its
    const json made_by_plain = emu.create(plain, service_key(kSpace1));
    CHECK(emu.call("DELETE", key_path(made_by_plain), plain).status == 204);  // its creator
    CHECK(emu.call("DELETE", key_path(target), admin_bot).status == 204);
  }
}

TEST_SUITE("refresh") {
  TEST_CASE("a replacement with the same metadata; the old key stops at once") {
    Emulator emu;
    const json old = emu.create(
        emu.admin_key,
        {{"name", "CI"}, {"description", "pipeline"}, {"expires_at", "2026-06-01T00:00:00Z"}});
    emu.clock.advance(std::chrono::seconds(5));
    const Reply reply = emu.call("POST", refresh_path(old), emu.admin_key);
    REQUIRE(reply.status == 200);
    const json& fresh = reply.body;
    CHECK(fresh["id"] != old["id"]);
    CHECK(fresh["key"] != old["key"]);
    CHECK(fresh["name"] == "CI");
    CHECK(fresh["description"] == "pipeline");
    CHECK(fresh["key_type"] == "user");
    CHECK(fresh["status"] == "active");
    CHECK(fresh["created_by_user_id"] == std::string(kAdminUserId));
    CHECK(fresh["created_at"] == arize::format_datetime(emu.clock.now()));
    CHECK_FALSE(fresh.contains("expires_at"));  // absent: the replacement never expires

    check_problem(emu.get("/v2/api-keys", old["key"]), 401);
    CHECK(emu.get("/v2/api-keys", fresh["key"]).status == 200);
    CHECK(find_listed(emu, old["id"])["status"] == "deleted");
    CHECK(find_listed(emu, fresh["id"])["status"] == "active");
    check_problem(emu.call("POST", refresh_path(old), emu.admin_key), 404);  // deleted: 404
    check_problem(emu.call("DELETE", key_path(old), emu.admin_key), 404);
  }

  TEST_CASE("body: none, empty and {} are all accepted") {
    Emulator emu;
    json key = emu.create(emu.admin_key, {{"name", "k"}});
    for (const std::optional<std::string>& body :
         {std::optional<std::string>{}, std::optional<std::string>{""},
          std::optional<std::string>{"{}"}, std::optional<std::string>{" \n"}}) {
      const Reply reply = emu.call("POST", refresh_path(key), emu.admin_key, body);
      REQUIRE_MESSAGE(reply.status == 200, reply.text);
      key = reply.body;
    }
  }

  TEST_CASE("expires_at sets the replacement's expiry; it must be in the future") {
    Emulator emu;
    const json key = emu.create(emu.admin_key, {{"name", "k"}});
    check_problem(emu.call("POST", refresh_path(key), emu.admin_key,
                           std::string(R"({"expires_at": "2020-01-01T00:00:00Z"})")),
                  400);
    check_problem(emu.call("POST", refresh_path(key), emu.admin_key,
                           std::string(R"({"expires_at": "soon"})")),
                  400);
    CHECK(emu.get("/v2/api-keys", key["key"]).status == 200);  // a refused refresh changes nothing
    const Reply reply = emu.call("POST", refresh_path(key), emu.admin_key,
                                 std::string(R"({"expires_at": "2027-12-31T00:00:00Z"})"));
    REQUIRE(reply.status == 200);
    CHECK(reply.body["expires_at"] == "2027-12-31T00:00:00Z");
  }

  TEST_CASE("grace_period_seconds: the old key works until now + grace, listed as deleted") {
    Emulator emu;
    const json old = emu.create(emu.admin_key, {{"name", "k"}});
    const Reply reply = emu.call("POST", refresh_path(old), emu.admin_key,
                                 std::string(R"({"grace_period_seconds": 60})"));
    REQUIRE(reply.status == 200);
    const std::string fresh = reply.body["key"];
    CHECK(emu.get("/v2/api-keys", old["key"]).status == 200);
    CHECK(emu.get("/v2/api-keys", fresh).status == 200);
    CHECK(find_listed(emu, old["id"])["status"] == "deleted");
    check_problem(emu.call("POST", refresh_path(old), emu.admin_key), 404);
    emu.clock.advance(std::chrono::seconds(59));
    CHECK(emu.get("/v2/api-keys", old["key"]).status == 200);
    emu.clock.advance(std::chrono::seconds(1));
    check_problem(emu.get("/v2/api-keys", old["key"]), 401);
    CHECK(emu.get("/v2/api-keys", fresh).status == 200);
  }

  TEST_CASE("the grace period never outlives the old key's own expiry") {
    Emulator emu;
    const json old =
        emu.create(emu.admin_key, {{"name", "k"}, {"expires_at", "2026-01-01T12:00:30Z"}});
    REQUIRE(emu.call("POST", refresh_path(old), emu.admin_key,
                     std::string(R"({"grace_period_seconds": 3600})"))
                .status == 200);
    emu.clock.advance(std::chrono::seconds(29));
    CHECK(emu.get("/v2/api-keys", old["key"]).status == 200);
    emu.clock.advance(std::chrono::seconds(1));
    check_problem(emu.get("/v2/api-keys", old["key"]), 401);
  }

  TEST_CASE("grace_period_seconds must be an integer from 0 to 86400") {
    Emulator emu;
    const json key = emu.create(emu.admin_key, {{"name", "k"}});
    for (const char* body :
         {R"({"grace_period_seconds": -1})", R"({"grace_period_seconds": 86401})",
          R"({"grace_period_seconds": "10"})", R"({"grace_period_seconds": 1.5})",
          R"({"grace_period_seconds": null})", R"({"grace_period_seconds": true})",
          R"({"grace_period_seconds": 18446744073709551615})", "[]", "{"}) {
      CAPTURE(body);
      check_problem(emu.call("POST", refresh_path(key), emu.admin_key, std::string(body)), 400);
    }
    const Reply replaced = emu.call("POST", refresh_path(key), emu.admin_key,
                                    std::string(R"({"grace_period_seconds": 86400})"));
    REQUIRE(replaced.status == 200);
    // As in JSON Schema, 5.0 is an integer.
    CHECK(emu.call("POST", refresh_path(replaced.body), emu.admin_key,
                   std::string(R"({"grace_period_seconds": 5.0})"))
              .status == 200);
  }

  TEST_CASE("a service key keeps its space and roles") {
    Emulator emu;
    const json old =
        emu.create(emu.admin_key, service_key(kSpace1, {{"space_role", "admin"}}, "svc", "a bot"));
    const Reply reply = emu.call("POST", refresh_path(old), emu.admin_key);
    REQUIRE(reply.status == 200);
    CHECK(reply.body["key_type"] == "service");
    CHECK(reply.body["name"] == "svc");
    CHECK(reply.body["description"] == "a bot");
    CHECK(find_listed(emu, reply.body["id"], "&space_id=" + encode(kSpace1))["status"] == "active");
    // Still a space admin: it may delete someone else's key in the space.
    const json target = emu.create(emu.member_key, service_key(kSpace1));
    CHECK(emu.call("DELETE", key_path(target), reply.body["key"]).status == 204);
  }

  TEST_CASE("who may refresh: as for delete (403 visible, 404 invisible)") {
    Emulator emu;
    const json admins = emu.create(emu.admin_key, {{"name", "a"}});
    const json members = emu.create(emu.member_key, {{"name", "m"}});
    const json svc = emu.create(emu.admin_key, service_key(kSpace1));
    const json hidden = emu.create(emu.admin_key, service_key(kSpace3));
    check_problem(emu.call("POST", refresh_path(admins), emu.member_key), 404);
    check_problem(emu.call("POST", refresh_path(svc), emu.member_key), 403);
    check_problem(emu.call("POST", refresh_path(hidden), emu.member_key), 404);
    check_problem(
        emu.call("POST", "/v2/api-keys/" + encode("QXBpS2V5Ojk5OQ==") + "/refresh", emu.admin_key),
        404);
    // An account admin may refresh another user's key: the replacement still acts as its owner.
    const Reply reply = emu.call("POST", refresh_path(members), emu.admin_key);
    REQUIRE(reply.status == 200);
    CHECK(reply.body["created_by_user_id"] == std::string(kMemberUserId));
    const Reply as_owner = emu.get("/v2/api-keys", reply.body["key"]);
    CHECK(as_owner.body["api_keys"][0]["created_by_user_id"] == std::string(kMemberUserId));
  }

  TEST_CASE("refreshing a key whose roles exceed the caller's own is 400 in 2026-06") {
    Emulator emu;
    // A bot that administers space 1 but is read-only in the organization...
    const std::string bot =
        emu.create(emu.admin_key, service_key(kSpace1, {{"space_role", "admin"}}))["key"];
    // ...may delete but not re-issue a key that is an organization admin.
    const json strong = emu.create(emu.admin_key, service_key(kSpace1, {{"org_role", "admin"}}));
    check_problem(emu.call("POST", refresh_path(strong), bot), 400);
    const json weak = emu.create(emu.admin_key, service_key(kSpace1));
    CHECK(emu.call("POST", refresh_path(weak), bot).status == 200);
    CHECK(emu.call("DELETE", key_path(strong), bot).status == 204);
  }
}
