// Regressions of issue 11 (a hostile server) over a RecordingTransport: endless empty pages
// (item 3), date-times the decoder accepted but the encoder refused (item 4), and a server that
// echoes the bearer token or a raw key into what the client shows (item 8).
#include <doctest/doctest.h>

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "support/unit_support.hpp"

using arize::HttpRequest;
using arize::HttpResponse;
using arize::PageOf;
using arize::Pager;
using rt::Json;
using rt::RecordingTransport;

namespace {

/// A fake server whose pages are all empty, each with a fresh cursor ("empty-1", "empty-2",
/// ...). After `give_up` pages it ends the walk, so that an unbounded pager fails the test
/// instead of hanging it.
HttpResponse endless_empty_page(std::atomic<int>& calls, int give_up = 1000) {
  const int n = ++calls;
  if (n > give_up)
    return HttpResponse{.status = 200, .body = rt::list_body({}, std::nullopt, false)};
  return HttpResponse{.status = 200, .body = rt::list_body({}, "empty-" + std::to_string(n), true)};
}

/// Every piece of server text an ApiError exposes, joined.
std::string all_text_of(const arize::ApiError& e) {
  std::string out = std::string(e.what()) + '\n' + e.body() + '\n';
  const auto& p = e.problem();
  for (const auto& field : {p.type, p.title, p.detail, p.instance})
    out += field.value_or("") + '\n';
  for (const auto& [name, value] : e.headers()) out += name + ": " + value + '\n';
  out += e.request_id().value_or("");
  return out;
}

}  // namespace

TEST_SUITE("hostile") {
  // ---- item 3: endless empty pages ----------------------------------------------------------

  TEST_CASE("Pager: endless empty pages with fresh cursors stop after the configured bound") {
    std::atomic<int> calls = 0;
    const auto fetch = [&calls](const std::optional<std::string>&) {
      const int n = ++calls;
      if (n > 1000) return PageOf<int>{{}, std::nullopt};
      return PageOf<int>{{}, "empty-" + std::to_string(n)};
    };
    Pager<int> pager(fetch);
    try {
      for (const int v : pager) (void)v;
      FAIL("the walk ended without an error");
    } catch (const arize::DecodeError& e) {
      CAPTURE(e.what());
      CHECK(rt::contains(e.what(), "16 consecutive empty pages"));
      CHECK(rt::contains(e.what(), "\"empty-17\""));  // where a new walk would go on
    }
    CHECK(calls == 17);  // the first page, 16 more empty ones, then the error
  }

  TEST_CASE("list_all: endless empty pages end in a DecodeError naming the cursor") {
    RecordingTransport fake;
    std::atomic<int> calls = 0;
    fake.otherwise([&calls](const HttpRequest&) { return endless_empty_page(calls); });
    auto client = rt::client_for(fake);
    auto pager = client.api_keys.list_all({.limit = 5});
    try {
      for (const auto& key : pager) (void)key;
      FAIL("the walk ended without an error");
    } catch (const arize::DecodeError& e) {
      CAPTURE(e.what());
      CHECK(rt::contains(e.what(), "empty-17"));
    }
    CHECK(calls == 17);
  }

  TEST_CASE("list_all: up to 16 empty pages in a row are skipped, the count restarts after items") {
    RecordingTransport fake;
    fake.respond(200, rt::list_body({"k1"}, "c0", true));
    for (int i = 1; i <= 16; ++i)
      fake.respond(200, rt::list_body({}, "a" + std::to_string(i), true));
    fake.respond(200, rt::list_body({"k2"}, "b0", true));
    for (int i = 1; i <= 16; ++i)
      fake.respond(200, rt::list_body({}, "b" + std::to_string(i), true));
    fake.respond(200, rt::list_body({"k3"}, std::nullopt, false));
    auto client = rt::client_for(fake);
    std::vector<std::string> ids;
    for (const auto& key : client.api_keys.list_all()) ids.push_back(key.id);
    CHECK(ids == std::vector<std::string>{"k1", "k2", "k3"});
    CHECK(fake.pending() == 0);
  }

  TEST_CASE("ClientOptions::max_consecutive_empty_pages sets the bound; the error is typed") {
    for (const std::size_t bound : {std::size_t{0}, std::size_t{2}}) {
      CAPTURE(bound);
      RecordingTransport fake;
      std::atomic<int> calls = 0;
      fake.otherwise([&calls](const HttpRequest&) { return endless_empty_page(calls); });
      arize::ClientOptions options = rt::options_for(fake);
      options.max_consecutive_empty_pages = bound;
      arize::Client client(std::move(options));
      auto pager = client.api_keys.list_all();
      try {
        for (const auto& key : pager) (void)key;
        FAIL("the walk ended without an error");
      } catch (const arize::ProtocolError& e) {
        const std::string expected = "empty-" + std::to_string(bound + 1);
        CHECK(e.cursor() == expected);
        CHECK(e.path() == "pagination");
        CHECK(rt::contains(e.what(), "arize: protocol violation: pagination: "));
        // Resuming from the error's cursor skips nothing: every page before it was empty.
        CHECK(pager.resume_cursor() ==
              (bound == 0 ? std::nullopt : std::optional("empty-" + std::to_string(bound))));
      }
      CHECK(calls == static_cast<int>(bound) + 1);
    }
  }

  TEST_CASE("Pager::begin twice throws an arize::Error, as everything the client throws") {
    Pager<int> pager([](const std::optional<std::string>&) {
      return PageOf<int>{{1}, std::nullopt};
    });
    (void)pager.begin();
    CHECK_THROWS_AS((void)pager.begin(), arize::Error);
  }

  // ---- item 4: date-times the encoder cannot write are refused when decoding ----------------

  TEST_CASE(
      "a date-time that normalises outside years 0000-9999 is a DecodeError naming the path") {
    RecordingTransport fake;
    Json created = rt::created_json();
    created["created_at"] = "0000-01-01T00:00:00+00:01";  // year -1 in UTC
    fake.respond(201, created.dump());
    Json page = Json::parse(rt::list_body({"k1"}, std::nullopt, false));
    page["api_keys"][0]["expires_at"] = "9999-12-31T23:59:59-00:01";  // year 10000 in UTC
    fake.respond(200, page.dump());
    auto client = rt::client_for(fake);

    try {
      const auto made = client.api_keys.create({.name = "n"});
      FAIL("accepted, though it cannot be written back: " << arize::encode(made).dump());
    } catch (const arize::DecodeError& e) {
      CHECK(e.path() == "created_at");
    }
    try {
      const auto listed = client.api_keys.list();
      FAIL("accepted, though it cannot be written back: " << arize::encode(listed).dump());
    } catch (const arize::DecodeError& e) {
      CHECK(e.path() == "api_keys[0].expires_at");
    }
  }

  // ---- item 8: the token and raw keys never come back through server text -------------------

  TEST_CASE("a server echoing the bearer token: every error field shows [REDACTED]") {
    RecordingTransport fake;
    const std::string token = rt::token;
    const Json problem{{"type", "urn:" + token},
                       {"title", "Bad token " + token},
                       {"status", 401},
                       {"detail", "you sent Bearer " + token + "; " + token},
                       {"instance", token}};
    fake.respond(401, problem.dump(), {{"X-Request-Id", "req-" + token}});
    auto client = rt::client_for(fake);
    try {
      (void)client.api_keys.list();
      FAIL("no exception");
    } catch (const arize::ApiError& e) {
      const std::string text = all_text_of(e);
      CAPTURE(text);
      CHECK_FALSE(rt::contains(text, token));
      CHECK(e.problem().detail == "you sent Bearer [REDACTED]; [REDACTED]");
      CHECK(e.request_id() == "req-[REDACTED]");
      CHECK(rt::contains(e.what(), "Bad token [REDACTED]"));
    }

    // The same echo written with a JSON escape is found too (body() is then re-serialised).
    fake.respond(400, R"({"title":"x","detail":"\u0074est-token"})");
    try {
      client.api_keys.delete_key("k");
      FAIL("no exception");
    } catch (const arize::ApiError& e) {
      const std::string text = all_text_of(e);
      CAPTURE(text);
      CHECK_FALSE(rt::contains(text, token));
      CHECK_FALSE(rt::contains(text, "\\u0074est-token"));
      CHECK(e.problem().detail == "[REDACTED]");
    }

    // A token across the 64 KiB cut of body() leaves no prefix of itself.
    fake.respond(500, std::string(64 * 1024 - 4, 'x') + token);
    try {
      client.api_keys.delete_key("k");
      FAIL("no exception");
    } catch (const arize::ApiError& e) {
      CHECK(e.body().size() == 64 * 1024);
      CHECK(e.body().ends_with("x[RED"));
    }

    // A decode error quoting the echoed token.
    Json bad = rt::created_json();
    bad["created_at"] = token;
    fake.respond(201, bad.dump());
    try {
      (void)client.api_keys.create({.name = "n"});
      FAIL("no exception");
    } catch (const arize::DecodeError& e) {
      CAPTURE(e.what());
      CHECK_FALSE(rt::contains(e.what(), token));
      CHECK(rt::contains(e.what(), "[REDACTED]"));
    }
  }

  TEST_CASE("a server echoing a raw key the client received: [REDACTED] in the error") {
    RecordingTransport fake;
    fake.respond(201, rt::created_json().dump());
    const std::string raw = rt::raw_key;
    fake.respond(400, Json{{"title", "Bad"}, {"detail", "key " + raw + " is not valid"}}.dump(),
                 {{"X-Request-Id", raw}});
    auto client = rt::client_for(fake);
    const auto made = client.api_keys.create({.name = "n"});
    REQUIRE(made.key.reveal() == raw);  // received intact
    try {
      (void)client.api_keys.refresh("k");
      FAIL("no exception");
    } catch (const arize::ApiError& e) {
      const std::string text = all_text_of(e);
      CAPTURE(text);
      CHECK_FALSE(rt::contains(text, raw));
      CHECK(e.problem().detail == "key [REDACTED] is not valid");
    }
  }

  // A key the server created is never lost: a create or refresh answered with success whose
  // body does not decode, or with a success status the description does not declare (create
  // declares 201, refresh 200), still hands the key over.
  TEST_CASE("a created key whose response does not decode is kept in UndecodedKeyError") {
    struct Case {
      const char* name;
      int create_status, refresh_status;
      const char* created_at;  // nullptr: a good one
      const char* path;        // of the DecodeError
      const char* reason;
    };
    for (const Case& c : {
             Case{"created_at is not a date-time", 201, 200, "yesterday", "created_at",
                  "expected an RFC 3339 date-time"},
             Case{"an undeclared success status", 200, 201, nullptr, "",
                  "a success this operation does not declare"},
         }) {
      CAPTURE(c.name);
      const std::string raw =
          std::string("ak-UNDECODED-") + std::to_string(c.create_status) + "-0123456789abcdef";
      Json created = rt::created_json();
      created["key"] = raw;
      if (c.created_at != nullptr) created["created_at"] = c.created_at;
      RecordingTransport fake;
      fake.respond(c.create_status, created.dump());
      fake.respond(c.refresh_status, created.dump());
      auto client = rt::client_for(fake);
      for (const bool refresh : {false, true}) {
        CAPTURE(refresh);
        try {
          (void)(refresh ? client.api_keys.refresh("k") : client.api_keys.create({.name = "n"}));
          FAIL("no exception");
        } catch (const arize::UndecodedKeyError& e) {
          REQUIRE(e.key().has_value());
          CHECK(e.key()->reveal() == raw);
          CHECK(e.key_id() == created["id"].get<std::string>());
          CHECK(e.path() == c.path);
          CHECK(rt::contains(e.reason(), c.reason));
          CHECK_FALSE(rt::contains(e.what(), raw));
          CHECK(rt::contains(e.what(), "UndecodedKeyError::key()"));
        }
      }
      // Remembered: later server text echoing it is scrubbed.
      CHECK(arize::redact_secrets("echo " + raw) == "echo [REDACTED]");
    }
    // Nothing to keep (not JSON; no body): still says a key may exist.
    RecordingTransport fake;
    fake.respond(201, "{not json");
    fake.respond(204, "");
    auto client = rt::client_for(fake);
    for (int i = 0; i < 2; ++i) {
      try {
        (void)client.api_keys.create({.name = "n"});
        FAIL("no exception");
      } catch (const arize::UndecodedKeyError& e) {
        CHECK_FALSE(e.key().has_value());
        CHECK(rt::contains(e.what(), "may have created a key"));
      }
    }
  }

  // ---- issue 21 item 10: no recursion proportional to the depth of what a server sends -------

  TEST_CASE("a body nesting 30,000 arrays deep is a typed error, not a stack overflow") {
    const std::size_t depth = 30000;
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    const std::string deep_object = "{\"detail\":" + deep + "}";
    RecordingTransport fake;
    fake.respond(400, deep);
    fake.respond(500, deep_object);
    fake.respond(200, deep_object);
    fake.respond(201, deep_object);
    auto client = rt::client_for(fake);
    for (int i = 0; i < 2; ++i) {
      try {
        client.api_keys.delete_key("k");
        FAIL("no exception");
      } catch (const arize::ApiError& e) {
        CHECK(e.status() == (i == 0 ? 400 : 500));
        CHECK(e.body() == (i == 0 ? deep : deep_object));  // as text: too deep to be read
      }
    }
    CHECK_THROWS_AS((void)client.api_keys.list(), arize::DecodeError);
    CHECK_THROWS_AS((void)client.api_keys.raw().create_api_key(
                        {.body = arize::v2026_06::ApiKeyCreate{.name = "n"}}),
                    arize::DecodeError);
    CHECK_THROWS_AS((void)arize::parse_json(deep), arize::DecodeError);
    // Within the bound, nesting is read as it is.
    const std::size_t fits = arize::max_json_depth;
    CHECK(arize::parse_json(std::string(fits, '[') + std::string(fits, ']')).is_array());
    CHECK_THROWS_AS(
        (void)arize::parse_json(std::string(fits + 1, '[') + std::string(fits + 1, ']')),
        arize::DecodeError);
  }

  TEST_CASE("redact_json_secrets walks a DOM of any depth without recursing") {
    auto client = rt::client_for(RecordingTransport{});  // holds the token
    Json deep = Json::array();  // [{token: 1}, [{token: 1}, [... ["Bearer token"]]]]
    Json* at = &deep;
    for (int i = 0; i < 30000; ++i) {
      at->push_back(Json{{rt::token, 1}});
      at->push_back(Json::array());
      at = &(*at)[1];
    }
    at->push_back(std::string("Bearer ") + rt::token);
    CHECK(arize::redact_json_secrets(deep));
    CHECK(deep[0].contains("[REDACTED]"));
    const Json* innermost = &deep;
    while (innermost->size() == 2) innermost = &(*innermost)[1];
    CHECK((*innermost)[0] == "Bearer [REDACTED]");
  }
}
