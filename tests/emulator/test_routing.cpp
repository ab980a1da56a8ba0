// Routing, authentication and problem bodies over loopback.
#include <map>
#include <set>

#include "support.hpp"

using namespace emu_test;

TEST_SUITE("routing") {
  TEST_CASE("unknown routes are 404 problems, even without credentials") {
    Emulator emu;
    for (const char* path :
         {"/", "/v2", "/v2/api-keys/", "/v1/api-keys", "/v2/api-keysx", "/v2/api-keys/a/b",
          "/v2/api-keys//refresh", "/v2/api-keys/a/refresh/x"}) {
      CAPTURE(path);
      check_problem(emu.call("GET", path, std::nullopt), 404);
      check_problem(emu.call("POST", path, emu.admin_key, std::string("{}")), 404);
    }
  }

  TEST_CASE("a wrong method on a known route is 405 with Allow") {
    Emulator emu;
    const struct {
      const char* method;
      const char* path;
      const char* allow;
    } cases[] = {
        {"PUT", "/v2/api-keys", "GET, HEAD, POST"},
        {"DELETE", "/v2/api-keys", "GET, HEAD, POST"},
        {"PATCH", "/v2/api-keys", "GET, HEAD, POST"},
        {"OPTIONS", "/v2/api-keys", "GET, HEAD, POST"},
        {"GET", "/v2/api-keys/abc", "DELETE"},
        {"POST", "/v2/api-keys/abc", "DELETE"},
        {"GET", "/v2/api-keys/abc/refresh", "POST"},
        {"DELETE", "/v2/api-keys/abc/refresh", "POST"},
        {"TRACE", "/v2/api-keys/abc", "DELETE"},  // a method cpp-httplib does not route itself
    };
    for (const auto& c : cases) {
      CAPTURE(c.method);
      CAPTURE(c.path);
      const Reply reply = emu.call(c.method, c.path, emu.admin_key);
      check_problem(reply, 405);
      CHECK(reply.header("Allow") == c.allow);
    }
  }

  TEST_CASE("HEAD on the collection answers like GET, without a body") {
    Emulator emu;
    const Reply reply = emu.call("HEAD", "/v2/api-keys", emu.admin_key);
    CHECK(reply.status == 200);
    CHECK(reply.text.empty());
  }

  TEST_CASE("authentication: missing, malformed, unknown keys are 401 with WWW-Authenticate") {
    Emulator emu;
    const std::string secret = "ak-THIS-IS-A-SECRET-TOKEN-123456789";
    // ("Bearer " with a trailing space is not among them: current cpp-httplib refuses to send a
    // field value ending in whitespace. "Bearer" alone is the same empty token.)
    const std::vector<httplib::Headers> attempts = {
        {},
        {{"Authorization", "Bearer"}},
        {{"Authorization", "Basic " + secret}},
        {{"Authorization", secret}},
        {{"Authorization", "Bearer " + secret}},
        {{"Authorization", "Bearer " + emu.admin_key + "x"}},
    };
    for (const auto& headers : attempts) {
      for (const char* method : {"GET", "POST"}) {
        const Reply reply = emu.call(
            method, "/v2/api-keys", std::nullopt,
            std::string(method) == "POST" ? std::optional<std::string>("{}") : std::nullopt,
            headers);
        check_problem(reply, 401);
        CHECK(reply.header("WWW-Authenticate").starts_with("Bearer"));
        CHECK(reply.text.find("SECRET") == std::string::npos);
        CHECK(reply.text.find(emu.admin_key) == std::string::npos);
      }
    }
    check_problem(emu.call("DELETE", "/v2/api-keys/abc", std::nullopt), 401);
    check_problem(emu.call("POST", "/v2/api-keys/abc/refresh", std::nullopt), 401);
    // The scheme is case-insensitive.
    CHECK(emu.call("GET", "/v2/api-keys", std::nullopt, std::nullopt,
                   {{"Authorization", "bearer " + emu.admin_key}})
              .status == 200);
  }

  TEST_CASE("401 comes before validation: an unauthenticated caller learns nothing else") {
    Emulator emu;
    check_problem(emu.call("POST", "/v2/api-keys", std::nullopt, std::string("{oops")), 401);
    check_problem(emu.call("GET", "/v2/api-keys?limit=0", std::nullopt), 401);
    check_problem(emu.call("GET", "/v2/api-keys?status=a&status=b", "ak-not-a-key-0123456789"),
                  401);
    const json key = emu.create(emu.admin_key, {{"name", "k"}});
    check_problem(emu.call("POST", refresh_path(key), "ak-not-a-key-0123456789",
                           std::string(R"({"grace_period_seconds": -1})")),
                  401);
  }

  TEST_CASE("malformed JSON is 400") {
    Emulator emu;
    check_problem(emu.call("POST", "/v2/api-keys", emu.admin_key, std::string("{\"name\":")), 400);
    const json key = emu.create(emu.admin_key, {{"name", "k"}});
    check_problem(emu.call("POST", "/v2/api-keys/" + encode(key["id"]) + "/refresh", emu.admin_key,
                           std::string("{\"grace_period_seconds\": 1,}")),
                  400);
  }

  TEST_CASE("ids with '+', '/' and '=' are routed when percent-encoded") {
    Emulator emu;
    std::map<char, json> keys;  // a key whose id holds each character
    for (int i = 0; i < 12 && keys.size() < 3; ++i) {
      const json key = emu.create(emu.admin_key, {{"name", "k" + std::to_string(i)}});
      const std::string id = key["id"];
      for (const char c : {'+', '/', '='}) {  // one distinct key per character
        if (id.find(c) != std::string::npos && !keys.contains(c)) {
          keys[c] = key;
          break;
        }
      }
    }
    REQUIRE(keys.size() == 3);
    const Reply refreshed =
        emu.call("POST", "/v2/api-keys/" + encode(keys['+']["id"]) + "/refresh", emu.admin_key);
    REQUIRE(refreshed.status == 200);
    CHECK(refreshed.body["name"] == keys['+']["name"]);

    // An id whose "/" is not encoded is another route; lower-case escapes are fine.
    const std::string slashed = keys['/']["id"];
    check_problem(emu.call("DELETE", "/v2/api-keys/" + slashed, emu.admin_key), 404);
    std::string lower;
    for (const char c : slashed) {
      lower += c == '/' ? "%2f" : c == '+' ? "%2b" : c == '=' ? "%3d" : std::string(1, c);
    }
    CHECK(emu.call("DELETE", "/v2/api-keys/" + lower, emu.admin_key).status == 204);
    CHECK(emu.call("DELETE", "/v2/api-keys/" + encode(keys['=']["id"]), emu.admin_key).status ==
          204);
  }

  TEST_CASE("query values with '+' or '=' are read literally or percent-decoded") {
    Emulator emu;
    emu.create(emu.admin_key, {{"name", "svc"}, {"key_type", "service"}, {"space_id", kSpace1}});
    CHECK(emu.get("/v2/api-keys?space_id=" + std::string(kSpace1), emu.admin_key)
              .body["api_keys"]
              .size() == 1);
    CHECK(emu.get("/v2/api-keys?space_id=" + encode(kSpace1), emu.admin_key)
              .body["api_keys"]
              .size() == 1);
  }

  TEST_CASE("every response carries a distinct X-Request-Id") {
    Emulator emu;
    std::set<std::string> ids;
    for (int i = 0; i < 5; ++i)
      ids.insert(emu.get("/v2/api-keys", emu.admin_key).header("X-Request-Id"));
    ids.insert(emu.call("GET", "/nope", std::nullopt).header("X-Request-Id"));
    CHECK(ids.size() == 6);
    CHECK_FALSE(ids.contains(""));
  }

  TEST_CASE("requests are served concurrently and safely") {
    Emulator emu;
    std::vector<std::thread> threads;
    std::atomic<int> created{0};
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&emu, &created, t] {
        auto client = emu.client();
        for (int i = 0; i < 10; ++i) {
          const Reply reply =
              send(*client, "POST", "/v2/api-keys", emu.admin_key,
                   json{{"name", "t" + std::to_string(t) + "-" + std::to_string(i)}}.dump());
          if (reply.status == 201) ++created;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    CHECK(created == 40);
    const Reply all = emu.get("/v2/api-keys?limit=100", emu.admin_key);
    CHECK(all.body["api_keys"].size() == 41);
  }
}
