// Each error status the emulator produces, through arize::Client over loopback: the exception
// class, the problem's title and detail, and the request id.
#include "emulator/support.hpp"
#include "loopback_support.hpp"

using emu_test::Emulator;
using loopback::client_of;

namespace {

/// Runs `call`, which must throw E with `status`; checks the problem and returns the error.
template <class E, class F>
E expect_problem(F&& call, int status, const std::string& title) {
  try {
    call();
  } catch (const E& e) {
    CHECK(e.status() == status);
    CHECK(e.problem().status == std::optional<int>(status));
    CHECK(e.problem().title == std::optional<std::string>(title));
    CHECK(e.problem().detail);
    const auto id = e.request_id();
    REQUIRE(id);
    CHECK_FALSE(id->empty());
    CHECK(e.problem().instance == std::optional<std::string>("urn:arize-emulator:request:" + *id));
    return e;
  } catch (const std::exception& e) {
    FAIL("wrong exception: " << e.what());
  }
  FAIL("no exception");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_SUITE("errors") {
  TEST_CASE("400: a tampered cursor; a user key with a space_id (raw create)") {
    Emulator emu;
    arize::Client client = client_of(emu, emu.admin_key);
    for (int i = 0; i < 3; ++i) (void)client.api_keys.create({.name = "k" + std::to_string(i)});
    const auto page = client.api_keys.list({.limit = 1});
    REQUIRE(page.pagination.get().next_cursor);
    const std::string tampered = *page.pagination.get().next_cursor + "x";

    const auto bad_cursor = expect_problem<arize::BadRequestError>(
        [&] { (void)client.api_keys.list({.cursor = tampered}); }, 400, "Bad Request");
    CHECK(bad_cursor.problem().detail->find("cursor") != std::string::npos);
    CHECK(bad_cursor.method() == "GET");

    const auto bad_body = expect_problem<arize::BadRequestError>(
        [&] {
          (void)client.api_keys.raw().create_api_key(
              {.body = arize::v2026_06::ApiKeyCreate{
                   .name = "user with space",
                   .key_type = arize::v2026_06::ApiKeyType::user,
                   .space_id = emu_test::kSpace1,
               }});
        },
        400, "Bad Request");
    CHECK(bad_body.problem().detail->find("space_id") != std::string::npos);
    CHECK(bad_body.method() == "POST");
    CHECK(bad_body.operation_id() == "create_api_key");
  }

  TEST_CASE("401: an unknown key; the error does not repeat it") {
    Emulator emu;
    const std::string wrong = "ak-this-is-not-a-valid-key-0123456789";
    arize::Client client = client_of(emu, wrong);
    const auto e = expect_problem<arize::UnauthorizedError>([&] { (void)client.api_keys.list(); },
                                                            401, "Unauthorized");
    CHECK(*e.problem().detail == "the API key is not valid");
    CHECK(std::string(e.what()).find(wrong) == std::string::npos);
    CHECK(e.body().find(wrong) == std::string::npos);
  }

  TEST_CASE("403: a member lists by user_id without a space_id") {
    Emulator emu;
    arize::Client member = client_of(emu, emu.member_key);
    const auto e = expect_problem<arize::ForbiddenError>(
        [&] { (void)member.api_keys.list({.user_id = std::string("someone-else")}); }, 403,
        "Forbidden");
    CHECK(e.problem().detail->find("user_id") != std::string::npos);
  }

  TEST_CASE("404: an unknown id (delete and refresh)") {
    Emulator emu;
    arize::Client client = client_of(emu, emu.admin_key);
    const auto e = expect_problem<arize::NotFoundError>(
        [&] { client.api_keys.delete_key("bm8tc3VjaC1rZXk="); }, 404, "Not Found");
    CHECK(*e.problem().detail == "API key not found");
    CHECK(e.method() == "DELETE");
    CHECK(e.path() == "/v2/api-keys/bm8tc3VjaC1rZXk%3D");
    expect_problem<arize::NotFoundError>([&] { (void)client.api_keys.refresh("bm8tc3VjaC1rZXk="); },
                                         404, "Not Found");
  }

  // 400 in API revision 2026-06 (SDK 8.31), which the in-process emulator speaks; 422 in 2026-07.
  TEST_CASE("400: a member asks for a service key above their own space role") {
    Emulator emu;
    arize::Client member = client_of(emu, emu.member_key);
    const auto e = expect_problem<arize::BadRequestError>(
        [&] {
          (void)member.api_keys.create_service_key({.name = "too strong",
                                                    .space_id = emu_test::kSpace1,
                                                    .space_role = arize::SpaceRole::admin});
        },
        400, "Bad Request");
    CHECK(e.problem().detail->find("space role") != std::string::npos);
    // Within their role it works.
    CHECK_NOTHROW((void)member.api_keys.create_service_key(
        {.name = "fine", .space_id = emu_test::kSpace1, .space_role = arize::SpaceRole::member}));
  }

  TEST_CASE("request ids differ between requests") {
    Emulator emu;
    arize::Client client = client_of(emu, emu.admin_key);
    std::set<std::string> ids;
    for (int i = 0; i < 3; ++i) {
      try {
        client.api_keys.delete_key("bm9uZQ==");
      } catch (const arize::NotFoundError& e) {
        ids.insert(e.request_id().value_or(""));
      }
    }
    CHECK(ids.size() == 3);
  }
}
