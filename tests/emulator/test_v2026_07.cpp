// The 2026-07 revision (the current one) over loopback, in hand-written JSON: the oneOf create
// with organizations and tagged roles, bot_user, idempotent PUT …/revoke, the refresh expiry
// rules, uppercase enumerations, and the spaces and organizations listings (both revisions).
#include <algorithm>
#include <set>

#include "persistence.hpp"
#include "support.hpp"
#include "wire_v2026_07.hpp"

using namespace emu_test;

namespace {

constexpr const char* kOrg1 = "T3JnYW5pemF0aW9uOjE=";
constexpr const char* kOrg2 = "T3JnYW5pemF0aW9uOjI=";

ServerOptions july() { return ServerOptions{.revision = ApiRevision::v2026_07}; }

json predefined(const std::string& name) { return {{"type", "PREDEFINED"}, {"name", name}}; }
json custom(const std::string& id) { return {{"type", "CUSTOM"}, {"id", id}}; }

/// A SERVICE create body with one organization holding `spaces` ({space_id, role?} objects).
json service(const std::string& org, json spaces, json org_role = nullptr,
             json account_role = nullptr) {
  json binding = {{"org_id", org}, {"spaces", std::move(spaces)}};
  if (!org_role.is_null()) binding["role"] = std::move(org_role);
  json body = {{"key_type", "SERVICE"}, {"name", "svc"}, {"organizations", json::array({binding})}};
  if (!account_role.is_null()) body["account_role"] = std::move(account_role);
  return body;
}

json in_space(const std::string& space, json role = nullptr) {
  json entry = {{"space_id", space}};
  if (!role.is_null()) entry["role"] = std::move(role);
  return entry;
}

std::string revoke_path(const json& key) { return key_path(key) + "/revoke"; }

std::vector<std::string> names_of(const Reply& reply, const char* member) {
  std::vector<std::string> out;
  for (const auto& item : reply.body.at(member)) out.push_back(item.at("id"));
  return out;
}

/// The status of key `id` in the caller's listing with `query` ("" or "&…").
json listed(Emulator& emu, const std::string& token, const std::string& id,
            const std::string& query) {
  const Reply reply = emu.get("/v2/api-keys?limit=100" + query, token);
  REQUIRE(reply.status == 200);
  for (const auto& key : reply.body["api_keys"]) {
    if (key["id"] == id) return key;
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("v2026_07") {
  TEST_CASE("a USER key: key_type required and uppercase; no bot_user") {
    Emulator emu(july());
    const json key = emu.create(emu.admin_key, {{"key_type", "USER"}, {"name", "mine"}});
    CHECK(key["key_type"] == "USER");
    CHECK(key["status"] == "ACTIVE");
    CHECK(key["key"].get<std::string>().starts_with("ak-"));
    CHECK(!key.contains("bot_user"));
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"name", "no type"}}), 400);
    check_problem(emu.post("/v2/api-keys", emu.admin_key, {{"key_type", "user"}, {"name", "n"}}),
                  400);
    // The 2026-06 service body: no organizations.
    check_problem(emu.post("/v2/api-keys", emu.admin_key,
                           {{"key_type", "SERVICE"}, {"name", "n"}, {"space_id", kSpace1}}),
                  400);
  }

  TEST_CASE("a SERVICE key: bot_user with every role resolved, defaults filled") {
    Emulator emu(july());
    const json key = emu.create(emu.admin_key, service(kOrg1, {in_space(kSpace1)}));
    CHECK(key["key_type"] == "SERVICE");
    REQUIRE(key.contains("bot_user"));
    const json& bot = key["bot_user"];
    CHECK(bot["id"].is_string());
    CHECK(bot["name"].is_string());
    CHECK(bot["account_role"] == predefined("MEMBER"));
    REQUIRE(bot["organizations"].size() == 1);
    CHECK(bot["organizations"][0]["org_id"] == kOrg1);
    CHECK(bot["organizations"][0]["role"] == predefined("READ_ONLY"));
    CHECK(bot["organizations"][0]["spaces"] ==
          json::array({{{"space_id", kSpace1}, {"role", predefined("MEMBER")}}}));
  }

  TEST_CASE("several organizations and spaces, explicit and custom roles") {
    Emulator emu(july());
    json body = service(
        kOrg1, {in_space(kSpace1, predefined("ADMIN")), in_space(kSpace2, custom("Um9sZTo5"))},
        predefined("MEMBER"), predefined("ADMIN"));
    body["organizations"].push_back(
        {{"org_id", kOrg2}, {"spaces", json::array({in_space(kSpace4, predefined("READ_ONLY"))})}});
    const json key = emu.create(emu.admin_key, body);
    const json& bot = key["bot_user"];
    CHECK(bot["account_role"] == predefined("ADMIN"));
    REQUIRE(bot["organizations"].size() == 2);
    CHECK(bot["organizations"][0]["role"] == predefined("MEMBER"));
    CHECK(bot["organizations"][0]["spaces"][0]["role"] == predefined("ADMIN"));
    CHECK(bot["organizations"][0]["spaces"][1]["role"] == custom("Um9sZTo5"));
    CHECK(bot["organizations"][1]["org_id"] == kOrg2);
    CHECK(bot["organizations"][1]["role"] == predefined("READ_ONLY"));
    CHECK(bot["organizations"][1]["spaces"][0] ==
          json{{"space_id", kSpace4}, {"role", predefined("READ_ONLY")}});

    // The key is listed in each of its spaces; its bot acts in them and nowhere else.
    for (const char* space : {kSpace1, kSpace2, kSpace4}) {
      CAPTURE(space);
      CHECK(listed(emu, emu.admin_key, key["id"], "&space_id=" + encode(space)) != nullptr);
    }
    const std::string raw = key["key"];
    CHECK(emu.get("/v2/api-keys?space_id=" + encode(kSpace4), raw).status == 200);
    check_problem(emu.get("/v2/api-keys?space_id=" + encode(kSpace3), raw), 404);
    const Reply spaces = emu.get("/v2/spaces", raw);
    REQUIRE(spaces.status == 200);
    CHECK(names_of(spaces, "spaces") == std::vector<std::string>{kSpace1, kSpace2, kSpace4});
    const Reply orgs = emu.get("/v2/organizations", raw);
    CHECK(names_of(orgs, "organizations") == std::vector<std::string>{kOrg1, kOrg2});
  }

  TEST_CASE("422: ANNOTATOR anywhere, CUSTOM at account or organization level") {
    Emulator emu(july());
    const json cases[] = {
        service(kOrg1, {in_space(kSpace1)}, nullptr, predefined("ANNOTATOR")),
        service(kOrg1, {in_space(kSpace1)}, predefined("ANNOTATOR")),
        service(kOrg1, {in_space(kSpace1, predefined("ANNOTATOR"))}),
        service(kOrg1, {in_space(kSpace1)}, nullptr, custom("Um9sZTox")),
        service(kOrg1, {in_space(kSpace1)}, custom("Um9sZTox")),
    };
    for (const json& body : cases) {
      CAPTURE(body.dump());
      check_problem(emu.post("/v2/api-keys", emu.admin_key, body), 422);
    }
  }

  TEST_CASE("422: a space listed under an organization it does not belong to") {
    Emulator emu(july());
    check_problem(emu.post("/v2/api-keys", emu.admin_key, service(kOrg1, {in_space(kSpace4)})),
                  422);
    check_problem(emu.post("/v2/api-keys", emu.admin_key, service(kOrg2, {in_space(kSpace1)})),
                  422);
    // Unknown organization or space: 404; listed twice: 400.
    check_problem(emu.post("/v2/api-keys", emu.admin_key, service("T3JnOjk5", {in_space(kSpace1)})),
                  404);
    check_problem(emu.post("/v2/api-keys", emu.admin_key,
                           service(kOrg1, {in_space(kSpace1), in_space(kSpace1)})),
                  400);
    json twice = service(kOrg1, {in_space(kSpace1)});
    twice["organizations"].push_back(twice["organizations"][0]);
    check_problem(emu.post("/v2/api-keys", emu.admin_key, twice), 400);
    check_problem(
        emu.post("/v2/api-keys", emu.admin_key, service(kOrg1, {in_space("U3BhY2U6OTk=")})), 404);
  }

  TEST_CASE("422: a role above the caller's own, at every level") {
    Emulator emu(july());
    // The member: account MEMBER, org 1 MEMBER, space 1 MEMBER.
    const json cases[] = {
        service(kOrg1, {in_space(kSpace1)}, nullptr, predefined("ADMIN")),
        service(kOrg1, {in_space(kSpace1)}, predefined("ADMIN")),
        service(kOrg1, {in_space(kSpace1, predefined("ADMIN"))}),
        service(kOrg1, {in_space(kSpace1, custom("Um9sZTox"))}),  // custom takes a space admin
    };
    for (const json& body : cases) {
      CAPTURE(body.dump());
      check_problem(emu.post("/v2/api-keys", emu.member_key, body), 422);
    }
    CHECK(emu.post("/v2/api-keys", emu.member_key,
                   service(kOrg1, {in_space(kSpace1, predefined("MEMBER"))}, predefined("MEMBER")))
              .status == 201);
    // A space where the member is READ_ONLY: 403; one it cannot see: 404.
    check_problem(emu.post("/v2/api-keys", emu.member_key, service(kOrg1, {in_space(kSpace2)})),
                  403);
    check_problem(emu.post("/v2/api-keys", emu.member_key, service(kOrg1, {in_space(kSpace3)})),
                  404);
  }

  TEST_CASE("401 comes before any judgement of the request") {
    Emulator emu(july());
    const json annotator = service(kOrg1, {in_space(kSpace1, predefined("ANNOTATOR"))});
    check_problem(emu.call("POST", "/v2/api-keys", std::nullopt, annotator.dump()), 401);
    check_problem(emu.call("POST", "/v2/api-keys", "ak-wrong", "{not json"), 401);
    check_problem(emu.call("GET", "/v2/api-keys?limit=0", std::nullopt), 401);
    check_problem(emu.call("GET", "/v2/spaces?limit=0", "ak-wrong"), 401);
  }

  TEST_CASE("problem bodies never quote the request") {
    Emulator emu(july());
    const std::string secret = "ak-SECRETSECRETSECRET";
    const json bodies[] = {
        {{"key_type", secret}, {"name", "n"}},
        service(secret, {in_space(kSpace1)}),
        service(kOrg1, {in_space(secret)}),
        service(kOrg1, {in_space(kSpace1, {{"type", "PREDEFINED"}, {"name", secret}})}),
        service(kOrg1, {in_space(kSpace1, {{"type", secret}, {"name", "MEMBER"}})}),
    };
    for (const json& body : bodies) {
      CAPTURE(body.dump());
      const Reply reply = emu.post("/v2/api-keys", emu.admin_key, body);
      CHECK(reply.status >= 400);
      CHECK(reply.text.find("SECRET") == std::string::npos);
    }
    const Reply query = emu.get("/v2/api-keys?status=" + secret, emu.admin_key);
    check_problem(query, 400);
    CHECK(query.text.find("SECRET") == std::string::npos);
  }

  TEST_CASE("revoke: PUT, 204, idempotent; the key shows REVOKED and stops authenticating") {
    Emulator emu(july());
    const json key = emu.create(emu.admin_key, {{"key_type", "USER"}, {"name", "r"}});
    const Reply first = emu.call("PUT", revoke_path(key), emu.admin_key);
    CHECK(first.status == 204);
    CHECK(first.text.empty());
    CHECK(emu.call("PUT", revoke_path(key), emu.admin_key).status == 204);
    CHECK(listed(emu, emu.admin_key, key["id"], "&status=REVOKED")["status"] == "REVOKED");
    CHECK(listed(emu, emu.admin_key, key["id"], "") == nullptr);
    check_problem(emu.get("/v2/api-keys", key["key"]), 401);
    // Unknown, or not the caller's to read: 404 (ids cannot be probed).
    check_problem(emu.call("PUT", "/v2/api-keys/QXBpS2V5Ojk5/revoke", emu.admin_key), 404);
    const json admins = emu.create(emu.admin_key, {{"key_type", "USER"}, {"name", "a"}});
    check_problem(emu.call("PUT", revoke_path(admins), emu.member_key), 404);
    check_problem(emu.call("PUT", revoke_path(key), emu.member_key), 404);
  }

  TEST_CASE("DELETE is gone; the routes and their methods are 2026-07's") {
    Emulator emu(july());
    const json key = emu.create(emu.admin_key, {{"key_type", "USER"}, {"name", "d"}});
    check_problem(emu.call("DELETE", key_path(key), emu.admin_key), 404);
    CHECK(listed(emu, emu.admin_key, key["id"], "")["status"] == "ACTIVE");
    const Reply get_revoke = emu.call("GET", revoke_path(key), emu.admin_key);
    check_problem(get_revoke, 405);
    CHECK(get_revoke.header("Allow") == "PUT");
    const Reply put_collection = emu.call("PUT", "/v2/api-keys", emu.admin_key);
    check_problem(put_collection, 405);
    CHECK(put_collection.header("Allow") == "GET, HEAD, POST");
    check_problem(emu.call("POST", "/v2/spaces", emu.admin_key, "{}"), 405);
    // And 2026-06 has no revoke route.
    Emulator june;
    const json old = june.create(june.admin_key, {{"name", "o"}});
    check_problem(june.call("PUT", revoke_path(old), june.admin_key), 404);
  }

  TEST_CASE("refresh may not lengthen a life; an expiring key must be given expires_at") {
    Emulator emu(july());
    const json expiring =
        emu.create(emu.admin_key,
                   {{"key_type", "USER"}, {"name", "e"}, {"expires_at", "2026-06-01T00:00:00Z"}});
    check_problem(emu.call("POST", refresh_path(expiring), emu.admin_key), 422);
    check_problem(emu.post(refresh_path(expiring), emu.admin_key, json::object()), 422);
    check_problem(
        emu.post(refresh_path(expiring), emu.admin_key, {{"expires_at", "2026-06-01T00:00:01Z"}}),
        422);
    // Nothing happened: the key is still the active one.
    CHECK(listed(emu, emu.admin_key, expiring["id"], "")["status"] == "ACTIVE");
    const Reply same =
        emu.post(refresh_path(expiring), emu.admin_key, {{"expires_at", "2026-06-01T00:00:00Z"}});
    REQUIRE(same.status == 200);
    CHECK(same.body["expires_at"] == "2026-06-01T00:00:00Z");
    CHECK(same.body["status"] == "ACTIVE");
    CHECK(same.body["key_type"] == "USER");
    CHECK(!same.body.contains("bot_user"));
    CHECK(emu.post(refresh_path(same.body), emu.admin_key, {{"expires_at", "2026-03-01T00:00:00Z"}})
              .status == 200);

    // A key that never expires: no body keeps it so; an expiry may be added.
    const json forever = emu.create(emu.admin_key, {{"key_type", "USER"}, {"name", "f"}});
    const Reply kept = emu.call("POST", refresh_path(forever), emu.admin_key);
    REQUIRE(kept.status == 200);
    CHECK(!kept.body.contains("expires_at"));
    CHECK(emu.post(refresh_path(kept.body), emu.admin_key, {{"expires_at", "2027-01-01T00:00:00Z"}})
              .status == 200);
  }

  TEST_CASE("a service key's refresh has no bot_user; roles above the refresher are 422") {
    Emulator emu(july());
    const json strong = emu.create(
        emu.admin_key, service(kOrg1, {in_space(kSpace1)}, nullptr, predefined("ADMIN")));
    const Reply refreshed = emu.call("POST", refresh_path(strong), emu.admin_key);
    REQUIRE(refreshed.status == 200);
    CHECK(refreshed.body["key_type"] == "SERVICE");
    CHECK(!refreshed.body.contains("bot_user"));
    // A space admin's bot may refresh the keys of its space, but not one stronger than itself.
    const json space_admin =
        emu.create(emu.admin_key, service(kOrg1, {in_space(kSpace1, predefined("ADMIN"))}));
    check_problem(emu.call("POST", refresh_path(refreshed.body), space_admin["key"]), 422);
  }

  TEST_CASE("list: uppercase values, the generated page size range") {
    Emulator emu(july());
    const json svc = emu.create(emu.admin_key, service(kOrg1, {in_space(kSpace1)}));
    const Reply reply = emu.get(
        "/v2/api-keys?key_type=SERVICE&status=ACTIVE&space_id=" + encode(kSpace1), emu.admin_key);
    REQUIRE(reply.status == 200);
    CHECK(ids_of(reply) == std::vector<std::string>{svc["id"]});
    CHECK(reply.body["api_keys"][0]["key_type"] == "SERVICE");
    for (const char* bad : {"status=active", "key_type=service", "status=deleted", "limit=0",
                            "limit=101", "limit=x"}) {
      CAPTURE(bad);
      check_problem(emu.get(std::string("/v2/api-keys?") + bad, emu.admin_key), 400);
    }
    CHECK(emu.get("/v2/api-keys?limit=100", emu.admin_key).status == 200);
  }
}

TEST_SUITE("directory") {
  TEST_CASE("GET /v2/spaces: the caller's spaces, org_id, name (substring, any case)") {
    for (const ApiRevision revision : {ApiRevision::v2026_06, ApiRevision::v2026_07}) {
      CAPTURE(to_string(revision));
      Emulator emu(ServerOptions{.revision = revision});
      const Reply all = emu.get("/v2/spaces", emu.admin_key);
      REQUIRE(all.status == 200);
      CHECK(names_of(all, "spaces") ==
            std::vector<std::string>{kSpace1, kSpace2, kSpace3, kSpace4, kSpace5});
      CHECK(all.body["pagination"]["has_more"] == false);
      const json& first = all.body["spaces"][0];
      CHECK(first["name"] == "production");
      CHECK(first["description"].is_string());
      CHECK(first["created_at"].is_string());
      CHECK(first.contains("is_private") == (revision == ApiRevision::v2026_07));
      CHECK(names_of(emu.get("/v2/spaces", emu.member_key), "spaces") ==
            std::vector<std::string>{kSpace1, kSpace2, kSpace4});
      CHECK(names_of(emu.get("/v2/spaces?org_id=" + encode(kOrg2), emu.admin_key), "spaces") ==
            std::vector<std::string>{kSpace4, kSpace5});
      CHECK(names_of(emu.get("/v2/spaces?name=ODUC", emu.admin_key), "spaces") ==
            std::vector<std::string>{kSpace1, kSpace4});
      CHECK(names_of(emu.get("/v2/spaces?name=nothing", emu.admin_key), "spaces").empty());
      check_problem(emu.get("/v2/spaces?name=" + std::string(256, 'a'), emu.admin_key), 400);
      check_problem(emu.get("/v2/spaces?limit=101", emu.admin_key), 400);
      check_problem(emu.get("/v2/spaces?name=a&name=b", emu.admin_key), 400);
    }
  }

  TEST_CASE("GET /v2/spaces pages with a cursor bound to its filters") {
    Emulator emu(july());
    std::vector<std::string> seen;
    std::string query = "/v2/spaces?limit=2";
    for (int page = 0; page < 10; ++page) {
      const Reply reply = emu.get(query, emu.admin_key);
      REQUIRE(reply.status == 200);
      const auto ids = names_of(reply, "spaces");
      CHECK(ids.size() <= 2);
      seen.insert(seen.end(), ids.begin(), ids.end());
      if (!reply.body["pagination"]["has_more"].get<bool>()) {
        CHECK(!reply.body["pagination"].contains("next_cursor"));
        break;
      }
      const std::string cursor = reply.body["pagination"]["next_cursor"];
      query = "/v2/spaces?limit=2&cursor=" + encode(cursor);
      if (page == 0) {
        check_problem(emu.get("/v2/spaces?name=a&cursor=" + encode(cursor), emu.admin_key), 400);
        check_problem(emu.get("/v2/spaces?cursor=" + encode(cursor), emu.member_key), 400);
      }
    }
    CHECK(seen == std::vector<std::string>{kSpace1, kSpace2, kSpace3, kSpace4, kSpace5});
  }

  TEST_CASE("GET /v2/organizations: name filter and paging") {
    Emulator emu(july());
    const Reply all = emu.get("/v2/organizations", emu.member_key);
    REQUIRE(all.status == 200);
    CHECK(names_of(all, "organizations") == std::vector<std::string>{kOrg1, kOrg2});
    CHECK(all.body["organizations"][0]["name"] == "default");
    CHECK(names_of(emu.get("/v2/organizations?name=LAB", emu.admin_key), "organizations") ==
          std::vector<std::string>{kOrg2});
    const Reply first = emu.get("/v2/organizations?limit=1", emu.admin_key);
    REQUIRE(first.body["pagination"]["has_more"] == true);
    const Reply second = emu.get(
        "/v2/organizations?limit=1&cursor=" + encode(first.body["pagination"]["next_cursor"]),
        emu.admin_key);
    CHECK(names_of(second, "organizations") == std::vector<std::string>{kOrg2});
    CHECK(second.body["pagination"]["has_more"] == false);
  }
}

TEST_SUITE("persistence") {
  TEST_CASE("a multi-organization grant survives the state file") {
    ManualClock clock;
    Random random(5);
    Store store(
        Store::fresh_state(random), [&clock] { return clock.now(); }, random,
        wire_api(ApiRevision::v2026_07).rules());
    const std::string admin = store.ensure_user_key(kAdminUserId, std::nullopt);
    json body = service(kOrg1, {in_space(kSpace1, custom("Um9sZTo5"))}, predefined("MEMBER"));
    body["organizations"].push_back(
        {{"org_id", kOrg2}, {"spaces", json::array({in_space(kSpace5, predefined("ADMIN"))})}});
    const CreatedKey created = store.create(admin, decode_create_v2026_07(body.dump()));
    const State reloaded = state_from_json(state_to_json(store.snapshot()));
    CHECK(state_to_json(reloaded) == state_to_json(store.snapshot()));
    const Store again(
        reloaded, [&clock] { return clock.now(); }, random);
    CHECK(again.snapshot().keys.back().grant->orgs.size() == 2);
    CHECK(again.snapshot().keys.back().grant->orgs[0].spaces[0].custom_role_id == "Um9sZTo5");
    CHECK(created.record.grant->orgs[1].org_id == kOrg2);
  }

  TEST_CASE("a version 1 state file (one organization, space_id + roles) still loads") {
    const json v1 = json::parse(R"({
      "format": "arize-emulator-state", "version": 1, "last_seq": 1,
      "cursor_secret": "00112233445566778899aabbccddeeff",
      "spaces": [{"id": "U3BhY2U6MQ==", "name": "production", "member_role": "member"}],
      "keys": [{"seq": 1, "id": "QXBpS2V5OjE+", "name": "s", "key_type": "service",
                "secret_sha256": "0000000000000000000000000000000000000000000000000000000000000000",
                "redacted_key": "ak-abc...xyz", "created_at": "2026-01-01T00:00:00Z",
                "created_by_user_id": "VXNlcjox", "deleted": false,
                "space_id": "U3BhY2U6MQ==", "bot_user_id": "Qm90VXNlcjox",
                "roles": {"space_role": "admin", "org_role": "read-only",
                          "account_role": "member"}}]})");
    Random random(6);
    const Store store(state_from_json(v1), system_now, random);
    const State state = store.snapshot();
    CHECK(state.organizations.size() == 2);
    CHECK(state.spaces[0].org_id == kOrg1);
    const ServiceGrant& grant = *state.keys[0].grant;
    REQUIRE(grant.orgs.size() == 1);
    CHECK(grant.orgs[0].org_id == kOrg1);
    CHECK(grant.orgs[0].role == Role::read_only);
    CHECK(grant.orgs[0].spaces[0].space_id == "U3BhY2U6MQ==");
    CHECK(grant.orgs[0].spaces[0].role == Role::admin);
    CHECK(state_from_json(state_to_json(state)).keys[0].grant->orgs.size() == 1);
  }
}
