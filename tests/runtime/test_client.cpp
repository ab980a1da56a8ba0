// Client configuration: API key and base URL resolution, the ALPHA warning, thread-safety and
// the version.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/unit_support.hpp"

using arize::HttpRequest;
using arize::HttpResponse;
using rt::EnvVar;
using rt::RecordingTransport;

namespace {

HttpResponse empty_list(const HttpRequest&) {
  return HttpResponse{.status = 200, .body = rt::list_body({}, std::nullopt, false)};
}

std::string authorization_of_one_list(arize::ClientOptions options, RecordingTransport& fake) {
  arize::Client client(std::move(options));
  (void)client.api_keys.list();
  const auto requests = fake.requests();
  REQUIRE(!requests.empty());
  return std::string(requests.back().headers.get("Authorization").value_or(""));
}

}  // namespace

TEST_CASE("the API key comes from the options, else from ARIZE_API_KEY") {
  RecordingTransport fake;
  fake.otherwise(empty_list);

  SUBCASE("options win over the environment") {
    const EnvVar env("ARIZE_API_KEY", "env-key");
    arize::ClientOptions options = rt::options_for(fake);
    options.api_key = arize::Secret("option-key");
    CHECK(authorization_of_one_list(options, fake) == "Bearer option-key");
  }
  SUBCASE("the environment when the options have none") {
    const EnvVar env("ARIZE_API_KEY", "env-key");
    arize::ClientOptions options = rt::options_for(fake);
    options.api_key.reset();
    CHECK(authorization_of_one_list(options, fake) == "Bearer env-key");
  }
  SUBCASE("neither is a ConfigError before any request") {
    const EnvVar env("ARIZE_API_KEY", std::nullopt);
    arize::ClientOptions options = rt::options_for(fake);
    options.api_key.reset();
    try {
      arize::Client client(std::move(options));
      FAIL("no exception");
    } catch (const arize::ConfigError& e) {
      CHECK(rt::contains(e.what(), "no API key"));
      CHECK(rt::contains(e.what(), "ARIZE_API_KEY"));
    }
    CHECK(fake.requests().empty());
  }
}

TEST_CASE("an explicitly empty API key is a ConfigError, never a fallback to the environment") {
  // It used to fall back to ARIZE_API_KEY: a vault lookup that returned nothing made the calls
  // as whoever the environment named.
  RecordingTransport fake;
  fake.otherwise(empty_list);
  const auto refused = [&](arize::ClientOptions options, const std::string& named) {
    try {
      arize::Client client(std::move(options));
      FAIL("no exception");
    } catch (const arize::ConfigError& e) {
      CHECK(rt::contains(e.what(), named));
      CHECK(rt::contains(e.what(), "empty"));
      CHECK_FALSE(rt::contains(e.what(), "env-key"));
    }
  };
  for (const std::optional<std::string>& env_value :
       {std::optional<std::string>("env-key"), std::optional<std::string>(""),
        std::optional<std::string>()}) {
    CAPTURE(env_value.value_or("(unset)"));
    const EnvVar env("ARIZE_API_KEY", env_value);
    arize::ClientOptions options = rt::options_for(fake);
    options.api_key = arize::Secret("");
    refused(options, "ClientOptions::api_key");
  }
  const EnvVar empty_env("ARIZE_API_KEY", "");
  arize::ClientOptions options = rt::options_for(fake);
  options.api_key.reset();
  refused(options, "ARIZE_API_KEY");
  CHECK(fake.requests().empty());
}

TEST_CASE("each setting has one place: a combination that would ignore one is a ConfigError") {
  RecordingTransport fake;
  fake.otherwise(empty_list);
  const auto refused = [](arize::ClientOptions options, const std::string& first,
                          const std::string& second) {
    try {
      arize::Client client(std::move(options));
      FAIL("no exception");
    } catch (const arize::ConfigError& e) {
      CHECK(rt::contains(e.what(), first));
      CHECK(rt::contains(e.what(), second));
    }
  };
  // With a custom transport, `http` would be ignored: any member changed is named.
  const auto with_http = [&](auto change) {
    arize::ClientOptions options = rt::options_for(fake);
    change(options.http);
    return options;
  };
  using H = arize::HttplibTransportOptions;
  const std::pair<const char*, std::function<void(H&)>> members[] = {
      {"base_url", [](H& h) { h.base_url = "http://other:1"; }},
      {"connect_timeout", [](H& h) { h.connect_timeout = std::chrono::seconds(1); }},
      {"read_timeout", [](H& h) { h.read_timeout = std::chrono::seconds(1); }},
      {"write_timeout", [](H& h) { h.write_timeout = std::chrono::seconds(1); }},
      {"request_timeout", [](H& h) { h.request_timeout = std::chrono::seconds(1); }},
      {"ca_file", [](H& h) { h.ca_file = "/etc/ssl/x.pem"; }},
      {"ca_dir", [](H& h) { h.ca_dir = "/etc/ssl/certs"; }},
      {"max_response_bytes", [](H& h) { h.max_response_bytes = 1; }},
      {"keep_alive", [](H& h) { h.keep_alive = false; }},
      {"max_idle_connections", [](H& h) { h.max_idle_connections = 1; }},
      {"proxy", [](H& h) { h.proxy = arize::ProxyConfig::parse("http://p:3128"); }},
  };
  for (const auto& entry : members) {
    const auto& member = entry.first;  // not a structured binding: clang 14 cannot capture one
    CAPTURE(member);
    refused(with_http(entry.second), std::string("ClientOptions::http.") + member,
            "ClientOptions::transport");
  }
  arize::ClientOptions from_env = rt::options_for(fake);
  from_env.proxy_from_environment = true;
  refused(from_env, "ClientOptions::proxy_from_environment", "ClientOptions::transport");

  // Without one, http.base_url would be overwritten by ClientOptions::base_url.
  arize::ClientOptions both{.api_key = arize::Secret(rt::token), .base_url = "http://127.0.0.1:1"};
  both.http.base_url = "http://127.0.0.1:2";
  refused(both, "ClientOptions::http.base_url", "ClientOptions::base_url");
  both.base_url.reset();
  refused(both, "ClientOptions::http.base_url", "ClientOptions::base_url");
  CHECK(fake.requests().empty());

  // The User-Agent is ClientOptions::user_agent, added once, for any transport.
  arize::ClientOptions agent = rt::options_for(fake);
  agent.user_agent = "my-app/2";
  arize::Client client(std::move(agent));
  (void)client.api_keys.list();
  REQUIRE(fake.requests().size() == 1);
  CHECK(fake.requests()[0].headers.get("User-Agent") == "my-app/2");
}

TEST_CASE("the base URL comes from the options, else ARIZE_BASE_URL, else the default") {
  RecordingTransport fake;
  {
    const EnvVar env("ARIZE_BASE_URL", "http://from-env:8080");
    CHECK(rt::client_for(fake).base_url() == "http://example.invalid");
    arize::ClientOptions options = rt::options_for(fake);
    options.base_url.reset();
    CHECK(arize::Client(options).base_url() == "http://from-env:8080");
  }
  {
    const EnvVar env("ARIZE_BASE_URL", std::nullopt);
    arize::ClientOptions options = rt::options_for(fake);
    options.base_url.reset();
    CHECK(arize::Client(options).base_url() == "https://api.arize.com");
    CHECK(std::string(arize::default_base_url) == "https://api.arize.com");
  }
  // Without a custom transport the base URL is checked at construction (no connection yet).
  const EnvVar env("ARIZE_BASE_URL", std::nullopt);
  CHECK_NOTHROW(arize::Client(
      arize::ClientOptions{.api_key = arize::Secret(rt::token), .base_url = "http://127.0.0.1:1"}));
  CHECK_THROWS_AS(arize::Client(arize::ClientOptions{.api_key = arize::Secret(rt::token),
                                                     .base_url = "ftp://example.com"}),
                  arize::ConfigError);
}

TEST_CASE("BaseUrl::parse accepts http(s) origins with an optional prefix") {
  const auto a = arize::BaseUrl::parse("http://127.0.0.1:8080");
  CHECK(a.scheme == "http");
  CHECK(a.host == "127.0.0.1");
  CHECK(a.port == 8080);
  CHECK(a.prefix.empty());
  CHECK(a.origin() == "http://127.0.0.1:8080");

  const auto b = arize::BaseUrl::parse("https://[::1]:9443/prefix/");
  CHECK(b.scheme == "https");
  CHECK(b.host == "[::1]");
  CHECK(b.port == 9443);
  CHECK(b.prefix == "/prefix");

  const auto c = arize::BaseUrl::parse("HTTPS://api.arize.com");
  CHECK(c.scheme == "https");
  CHECK(c.port == 443);
  CHECK(arize::BaseUrl::parse("http://h").port == 80);
  CHECK(arize::BaseUrl::parse("http://h:65535/a/b").prefix == "/a/b");
}

TEST_CASE("BaseUrl::parse rejects what it cannot use") {
  for (const char* bad :
       {"ftp://x", "http://", "http://h:0", "http://h:99999", "http://u:p@h", "http://h/?q=1",
        "http://h#f", "api.arize.com", "http://h:", "http://h:8x", "http://[::1", "http://[]:80",
        "http://h h", "http://:80"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)arize::BaseUrl::parse(bad), arize::ConfigError);
  }
}

TEST_CASE("a password in a rejected base URL is not echoed") {
  try {
    (void)arize::BaseUrl::parse("https://user:hunter2@api.arize.com");
    FAIL("no exception");
  } catch (const arize::ConfigError& e) {
    CHECK(rt::contains(e.what(), "credentials"));
    CHECK(rt::contains(e.what(), "https://***@api.arize.com"));
    CHECK_FALSE(rt::contains(e.what(), "hunter2"));
  }
  for (const char* bad :
       {"http://u:hunter2@h/?q=1", "ftp://u:hunter2@h", "u:hunter2@h", "http://u:hunter2/x@h"}) {
    CAPTURE(bad);
    try {
      (void)arize::BaseUrl::parse(bad);
      FAIL("no exception");
    } catch (const arize::ConfigError& e) {
      CHECK_FALSE(rt::contains(e.what(), "hunter2"));
    }
  }
  // A URL without an '@' is quoted as given; one with an '@' is cut from the scheme to its
  // last '@', since a mistyped password may hold '/', '?' or '#'.
  try {
    (void)arize::BaseUrl::parse("http://h:0/p");
    FAIL("no exception");
  } catch (const arize::ConfigError& e) {
    CHECK(rt::contains(e.what(), "\"http://h:0/p\""));
  }
  CHECK(arize::BaseUrl::without_userinfo("http://u:pa/ss@h/p") == "http://***@h/p");
  // Indistinguishable from a password "p?q=a" typed raw: hidden too.
  CHECK(arize::BaseUrl::without_userinfo("http://h/p?q=a@b") == "http://***@b");
}

TEST_CASE("warn_alpha_once warns once per operation name") {
  rt::CapturingLog log;
  arize::detail::warn_stage_once(log.sink(), "runtime-unit.op-a", "alpha");
  arize::detail::warn_stage_once(log.sink(), "runtime-unit.op-a", "alpha");
  arize::detail::warn_stage_once(log.sink(), "runtime-unit.op-b", "alpha");
  arize::detail::warn_stage_once(log.sink(), "runtime-unit.op-a", "alpha");
  const auto lines = log.lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].level == arize::LogLevel::warning);
  CHECK(rt::contains(lines[0].text, "runtime-unit.op-a"));
  CHECK(rt::contains(lines[0].text, "ALPHA"));
  CHECK(rt::contains(lines[1].text, "runtime-unit.op-b"));

  // Once per process, whichever sink asks.
  rt::CapturingLog other;
  arize::detail::warn_stage_once(other.sink(), "runtime-unit.op-a", "alpha");
  CHECK(other.lines().empty());
  // A null sink is fine (and consumes the warning).
  arize::detail::warn_stage_once(arize::LogSink{}, "runtime-unit.op-c", "alpha");
  arize::detail::warn_stage_once(other.sink(), "runtime-unit.op-c", "alpha");
  CHECK(other.lines().empty());

  // Concurrent first uses warn once.
  rt::CapturingLog racing;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 20; ++j)
        arize::detail::warn_stage_once(racing.sink(), "runtime-unit.op-d", "alpha");
    });
  }
  for (auto& t : threads) t.join();
  CHECK(racing.lines().size() == 1);
}

// The only test case of this executable that lets a Client warn (every other one sets
// alpha_warning = false), so that the silent steps below are not silent merely because the
// process-wide registry already warned.
TEST_CASE("the Client warns about ALPHA once per operation, unless silenced") {
  RecordingTransport fake;
  fake.otherwise([](const HttpRequest& r) {
    if (r.method == "GET") return empty_list(r);
    if (r.method == "DELETE") return HttpResponse{.status = 204};
    return HttpResponse{.status = r.path.ends_with("/refresh") ? 200 : 201,
                        .body = rt::created_json().dump()};
  });
  const auto use_every_operation = [](arize::Client& client) {
    (void)client.api_keys.list();
    for (const auto& key : client.api_keys.list_all()) (void)key;
    (void)client.api_keys.create({.name = "n"});
    (void)client.api_keys.create_service_key({.name = "n", .space_id = "U3BhY2U6Mg=="});
    client.api_keys.delete_key("k");
    client.api_keys.revoke("k");
    (void)client.api_keys.refresh("k");
  };
  const EnvVar no_env("ARIZE_NO_ALPHA_WARNING", std::nullopt);

  rt::CapturingLog log;
  arize::ClientOptions options = rt::options_for(fake);
  options.log = log.sink();

  // alpha_warning = false: nothing.
  options.alpha_warning = false;
  {
    arize::Client client(options);
    use_every_operation(client);
  }
  CHECK(log.lines().empty());

  // ARIZE_NO_ALPHA_WARNING=1: nothing.
  options.alpha_warning = true;
  {
    const EnvVar env("ARIZE_NO_ALPHA_WARNING", "1");
    arize::Client client(options);
    use_every_operation(client);
  }
  CHECK(log.lines().empty());

  // Otherwise one warning per operation, however often it is used and by how many Clients.
  {
    arize::Client client(options);
    use_every_operation(client);
    use_every_operation(client);
    arize::Client second(options);
    use_every_operation(second);
  }
  const auto lines = log.lines();
  std::vector<std::string> warned;
  for (const auto& line : lines) {
    CHECK(line.level == arize::LogLevel::warning);
    CHECK(rt::contains(line.text, "ALPHA"));
    warned.push_back(line.text.substr(0, line.text.find(' ')));
  }
  CHECK(warned == std::vector<std::string>{"api_keys.list", "api_keys.create",
                                           "api_keys.create_service_key", "api_keys.delete",
                                           "api_keys.refresh"});
  CHECK(fake.requests().size() == 5 * 7);  // 5 runs of 7 requests
}

TEST_CASE("one Client used from 8 threads at once") {
  RecordingTransport fake;
  std::atomic<int> handled{0};
  fake.otherwise([&handled](const HttpRequest& r) {
    ++handled;
    return empty_list(r);
  });
  auto client = rt::client_for(fake);
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&client, &ok, &failed, t] {
      for (int i = 0; i < 50; ++i) {
        try {
          const auto page = client.api_keys.list({.limit = 1 + (t * 50 + i) % 100});
          if (page.api_keys.empty() && !page.pagination.has_more) ++ok;
        } catch (...) {
          ++failed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 400);
  CHECK(failed == 0);
  CHECK(handled == 400);
  const auto requests = fake.requests();
  CHECK(requests.size() == 400);
  std::vector<int> limits(101, 0);
  for (const auto& r : requests) {
    CHECK(r.headers.get("Authorization") == "Bearer test-token");
    REQUIRE(r.query.size() == 1);
    ++limits.at(static_cast<std::size_t>(std::stoi(r.query[0].second)));
  }
  for (int l = 1; l <= 100; ++l) CHECK(limits[static_cast<std::size_t>(l)] == 4);
}

TEST_CASE("arize::version is the CMake project version") {
  CHECK(std::string(arize::version) == ARIZE_PROJECT_VERSION);
  CHECK(std::string(ARIZE_CPP_VERSION) == ARIZE_PROJECT_VERSION);
  CHECK(std::string(arize::user_agent) == std::string("arize-cpp/") + ARIZE_PROJECT_VERSION);
}
