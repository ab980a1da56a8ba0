// Every API keys operation through arize::Client and its default HttplibTransport, over real
// loopback sockets to the in-process emulator (HTTP); ids that need percent-encoding.
#include <algorithm>
#include <set>

#include "emulator/support.hpp"
#include "loopback_support.hpp"

using arize::ApiKeyStatus;
using arize::ApiKeyType;
using emu_test::Emulator;
using loopback::client_of;
using loopback::options_for;
using loopback::page_holds;

TEST_SUITE("http") {
  TEST_CASE("create, create_service_key, list with filters") {
    Emulator emu;
    arize::Client client = client_of(emu, emu.admin_key);

    const arize::ApiKeyCreated user =
        client.api_keys.create({.name = "ci user key", .description = "made by a test"});
    CHECK(user.key_type == ApiKeyType::user);
    CHECK(user.status == ApiKeyStatus::active);
    CHECK(user.name.get() == "ci user key");
    REQUIRE(user.description);
    CHECK(*user.description == "made by a test");
    CHECK_FALSE(user.key.reveal().empty());
    CHECK(user.redacted_key.get().find(user.key.reveal()) == std::string::npos);

    const arize::ApiKeyCreated service = client.api_keys.create_service_key({
        .name = "ci service key",
        .space_id = emu_test::kSpace1,
        .space_role = arize::SpaceRole::read_only,
        .org_role = arize::OrgRole::read_only,
        .account_role = arize::AccountRole::member,
    });
    CHECK(service.key_type == ApiKeyType::service);
    CHECK(service.status == ApiKeyStatus::active);

    // Without filters: the caller's active user keys (the admin's own key and the new one).
    const arize::ApiKeyList users = client.api_keys.list();
    CHECK(users.api_keys.get().size() == 2);
    CHECK(page_holds(users, user.id));
    CHECK_FALSE(page_holds(users, service.id));
    CHECK_FALSE(users.pagination.get().has_more);

    const arize::ApiKeyList services = client.api_keys.list(
        {.key_type = ApiKeyType::service, .space_id = std::string(emu_test::kSpace1)});
    REQUIRE(services.api_keys.get().size() == 1);
    CHECK(services.api_keys.get()[0].id.get() == service.id.get());
    CHECK(services.api_keys.get()[0].key_type == ApiKeyType::service);

    // Another space holds none of them.
    CHECK(client.api_keys
              .list({.key_type = ApiKeyType::service, .space_id = std::string(emu_test::kSpace2)})
              .api_keys.get()
              .empty());
    // The new user key authenticates.
    arize::Client as_user = client_of(emu, user.key.reveal());
    CHECK(page_holds(as_user.api_keys.list({.limit = 100}), user.id));
  }

  TEST_CASE("list_all follows next_cursor across pages") {
    Emulator emu;
    arize::Client client = client_of(emu, emu.admin_key);
    std::set<std::string> made;
    for (int i = 0; i < 5; ++i) {
      made.insert(client.api_keys.create({.name = "page key " + std::to_string(i)}).id);
    }
    const arize::ApiKeyList first = client.api_keys.list({.limit = 2});
    CHECK(first.api_keys.get().size() == 2);
    CHECK(first.pagination.get().has_more);
    CHECK(first.pagination.get().next_cursor);

    std::vector<std::string> seen;
    for (const arize::ApiKey& key : client.api_keys.list_all({.limit = 2})) seen.push_back(key.id);
    CHECK(seen.size() == 6);  // the admin's own key and the five new ones: three pages
    const std::set<std::string> distinct(seen.begin(), seen.end());
    CHECK(distinct.size() == seen.size());
    for (const auto& id : made) CHECK(distinct.count(id) == 1);
  }

  TEST_CASE("refresh with a grace period: old and new key both authenticate until it ends") {
    Emulator emu;
    arize::Client admin = client_of(emu, emu.admin_key);
    const arize::ApiKeyCreated old_key = admin.api_keys.create({.name = "rotating"});
    const arize::ApiKeyCreated new_key =
        admin.api_keys.refresh(old_key.id, {.grace_period_seconds = 600});
    CHECK(new_key.id.get() != old_key.id.get());
    CHECK(new_key.name.get() == "rotating");
    CHECK(new_key.key.reveal() != old_key.key.reveal());

    arize::Client with_old = client_of(emu, old_key.key.reveal());
    arize::Client with_new = client_of(emu, new_key.key.reveal());
    CHECK(page_holds(with_old.api_keys.list(), new_key.id));
    CHECK(page_holds(with_new.api_keys.list(), new_key.id));
    // The old key is listed as deleted.
    CHECK(page_holds(admin.api_keys.list({.status = ApiKeyStatus::deleted}), old_key.id));

    emu.clock.advance(std::chrono::seconds(601));
    CHECK_THROWS_AS(with_old.api_keys.list(), arize::UnauthorizedError);
    CHECK_NOTHROW(with_new.api_keys.list());

    // Refresh without parameters (no body): the old key stops at once.
    const arize::ApiKeyCreated newer = admin.api_keys.refresh(new_key.id);
    CHECK_THROWS_AS(with_new.api_keys.list(), arize::UnauthorizedError);
    CHECK_NOTHROW(client_of(emu, newer.key.reveal()).api_keys.list());
  }

  TEST_CASE("delete_key and revoke; deleted keys are listed with status deleted") {
    Emulator emu;
    arize::Client client = client_of(emu, emu.admin_key);
    const arize::ApiKeyCreated a = client.api_keys.create({.name = "to delete"});
    const arize::ApiKeyCreated b =
        client.api_keys.create_service_key({.name = "to revoke", .space_id = emu_test::kSpace1});
    client.api_keys.delete_key(a.id);
    client.api_keys.revoke(b.id);

    CHECK_FALSE(page_holds(client.api_keys.list(), a.id));
    const arize::ApiKeyList deleted = client.api_keys.list({.status = ApiKeyStatus::deleted});
    CHECK(page_holds(deleted, a.id));
    for (const auto& key : deleted.api_keys.get()) CHECK(key.status == ApiKeyStatus::deleted);
    CHECK(page_holds(client.api_keys.list({.key_type = ApiKeyType::service,
                                           .status = ApiKeyStatus::deleted,
                                           .space_id = std::string(emu_test::kSpace1)}),
                     b.id));
    // A deleted key no longer authenticates, and cannot be deleted twice.
    CHECK_THROWS_AS(client_of(emu, a.key.reveal()).api_keys.list(), arize::UnauthorizedError);
    CHECK_THROWS_AS(client.api_keys.delete_key(a.id), arize::NotFoundError);
  }

  TEST_CASE("ids holding '/', '+', '=' or only dots reach the key route, percent-encoded") {
    Emulator emu;
    arize::Client client = client_of(emu, emu.admin_key);
    for (const char* id : {"a/b+c=d", "..", ".", "QXBp/+1=="}) {
      CAPTURE(id);
      try {
        client.api_keys.delete_key(id);
        FAIL("expected NotFoundError");
      } catch (const arize::NotFoundError& e) {
        // The key route's 404, not the unknown-route 404 ("no such route: ...").
        REQUIRE(e.problem().detail);
        CHECK(*e.problem().detail == "API key not found");
        CHECK(e.problem().title == std::optional<std::string>("Not Found"));
      }
      CHECK_THROWS_AS(client.api_keys.refresh(id), arize::NotFoundError);
    }
  }

  TEST_CASE("the exact request target of an encoded id") {
    loopback::LocalServer server([](const httplib::Request& req, httplib::Response& res) {
      if (req.method == "GET") {
        res.set_content(loopback::kEmptyPage, "application/json");
      } else {
        res.status = 204;
      }
    });
    arize::Client client(options_for(server.base_url(), "k"));
    client.api_keys.delete_key("a/b+c=d");
    client.api_keys.delete_key("..");
    client.api_keys.delete_key("x y%z");
    (void)client.api_keys.list({.space_id = std::string("U3Bh/+Y2U=")});
    REQUIRE(server.seen.count() == 4);
    const std::lock_guard lock(server.seen.mutex);
    CHECK(server.seen.methods[0] == "DELETE");
    CHECK(server.seen.targets[0] == "/v2/api-keys/a%2Fb%2Bc%3Dd");
    CHECK(server.seen.targets[1] == "/v2/api-keys/%2E%2E");
    CHECK(server.seen.targets[2] == "/v2/api-keys/x%20y%25z");
    CHECK(server.seen.targets[3] == "/v2/api-keys?space_id=U3Bh%2F%2BY2U%3D");
  }
}
