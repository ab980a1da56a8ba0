// GET /v2/api-keys over loopback: filters, defaults, scope, limit, cursors, stable paging.
#include <set>

#include "support.hpp"

using namespace emu_test;

namespace {

std::string space_query(const std::string& space) { return "space_id=" + encode(space); }

}  // namespace

TEST_SUITE("list") {
  TEST_CASE("default: the caller's own active user keys, no secret, no cursor") {
    Emulator emu;
    const json mine = emu.create(emu.admin_key, {{"name", "mine"}});
    emu.create(emu.member_key, {{"name", "theirs"}});
    emu.create(emu.admin_key, service_key(kSpace1, nullptr, "svc"));

    const Reply reply = emu.get("/v2/api-keys", emu.admin_key);
    REQUIRE(reply.status == 200);
    CHECK(reply.header("Content-Type") == "application/json");
    const auto ids = ids_of(reply);
    REQUIRE(ids.size() == 2);  // the seeded admin key and "mine"
    CHECK(ids[1] == mine["id"]);
    for (const auto& key : reply.body["api_keys"]) {
      CHECK(key["key_type"] == "user");
      CHECK(key["status"] == "active");
      CHECK(key["created_by_user_id"] == std::string(kAdminUserId));
      CHECK_FALSE(key.contains("key"));
      for (const char* field : {"id", "name", "redacted_key", "created_at"}) {
        CHECK(key[field].is_string());
      }
    }
    CHECK(reply.body["pagination"]["has_more"] == false);
    CHECK_FALSE(reply.body["pagination"].contains("next_cursor"));
    CHECK(reply.text.find(mine["key"].get<std::string>()) == std::string::npos);
    CHECK(reply.text.find(emu.admin_key) == std::string::npos);

    const Reply member = emu.get("/v2/api-keys", emu.member_key);
    REQUIRE(member.status == 200);
    CHECK(member.body["api_keys"].size() == 2);  // seeded member key and "theirs"
    for (const auto& key : member.body["api_keys"]) {
      CHECK(key["created_by_user_id"] == std::string(kMemberUserId));
    }
  }

  TEST_CASE("key_type: user is the default scope; service without space_id is empty") {
    Emulator emu;
    emu.create(emu.admin_key, service_key(kSpace1, nullptr, "svc"));
    const Reply user = emu.get("/v2/api-keys?key_type=user", emu.admin_key);
    REQUIRE(user.status == 200);
    CHECK(user.body["api_keys"].size() == 1);
    const Reply service = emu.get("/v2/api-keys?key_type=service", emu.admin_key);
    REQUIRE(service.status == 200);
    CHECK(service.body["api_keys"].empty());
    CHECK(service.body["pagination"]["has_more"] == false);
  }

  TEST_CASE("status: active by default, deleted on request") {
    Emulator emu;
    const json gone = emu.create(emu.admin_key, {{"name", "gone"}});
    REQUIRE(emu.call("DELETE", "/v2/api-keys/" + encode(gone["id"]), emu.admin_key).status == 204);

    const auto active = ids_of(emu.get("/v2/api-keys", emu.admin_key));
    CHECK(std::find(active.begin(), active.end(), gone["id"]) == active.end());
    CHECK(ids_of(emu.get("/v2/api-keys?status=active", emu.admin_key)) == active);
    const Reply deleted = emu.get("/v2/api-keys?status=deleted", emu.admin_key);
    REQUIRE(deleted.status == 200);
    REQUIRE(deleted.body["api_keys"].size() == 1);
    CHECK(deleted.body["api_keys"][0]["id"] == gone["id"]);
    CHECK(deleted.body["api_keys"][0]["status"] == "deleted");
  }

  TEST_CASE("space_id: that space's service keys, also without key_type") {
    Emulator emu;
    const json a = emu.create(emu.admin_key, service_key(kSpace1, nullptr, "a"));
    const json b = emu.create(emu.member_key, service_key(kSpace1, nullptr, "b"));
    emu.create(emu.admin_key, service_key(kSpace2, nullptr, "elsewhere"));

    const Reply reply = emu.get("/v2/api-keys?" + space_query(kSpace1), emu.admin_key);
    REQUIRE(reply.status == 200);
    CHECK(ids_of(reply) == std::vector<std::string>{a["id"], b["id"]});
    for (const auto& key : reply.body["api_keys"]) CHECK(key["key_type"] == "service");

    CHECK(ids_of(emu.get("/v2/api-keys?key_type=service&" + space_query(kSpace1), emu.admin_key)) ==
          ids_of(reply));
    const Reply users =
        emu.get("/v2/api-keys?key_type=user&" + space_query(kSpace1), emu.admin_key);
    REQUIRE(users.status == 200);
    CHECK(users.body["api_keys"].empty());

    SUBCASE("user_id with space_id filters by creator, for anyone with space access") {
      const Reply by_member =
          emu.get("/v2/api-keys?" + space_query(kSpace1) + "&user_id=" + encode(kMemberUserId),
                  emu.member_key);
      REQUIRE(by_member.status == 200);
      CHECK(ids_of(by_member) == std::vector<std::string>{b["id"]});
    }
    SUBCASE("a read-only member of the space may list it") {
      const Reply staging = emu.get("/v2/api-keys?" + space_query(kSpace2), emu.member_key);
      CHECK(staging.status == 200);
      CHECK(staging.body["api_keys"].size() == 1);
    }
    SUBCASE("a space the caller has no access to, or that does not exist: 404") {
      check_problem(emu.get("/v2/api-keys?" + space_query(kSpace3), emu.member_key), 404);
      check_problem(emu.get("/v2/api-keys?space_id=Tm9wZQ%3D%3D", emu.admin_key), 404);
    }
  }

  TEST_CASE("user_id without space_id: account admins only") {
    Emulator emu;
    const json theirs = emu.create(emu.member_key, {{"name", "theirs"}});
    const Reply admin = emu.get("/v2/api-keys?user_id=" + encode(kMemberUserId), emu.admin_key);
    REQUIRE(admin.status == 200);
    CHECK(admin.body["api_keys"].size() == 2);
    CHECK(ids_of(admin).back() == theirs["id"]);

    check_problem(emu.get("/v2/api-keys?user_id=" + encode(kAdminUserId), emu.member_key), 403);
    check_problem(emu.get("/v2/api-keys?user_id=" + encode(kMemberUserId), emu.member_key), 403);
  }

  TEST_CASE("limit: 1..100, default 50; anything else is 400") {
    Emulator emu;
    for (int i = 0; i < 55; ++i) emu.create(emu.admin_key, {{"name", "k" + std::to_string(i)}});
    const Reply first = emu.get("/v2/api-keys", emu.admin_key);
    REQUIRE(first.status == 200);
    CHECK(first.body["api_keys"].size() == 50);
    CHECK(first.body["pagination"]["has_more"] == true);
    CHECK(first.body["pagination"]["next_cursor"].is_string());

    CHECK(emu.get("/v2/api-keys?limit=1", emu.admin_key).body["api_keys"].size() == 1);
    CHECK(emu.get("/v2/api-keys?limit=100", emu.admin_key).body["api_keys"].size() == 56);
    for (const char* bad :
         {"0", "101", "-1", "abc", "1.5", "", "1e1", "0x10", "%2B5", "99999999999"}) {
      CAPTURE(bad);
      check_problem(emu.get(std::string("/v2/api-keys?limit=") + bad, emu.admin_key), 400);
    }
  }

  TEST_CASE("unknown enum values, empty ids and repeated parameters are 400") {
    Emulator emu;
    for (const char* query :
         {"key_type=bot", "key_type=USER", "status=revoked",
          "status=", "space_id=", "user_id=", "status=active&status=deleted", "limit=1&limit=2"}) {
      CAPTURE(query);
      check_problem(emu.get(std::string("/v2/api-keys?") + query, emu.admin_key), 400);
    }
    // Unknown parameters are ignored (the API grows).
    CHECK(emu.get("/v2/api-keys?color=blue", emu.admin_key).status == 200);
  }

  TEST_CASE("cursors: follow next_cursor; tampered or foreign cursors are 400") {
    Emulator emu;
    for (int i = 0; i < 5; ++i) emu.create(emu.admin_key, {{"name", "k" + std::to_string(i)}});
    const Reply first = emu.get("/v2/api-keys?limit=2", emu.admin_key);
    const std::string cursor = first.body["pagination"]["next_cursor"];

    const Reply second = emu.get("/v2/api-keys?limit=2&cursor=" + encode(cursor), emu.admin_key);
    REQUIRE(second.status == 200);
    CHECK(second.body["api_keys"].size() == 2);
    CHECK(second.body["api_keys"][0]["id"] != first.body["api_keys"][1]["id"]);
    // The limit may change between pages; the filters may not.
    CHECK(emu.get("/v2/api-keys?limit=50&cursor=" + encode(cursor), emu.admin_key).status == 200);

    SUBCASE("tampered") {
      for (std::size_t i = 0; i < cursor.size(); i += 7) {
        std::string bad = cursor;
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        CAPTURE(bad);
        check_problem(emu.get("/v2/api-keys?cursor=" + encode(bad), emu.admin_key), 400);
      }
      check_problem(emu.get("/v2/api-keys?cursor=" + encode(cursor + "A"), emu.admin_key), 400);
      check_problem(emu.get("/v2/api-keys?cursor=cursor_12345", emu.admin_key), 400);
      check_problem(emu.get("/v2/api-keys?cursor=", emu.admin_key), 400);
    }
    SUBCASE("from another filter set") {
      check_problem(emu.get("/v2/api-keys?status=deleted&cursor=" + encode(cursor), emu.admin_key),
                    400);
      check_problem(emu.get("/v2/api-keys?key_type=user&cursor=" + encode(cursor), emu.admin_key),
                    400);
      check_problem(emu.get("/v2/api-keys?" + space_query(kSpace1) + "&cursor=" + encode(cursor),
                            emu.admin_key),
                    400);
    }
    SUBCASE("from another caller") {
      check_problem(emu.get("/v2/api-keys?cursor=" + encode(cursor), emu.member_key), 400);
    }
    SUBCASE("from another server (another secret)") {
      Emulator other({}, 7);
      check_problem(other.get("/v2/api-keys?cursor=" + encode(cursor), other.admin_key), 400);
    }
  }

  TEST_CASE("paging is stable while keys are added and deleted: each key exactly once") {
    Emulator emu;
    std::vector<std::string> expected = ids_of(emu.get("/v2/api-keys", emu.admin_key));
    for (int i = 0; i < 5; ++i) {
      expected.push_back(emu.create(emu.admin_key, {{"name", "k" + std::to_string(i)}})["id"]);
    }
    std::vector<std::string> seen;
    std::string query = "/v2/api-keys?limit=2";
    int pages = 0;
    for (; pages < 20; ++pages) {
      const Reply page = emu.get(query, emu.admin_key);
      REQUIRE(page.status == 200);
      for (const auto& id : ids_of(page)) seen.push_back(id);
      const json& pagination = page.body["pagination"];
      CHECK(pagination.contains("next_cursor") == pagination["has_more"].get<bool>());
      if (!pagination["has_more"]) break;
      if (pages == 0) {  // keys added mid-way show up at the end, once
        for (int i = 0; i < 3; ++i) {
          expected.push_back(
              emu.create(emu.admin_key, {{"name", "late" + std::to_string(i)}})["id"]);
        }
      }
      query = "/v2/api-keys?limit=2&cursor=" + encode(pagination["next_cursor"].get<std::string>());
    }
    CHECK(pages < 20);
    CHECK(seen == expected);
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == seen.size());
  }

  TEST_CASE("a page that ends exactly at the last key has no cursor") {
    Emulator emu;
    emu.create(emu.admin_key, {{"name", "second"}});
    const Reply page = emu.get("/v2/api-keys?limit=2", emu.admin_key);
    CHECK(page.body["api_keys"].size() == 2);
    CHECK(page.body["pagination"]["has_more"] == false);
    CHECK_FALSE(page.body["pagination"].contains("next_cursor"));
  }
}
