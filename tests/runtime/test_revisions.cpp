// One facade, two API revisions (issue 17): the revision choice, the exact wire request of each
// facade operation in 2026-06 and 2026-07 and the decoded result, what 2026-06 cannot do,
// space and organization names, the secrets of a 2026-07 create that does not decode, and the
// stage notice from the API description. The generated reference_facade_calls.hpp compiles every
// facade call the reference names (openapi/facade-calls.yaml).
#include <doctest/doctest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "reference_facade_calls.hpp"  // generated: every facade call docs/reference/ names
#include "support/unit_support.hpp"

namespace {

using arize::ApiRevision;
using arize::HttpRequest;
using arize::HttpResponse;
using rt::EnvVar;
using rt::Json;
using rt::RecordingTransport;

arize::Client client_on(RecordingTransport& fake, ApiRevision revision) {
  arize::ClientOptions options = rt::options_for(fake);
  options.api_revision = revision;
  return arize::Client(std::move(options));
}

Json wire_body(const HttpRequest& r) {
  REQUIRE(r.body.has_value());
  return Json::parse(*r.body);
}

/// A 2026-07 key: uppercase values, last_used_at.
Json key07(const std::string& id, const std::string& type = "USER",
           const std::string& status = "ACTIVE") {
  return Json{{"id", id},
              {"name", "key " + id},
              {"key_type", type},
              {"status", status},
              {"redacted_key", "ak-abc...xyz"},
              {"created_at", "2026-07-01T00:00:00Z"},
              {"created_by_user_id", "VXNlcjox"},
              {"last_used_at", "2026-07-02T00:00:00Z"}};
}

Json role(const std::string& name) { return Json{{"type", "PREDEFINED"}, {"name", name}}; }

Json service_created07() {
  Json j = key07("QXBpS2V5OjI=", "SERVICE");
  j["key"] = rt::raw_key;
  j["bot_user"] =
      Json{{"id", "Qm90OjE="},
           {"name", "bot"},
           {"account_role", role("MEMBER")},
           {"organizations",
            Json::array({Json{
                {"org_id", "T3JnOjE="},
                {"role", role("READ_ONLY")},
                {"spaces",
                 Json::array(
                     {Json{{"space_id", "U3BhY2U6MQ=="},
                           {"role", {{"type", "CUSTOM"}, {"id", "Um9sZTox"}, {"name", "auditor"}}}},
                      Json{{"space_id", "U3BhY2U6Mg=="}, {"role", role("ANNOTATOR")}}})}}})}};
  return j;
}

std::string page_of(const std::string& member, const Json& items,
                    const std::optional<std::string>& next = std::nullopt) {
  Json pagination{{"has_more", next.has_value()}};
  if (next) pagination["next_cursor"] = *next;
  return Json{{member, items}, {"pagination", pagination}}.dump();
}

Json entity(const std::string& id, const std::string& name) {
  return Json{{"id", id},
              {"name", name},
              {"description", ""},
              {"created_at", "2026-01-01T00:00:00Z"},
              {"is_private", false}};
}

}  // namespace

TEST_SUITE("revisions") {
  TEST_CASE("the revision: option, else ARIZE_API_REVISION, else 2026-07; bad values are errors") {
    RecordingTransport fake;
    arize::ClientOptions options = rt::options_for(fake);
    {
      const EnvVar env("ARIZE_API_REVISION", std::nullopt);
      CHECK(arize::Client(options).api_revision() == ApiRevision::v2026_07);
      CHECK(arize::current_api_revision == ApiRevision::v2026_07);
    }
    {
      const EnvVar env("ARIZE_API_REVISION", "2026-06");
      CHECK(arize::Client(options).api_revision() == ApiRevision::v2026_06);
      options.api_revision = ApiRevision::v2026_07;  // the option wins
      CHECK(arize::Client(options).api_revision() == ApiRevision::v2026_07);
      options.api_revision.reset();
    }
    {
      const EnvVar env("ARIZE_API_REVISION", "2026-08");
      try {
        (void)arize::Client(options);
        FAIL("no exception");
      } catch (const arize::ConfigError& e) {
        CHECK(rt::contains(e.what(), "ARIZE_API_REVISION"));
      }
    }
    options.api_revision = static_cast<ApiRevision>(7);
    try {
      (void)arize::Client(options);
      FAIL("no exception");
    } catch (const arize::ConfigError& e) {
      CHECK(rt::contains(e.what(), "ClientOptions::api_revision"));
    }
    CHECK(fake.requests().empty());
  }

  TEST_CASE("list: lowercase filters in 2026-06, uppercase in 2026-07; one status for both words") {
    RecordingTransport fake;
    Json deleted = rt::api_key_json("QXBpS2V5OjI=");
    deleted["status"] = "deleted";
    fake.respond(200, page_of("api_keys", Json::array({deleted})));
    fake.respond(200, page_of("api_keys", Json::array({key07("QXBpS2V5OjM=", "SERVICE", "REVOKED"),
                                                       key07("QXBpS2V5OjQ=", "BOT", "GONE")})));
    const arize::ListKeysParams params{.key_type = arize::ApiKeyType::service,
                                       .status = arize::ApiKeyStatus::revoked,
                                       .space_id = "U3BhY2U6MQ==",
                                       .limit = 10};

    auto june = client_on(fake, ApiRevision::v2026_06);
    const auto page06 = june.api_keys.list(params);
    REQUIRE(page06.api_keys.get().size() == 1);
    CHECK(page06.api_keys.get()[0].key_type == arize::ApiKeyType::user);
    CHECK(page06.api_keys.get()[0].status == arize::ApiKeyStatus::revoked);

    auto july = client_on(fake, ApiRevision::v2026_07);
    const auto [keys, pagination] = july.api_keys.list(params);
    REQUIRE(keys.get().size() == 2);
    CHECK(keys.get()[0].key_type == arize::ApiKeyType::service);
    CHECK(keys.get()[0].status == arize::ApiKeyStatus::revoked);
    CHECK(keys.get()[0].status == arize::ApiKeyStatus::deleted);  // one status
    CHECK(keys.get()[0].last_used_at.has_value());
    // Unknown wire values stay unknown, with their text.
    CHECK_FALSE(keys.get()[1].key_type.get().is_known());
    CHECK(keys.get()[1].key_type.get().wire() == "BOT");
    CHECK_FALSE(keys.get()[1].status.get().is_known());
    CHECK_FALSE(pagination.has_more);

    const auto requests = fake.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target() ==
          "/v2/api-keys?key_type=service&status=deleted&space_id=U3BhY2U6MQ%3D%3D&limit=10");
    CHECK(requests[1].target() ==
          "/v2/api-keys?key_type=SERVICE&status=REVOKED&space_id=U3BhY2U6MQ%3D%3D&limit=10");
  }

  TEST_CASE("list_all walks the pages in 2026-07") {
    RecordingTransport fake;
    fake.respond(200, page_of("api_keys", Json::array({key07("QXBpS2V5OjE=")}), "c2"));
    fake.respond(200, page_of("api_keys", Json::array({key07("QXBpS2V5OjI=")})));
    auto client = client_on(fake, ApiRevision::v2026_07);
    std::vector<std::string> ids;
    for (const auto& key : client.api_keys.list_all({.status = arize::ApiKeyStatus::active})) {
      ids.push_back(key.id.get());
    }
    CHECK(ids == std::vector<std::string>{"QXBpS2V5OjE=", "QXBpS2V5OjI="});
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target() == "/v2/api-keys?status=ACTIVE");
    CHECK(requests[1].target() == "/v2/api-keys?status=ACTIVE&cursor=c2");
  }

  TEST_CASE("create: key_type user in both revisions (2026-07: uppercase, a oneOf response)") {
    RecordingTransport fake;
    fake.respond(201, rt::created_json().dump());
    Json created = key07("QXBpS2V5OjU=");
    created["key"] = rt::raw_key;
    fake.respond(201, created.dump());
    const arize::CreateKeyParams params{.name = "ci", .description = "for CI"};

    auto june = client_on(fake, ApiRevision::v2026_06);
    CHECK(june.api_keys.create(params).key.reveal() == rt::raw_key);
    auto july = client_on(fake, ApiRevision::v2026_07);
    const arize::ApiKeyCreated k = july.api_keys.create(params);
    CHECK(k.key.reveal() == rt::raw_key);
    CHECK(k.id.get() == "QXBpS2V5OjU=");
    CHECK(k.key_type == arize::ApiKeyType::user);
    CHECK_FALSE(k.bot_user.has_value());

    const auto requests = fake.requests();
    REQUIRE(requests.size() == 2);
    CHECK(wire_body(requests[0]) ==
          Json{{"name", "ci"}, {"description", "for CI"}, {"key_type", "user"}});
    CHECK(wire_body(requests[1]) ==
          Json{{"key_type", "USER"}, {"name", "ci"}, {"description", "for CI"}});
  }

  TEST_CASE("create_service_key in 2026-06: flat space_id and roles{...}") {
    RecordingTransport fake;
    fake.respond(201, rt::created_json().dump());
    auto client = client_on(fake, ApiRevision::v2026_06);
    (void)client.api_keys.create_service_key({
        .name = "svc",
        .space_id = "U3BhY2U6MQ==",
        .space_role = arize::SpaceRole::read_only,
        .org_role = arize::OrgRole::member,
        .account_role = arize::AccountRole::member,
        .org = "an org name: not looked up, 2026-06 has no organizations in a request",
    });
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 1);
    CHECK(
        wire_body(requests[0]) ==
        Json{{"name", "svc"},
             {"key_type", "service"},
             {"space_id", "U3BhY2U6MQ=="},
             {"roles",
              {{"space_role", "read-only"}, {"org_role", "member"}, {"account_role", "member"}}}});
  }

  TEST_CASE("create_service_key in 2026-07: organizations[...] with tagged roles, the bot user") {
    RecordingTransport fake;
    fake.respond(201, service_created07().dump());
    fake.respond(201, service_created07().dump());
    auto client = client_on(fake, ApiRevision::v2026_07);

    // The seeds' form with the organization given: no lookup.
    const arize::ApiKeyCreated k = client.api_keys.create_service_key({
        .name = "svc",
        .space_id = "U3BhY2U6MQ==",
        .expires_at = arize::parse_datetime("2030-01-01T00:00:00Z"),
        .space_role = arize::SpaceRole::member,
        .org_role = arize::OrgRole::read_only,
        .account_role = arize::AccountRole::member,
        .org = "T3JnOjE=",
    });
    // Several organizations and spaces, a custom space role, roles left unset.
    (void)client.api_keys.create_service_key({
        .name = "multi",
        .organizations = {{.org = "T3JnOjE=",
                           .spaces = {{.space = "U3BhY2U6MQ==",
                                       .role = arize::CustomRole{"Um9sZTox"}},
                                      {.space = "U3BhY2U6Mg=="}}},
                          {.org = "T3JnOjI=",
                           .role = arize::OrgRole::admin,
                           .spaces = {{.space = "U3BhY2U6Mw==", .role = arize::SpaceRole::admin}}}},
    });

    const auto requests = fake.requests();
    REQUIRE(requests.size() == 2);
    CHECK(wire_body(requests[0]) ==
          Json{{"key_type", "SERVICE"},
               {"name", "svc"},
               {"expires_at", "2030-01-01T00:00:00Z"},
               {"account_role", role("MEMBER")},
               {"organizations",
                Json::array({Json{{"org_id", "T3JnOjE="},
                                  {"role", role("READ_ONLY")},
                                  {"spaces", Json::array({Json{{"space_id", "U3BhY2U6MQ=="},
                                                               {"role", role("MEMBER")}}})}}})}});
    CHECK(wire_body(requests[1]) ==
          Json{{"key_type", "SERVICE"},
               {"name", "multi"},
               {"organizations",
                Json::array(
                    {Json{{"org_id", "T3JnOjE="},
                          {"spaces",
                           Json::array({Json{{"space_id", "U3BhY2U6MQ=="},
                                             {"role", {{"type", "CUSTOM"}, {"id", "Um9sZTox"}}}},
                                        Json{{"space_id", "U3BhY2U6Mg=="}}})}},
                     Json{{"org_id", "T3JnOjI="},
                          {"role", role("ADMIN")},
                          {"spaces", Json::array({Json{{"space_id", "U3BhY2U6Mw=="},
                                                       {"role", role("ADMIN")}}})}}})}});

    // The result: the key, the bot user with every role resolved.
    CHECK(k.key.reveal() == rt::raw_key);
    CHECK(k.key_type == arize::ApiKeyType::service);
    REQUIRE(k.bot_user.has_value());
    const arize::BotUser& bot = *k.bot_user;
    CHECK(bot.id == "Qm90OjE=");
    CHECK(bot.account_role.predefined ==
          arize::Open<arize::AccountRole>(arize::AccountRole::member));
    REQUIRE(bot.organizations.size() == 1);
    CHECK(bot.organizations[0].role.predefined ==
          arize::Open<arize::OrgRole>(arize::OrgRole::read_only));
    REQUIRE(bot.organizations[0].spaces.size() == 2);
    CHECK(bot.organizations[0].spaces[0].role.custom_id == "Um9sZTox");
    CHECK(bot.organizations[0].spaces[0].role.custom_name == "auditor");
    const auto annotator = bot.organizations[0].spaces[1].role.predefined;
    REQUIRE(annotator.has_value());
    CHECK_FALSE(annotator->is_known());  // ANNOTATOR: no facade role, kept as text
    CHECK(annotator->wire() == "ANNOTATOR");
    std::ostringstream printed;
    printed << k;
    CHECK(rt::contains(printed.str(), "\"bot_user\""));
    CHECK_FALSE(rt::contains(printed.str(), rt::raw_key));
  }

  TEST_CASE("what 2026-06 cannot do is an UnsupportedByRevisionError, before anything is sent") {
    RecordingTransport fake;
    auto client = client_on(fake, ApiRevision::v2026_06);
    const auto refused = [&](const arize::CreateServiceKeyParams& params, const char* feature) {
      try {
        (void)client.api_keys.create_service_key(params);
        FAIL("no exception");
      } catch (const arize::UnsupportedByRevisionError& e) {
        CHECK(e.revision() == ApiRevision::v2026_06);
        CHECK(rt::contains(e.feature(), feature));
        CHECK(rt::contains(e.what(), "2026-06"));
      }
    };
    refused({.name = "n",
             .organizations = {{.spaces = {{.space = "U3BhY2U6MQ=="}, {.space = "U3BhY2U6Mg=="}}}}},
            "several spaces");
    refused({.name = "n",
             .organizations = {{.spaces = {{.space = "U3BhY2U6MQ=="}}},
                               {.spaces = {{.space = "U3BhY2U6Mg=="}}}}},
            "several organizations");
    refused({.name = "n", .space_id = "U3BhY2U6MQ==", .space_role = arize::CustomRole{"Um9sZTox"}},
            "CUSTOM");
    // Shapes no revision accepts are ValidationErrors.
    CHECK_THROWS_AS((void)client.api_keys.create_service_key({.name = "n"}),
                    arize::ValidationError);
    CHECK_THROWS_AS((void)client.api_keys.create_service_key(
                        {.name = "n",
                         .space_id = "U3BhY2U6MQ==",
                         .organizations = {{.spaces = {{.space = "U3BhY2U6MQ=="}}}}}),
                    arize::ValidationError);
    CHECK(fake.requests().empty());
  }

  TEST_CASE("revoke: DELETE in 2026-06, PUT .../revoke in 2026-07") {
    RecordingTransport fake;
    fake.respond(204).respond(204);
    client_on(fake, ApiRevision::v2026_06).api_keys.delete_key("QXBp/1");
    client_on(fake, ApiRevision::v2026_07).api_keys.revoke("QXBp/1");
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].method == "DELETE");
    CHECK(requests[0].target() == "/v2/api-keys/QXBp%2F1");
    CHECK(requests[1].method == "PUT");
    CHECK(requests[1].target() == "/v2/api-keys/QXBp%2F1/revoke");
    CHECK_FALSE(requests[1].body.has_value());
  }

  TEST_CASE("refresh: the same body in both revisions, none when the params are empty") {
    RecordingTransport fake;
    Json refreshed = key07("QXBpS2V5OjE=");
    refreshed["key"] = rt::raw_key;
    fake.respond(200, rt::created_json().dump()).respond(200, refreshed.dump());
    fake.respond(200, refreshed.dump());
    const arize::RefreshParams params{.expires_at = arize::parse_datetime("2030-01-01T00:00:00Z"),
                                      .grace_period_seconds = 60};
    (void)client_on(fake, ApiRevision::v2026_06).api_keys.refresh("k", params);
    auto july = client_on(fake, ApiRevision::v2026_07);
    CHECK(july.api_keys.refresh("k", params).key.reveal() == rt::raw_key);
    CHECK(july.api_keys.refresh("k").status == arize::ApiKeyStatus::active);
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 3);
    const Json expected{{"expires_at", "2030-01-01T00:00:00Z"}, {"grace_period_seconds", 60}};
    for (int i = 0; i < 2; ++i) {
      CHECK(requests[i].target() == "/v2/api-keys/k/refresh");
      CHECK(wire_body(requests[i]) == expected);
    }
    CHECK_FALSE(requests[2].body.has_value());
  }

  TEST_CASE("space names: ids pass through, names by exact match over all pages") {
    RecordingTransport fake;
    auto client = client_on(fake, ApiRevision::v2026_06);
    CHECK(arize::detail::looks_like_id("U3BhY2U6MQ=="));  // "Space:1"
    CHECK_FALSE(arize::detail::looks_like_id("prod"));
    CHECK_FALSE(arize::detail::looks_like_id("cHJvZA=="));  // "prod": no ':'
    CHECK_FALSE(arize::detail::looks_like_id("U3BhY2U6MQ="));
    CHECK_FALSE(arize::detail::looks_like_id("U3BhY2U6MR=="));  // non-zero padding bits

    SUBCASE("exact match among substring matches, across pages") {
      fake.respond(200, page_of("spaces",
                                Json::array({entity("U3BhY2U6MQ==", "Prod"),
                                             entity("U3BhY2U6Mg==", "production")}),
                                "p2"));
      fake.respond(200, page_of("spaces", Json::array({entity("U3BhY2U6Mw==", "prod")})));
      fake.respond(201, rt::created_json().dump());
      (void)client.api_keys.create_service_key({.name = "n", .space_id = "prod"});
      const auto requests = fake.requests();
      REQUIRE(requests.size() == 3);
      CHECK(requests[0].target() == "/v2/spaces?name=prod&limit=100");
      CHECK(requests[1].target() == "/v2/spaces?name=prod&limit=100&cursor=p2");
      CHECK(wire_body(requests[2])["space_id"] == "U3BhY2U6Mw==");
    }
    SUBCASE("several: an error naming the candidates; nothing created") {
      fake.respond(200, page_of("spaces", Json::array({entity("U3BhY2U6MQ==", "prod"),
                                                       entity("U3BhY2U6Mg==", "prod")})));
      try {
        (void)client.api_keys.create_service_key({.name = "n", .space_id = "prod"});
        FAIL("no exception");
      } catch (const arize::NameResolutionError& e) {
        CHECK(e.candidates() == std::vector<std::string>{"U3BhY2U6MQ==", "U3BhY2U6Mg=="});
        CHECK(rt::contains(e.what(), "U3BhY2U6Mg=="));
      }
      CHECK(fake.requests().size() == 1);
    }
    SUBCASE("none: an error") {
      fake.respond(200, page_of("spaces", Json::array({entity("U3BhY2U6MQ==", "Prod")})));
      try {
        (void)client.api_keys.create_service_key({.name = "n", .space_id = "prod"});
        FAIL("no exception");
      } catch (const arize::NameResolutionError& e) {
        CHECK(e.candidates().empty());
        CHECK(rt::contains(e.what(), "no such name"));
      }
    }
  }

  TEST_CASE("2026-07 finds the organization of a space: organizations, then spaces per org") {
    RecordingTransport fake;
    fake.respond(
        200, page_of("organizations", Json::array({entity("T3JnOjE=", "a"), entity("T3JnOjI=", "b"),
                                                   entity("T3JnOjM=", "c")})));
    fake.respond(200, page_of("spaces", Json::array({entity("U3BhY2U6MQ==", "x")})));
    fake.respond(200, page_of("spaces", Json::array({entity("U3BhY2U6Mg==", "y")})));
    fake.respond(201, service_created07().dump());
    auto client = client_on(fake, ApiRevision::v2026_07);
    (void)client.api_keys.create_service_key({.name = "n", .space_id = "U3BhY2U6Mg=="});
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 4);  // 3 lookups (the third organization is not needed), 1 POST
    CHECK(requests[0].target() == "/v2/organizations?limit=100");
    CHECK(requests[1].target() == "/v2/spaces?org_id=T3JnOjE%3D&limit=100");
    CHECK(requests[2].target() == "/v2/spaces?org_id=T3JnOjI%3D&limit=100");
    CHECK(wire_body(requests[3])["organizations"][0]["org_id"] == "T3JnOjI=");

    // An organization given by name: one lookup, exact match.
    fake.respond(200, page_of("organizations", Json::array({entity("T3JnOjE=", "Acme Labs"),
                                                            entity("T3JnOjI=", "acme")})));
    fake.respond(201, service_created07().dump());
    (void)client.api_keys.create_service_key(
        {.name = "n", .space_id = "U3BhY2U6Mg==", .org = "acme"});
    const auto more = fake.requests();
    REQUIRE(more.size() == 6);
    CHECK(more[4].target() == "/v2/organizations?name=acme&limit=100");
    CHECK(wire_body(more[5])["organizations"][0]["org_id"] == "T3JnOjI=");
  }

  TEST_CASE("raw_v2026_07().create_api_key keeps the key of a 200 or an undecodable 201") {
    RecordingTransport fake;
    Json created = key07("QXBpS2V5OjE=");
    created["key"] = rt::raw_key;
    fake.respond(200, created.dump());  // not the declared 201
    Json broken = created;
    broken["key_type"] = 5;  // does not decode
    fake.respond(201, broken.dump());
    auto client = client_on(fake, ApiRevision::v2026_07);
    for (int i = 0; i < 2; ++i) {
      try {
        (void)client.api_keys.raw_v2026_07().create_api_key(
            {.body = arize::v2026_07::CreateApiKeyRequest{arize::v2026_07::CreateUserApiKeyRequest{
                 .key_type = arize::v2026_07::CreateUserApiKeyRequestKeyType::user, .name = "n"}}});
        FAIL("no exception");
      } catch (const arize::UndecodedKeyError& e) {
        REQUIRE(e.key().has_value());
        CHECK(e.key()->reveal() == rt::raw_key);
        CHECK(e.key_id() == "QXBpS2V5OjE=");
        CHECK_FALSE(rt::contains(e.what(), rt::raw_key));
      }
    }
  }

  TEST_CASE("the pre-release notice comes from the API description's stage marking") {
    using Api06 = arize::ApiKeysClient::Transport06;
    using Api07 = arize::ApiKeysClient::Transport07;
    CHECK(Api06::stage_list_api_keys == "alpha");
    CHECK(Api06::stage_delete_api_key == "alpha");
    CHECK(Api07::stage_list_api_keys == "beta");
    CHECK(Api07::stage_revoke_api_key == "beta");
    rt::CapturingLog log;
    arize::detail::warn_stage_once(log.sink(), "revisions.op", Api07::stage_create_api_key);
    arize::detail::warn_stage_once(log.sink(), "revisions.unmarked", "");
    const auto lines = log.lines();
    REQUIRE(lines.size() == 1);
    CHECK(rt::contains(lines[0].text, "revisions.op is in BETA"));
  }
}

TEST_CASE(
    "generated models read from the bytes as from a DOM: unknown members skipped, paths named") {
  namespace v7 = arize::v2026_07;
  const Json service = {
      {"id", "QXBpS2V5Ojk="},
      {"name", "svc"},
      {"key_type", "SERVICE"},
      {"status", "ACTIVE"},
      {"redacted_key", "ak-abc...xyz"},
      {"created_at", "2026-07-01T00:00:00Z"},
      {"created_by_user_id", "VXNlcjox"},
      {"key", "ak-tape-secret-0123456789abcdefghijklmnopqrstuvwxyz"},
      {"a_member_of_a_later_revision", {{"nested", Json::array({1, {{"deep", true}}})}}},
      {"bot_user",
       {{"id", "VXNlcjo5"},
        {"name", "svc-bot"},
        {"account_role", {{"type", "PREDEFINED"}, {"name", "A_ROLE_OF_LATER"}}},
        {"organizations",
         Json::array({{{"org_id", "T3JnOjE="},
                       {"role", {{"type", "PREDEFINED"}, {"name", "READ_ONLY"}}},
                       {"spaces",
                        Json::array({{{"space_id", "U3BhY2U6MQ=="},
                                      {"role", {{"type", "CUSTOM"}, {"id", "Um9sZTox"}}}}})}}})}}}};
  const std::string text = service.dump();
  const auto read = arize::decode_text<v7::CreateApiKeyResponse>(text);
  CHECK(read == arize::decode<v7::CreateApiKeyResponse>(service));
  const auto* created = std::get_if<v7::ServiceApiKeyCreated>(&read.value);
  REQUIRE(created != nullptr);
  CHECK(created->bot_user.organizations.at(0).spaces.at(0).space_id == "U3BhY2U6MQ==");
  // The raw key read from the tape is remembered, so server text quoting it is scrubbed.
  CHECK(arize::detail::scrubbed("echo " + created->key.reveal()).find(created->key.reveal()) ==
        std::string::npos);

  auto page = Json::parse(R"({"api_keys":[], "pagination":{"has_more":false}})");
  Json key = service;
  key.erase("bot_user");
  key.erase("key");
  page["api_keys"] = Json::array({key, key});
  CHECK(arize::decode_text<v7::ListApiKeysResponse>(page.dump()) ==
        arize::decode<v7::ListApiKeysResponse>(page));
  auto reason = [](const std::string& body) -> std::string {
    try {
      (void)arize::decode_text<v7::ListApiKeysResponse>(body);
    } catch (const arize::DecodeError& e) {
      return e.path() + ": " + e.reason();
    }
    return "decoded";
  };
  Json bad = page;
  bad["api_keys"][1]["created_at"] = "yesterday";
  CHECK(reason(bad.dump()) ==
        "api_keys[1].created_at: expected an RFC 3339 date-time, got \"yesterday\"");
  bad = page;
  bad["api_keys"][1].erase("name");
  CHECK(reason(bad.dump()) == "api_keys[1].name: missing required field");
  bad = page;
  bad["api_keys"][0]["status"] = 3;
  CHECK(reason(bad.dump()) == "api_keys[0].status: expected a string, got an integer");
  // A member named twice is refused as the text is read, even where the model does not look.
  std::string twice = page.dump();
  twice.insert(1, R"("pagination":{},)");
  CHECK(reason(twice).find("names a member twice") != std::string::npos);
}
