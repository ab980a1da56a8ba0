// Proxy settings: parsing proxy URLs (credentials decoded, never echoed), no_proxy matching and
// the opt-in reading of the environment. The traffic through a proxy is in
// tests/runtime/loopback_proxy.cpp.
#include <doctest/doctest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "support/unit_support.hpp"

using arize::ConfigError;
using arize::ProxyConfig;
using rt::EnvVar;

TEST_CASE("ProxyConfig::parse reads http proxy URLs") {
  const ProxyConfig a = ProxyConfig::parse("http://proxy.corp:3128");
  CHECK(a.host == "proxy.corp");
  CHECK(a.port == 3128);
  CHECK_FALSE(a.username);
  CHECK_FALSE(a.password);
  CHECK(a.display() == "http://proxy.corp:3128");

  const ProxyConfig b = ProxyConfig::parse("HTTP://proxy.corp/");
  CHECK(b.host == "proxy.corp");
  CHECK(b.port == 80);

  const ProxyConfig c = ProxyConfig::parse("10.0.0.1:8080");  // no scheme: http
  CHECK(c.host == "10.0.0.1");
  CHECK(c.port == 8080);

  const ProxyConfig d = ProxyConfig::parse("http://[::1]:3128");
  CHECK(d.host == "::1");  // set_proxy takes the address without brackets
  CHECK(d.display() == "http://[::1]:3128");

  const ProxyConfig e = ProxyConfig::parse("http://al%40ce:p%3Ass%2Fw@proxy:3128");
  REQUIRE(e.username);
  CHECK(*e.username == "al@ce");
  REQUIRE(e.password);
  CHECK(e.password->reveal() == "p:ss/w");
  CHECK(e.display() == "http://proxy:3128");

  const ProxyConfig f = ProxyConfig::parse("http://bob@proxy:1");
  CHECK(*f.username == "bob");
  CHECK_FALSE(f.password);
}

TEST_CASE("basic_authorization: Basic base64(user:password), RFC 7617; none without a user") {
  // RFC 4648's test vectors: every padding length.
  for (const auto& [plain, encoded] :
       std::initializer_list<std::pair<const char*, const char*>>{{"", ""},
                                                                  {"f", "Zg=="},
                                                                  {"fo", "Zm8="},
                                                                  {"foo", "Zm9v"},
                                                                  {"foob", "Zm9vYg=="},
                                                                  {"fooba", "Zm9vYmE="},
                                                                  {"foobar", "Zm9vYmFy"},
                                                                  {"\xff\xfe", "//4="}}) {
    CHECK(arize::detail::base64_encode(plain) == encoded);
  }
  CHECK(
      ProxyConfig::parse("http://Aladdin:open%20sesame@proxy:1").basic_authorization()->reveal() ==
      "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");  // RFC 7617's example
  CHECK(ProxyConfig::parse("http://bob@proxy:1").basic_authorization()->reveal() ==
        "Basic Ym9iOg==");  // "bob:"
  CHECK_FALSE(ProxyConfig::parse("http://proxy:1").basic_authorization());
}

TEST_CASE("ProxyConfig::parse refuses what cpp-httplib cannot use, without echoing a password") {
  for (const char* bad :
       {"https://proxy:3128", "socks5://proxy:1080", "http://", "http://proxy:0",
        "http://proxy:99999", "http://proxy:3128/path", "http://:hunter2@proxy:3128",
        "https://u:hunter2@proxy:3128", "http://u:hunter2@proxy:x", "http://u:hunter2@"}) {
    CAPTURE(bad);
    try {
      (void)ProxyConfig::parse(bad);
      FAIL("no exception");
    } catch (const ConfigError& e) {
      CHECK(rt::contains(e.what(), "proxy URL"));
      CHECK_FALSE(rt::contains(e.what(), "hunter2"));
    }
  }
}

TEST_CASE("a password holding # ? / @ or %40 never appears in a ConfigError") {
  // The user-info used to be looked for only before the first '?' or '#': a password holding
  // one was printed from there on.
  for (const std::string password : {"hun#ter2", "hun?ter2", "hun/ter2", "hun@ter2", "hun%40ter2",
                                     "h#u?n/t@e%40r2", "hun://ter2"}) {
    CAPTURE(password);
    const auto check = [&](const std::string& what) {
      CAPTURE(what);
      for (const std::string piece : {"hun", "ter2"}) CHECK_FALSE(rt::contains(what, piece));
    };
    // Each rejected for a reason after the user-info: a bad port, a path, a query.
    for (const std::string& proxy :
         {"http://u:" + password + "@proxy:x", "http://u:" + password + "@proxy:3128/p",
          "u:" + password + "@proxy:0", "https://u:" + password + "@proxy:3128"}) {
      try {
        (void)ProxyConfig::parse(proxy);
        FAIL("no exception for " << proxy.size() << " characters");
      } catch (const ConfigError& e) {
        check(e.what());
      }
    }
    for (const std::string& base :
         {"https://u:" + password + "@api.arize.com", "http://u:" + password + "@h:1/?q",
          "u:" + password + "@h", "http://u:" + password + "@h#f"}) {
      try {
        (void)arize::BaseUrl::parse(base);
        FAIL("no exception for " << base.size() << " characters");
      } catch (const ConfigError& e) {
        check(e.what());
      }
    }
  }
  CHECK(arize::BaseUrl::without_userinfo("http://u:p#w@h:1/x?y") == "http://***@h:1/x?y");
  CHECK(arize::BaseUrl::without_userinfo("u:pa://ss@h:1") == "***@h:1");
  CHECK(arize::BaseUrl::without_userinfo("http://h:1/x?y#z") == "http://h:1/x?y#z");
}

TEST_CASE("no_proxy lists: hosts, domains and their subdomains, *, ports ignored") {
  const auto m = [](const char* list, const char* host) {
    return ProxyConfig::no_proxy_matches(list, host);
  };
  CHECK(m("example.com", "example.com"));
  CHECK(m("example.com", "api.example.com"));
  CHECK(m(".example.com", "api.example.com"));
  CHECK(m(".example.com", "example.com"));
  CHECK_FALSE(m("example.com", "badexample.com"));
  CHECK_FALSE(m("api.example.com", "example.com"));
  CHECK(m("localhost, 127.0.0.1", "127.0.0.1"));
  CHECK(m("a.test,,  b.test\tc.test", "c.test"));
  CHECK(m("EXAMPLE.com", "Api.Example.COM"));
  CHECK(m("example.com:443", "example.com"));
  CHECK(m("[::1]", "[::1]"));
  CHECK(m("::1", "[::1]"));
  CHECK(m("*", "anything.at.all"));
  CHECK_FALSE(m("", "example.com"));
  CHECK_FALSE(m(" , ", "example.com"));
  CHECK_FALSE(m("10.0.0.0/8", "10.1.2.3"));  // CIDR is not supported
}

TEST_CASE("from_environment: https_proxy for https, http_proxy for http, no_proxy wins") {
  const EnvVar a("https_proxy", std::nullopt), b("HTTPS_PROXY", std::nullopt),
      c("http_proxy", std::nullopt), d("HTTP_PROXY", std::nullopt), e("all_proxy", std::nullopt),
      f("ALL_PROXY", std::nullopt), g("no_proxy", std::nullopt), h("NO_PROXY", std::nullopt);
  const auto https = arize::BaseUrl::parse("https://api.arize.com");
  const auto http = arize::BaseUrl::parse("http://127.0.0.1:8080");
  CHECK_FALSE(ProxyConfig::from_environment(https));
  CHECK_FALSE(ProxyConfig::from_environment(http));
  {
    const EnvVar v("HTTPS_PROXY", "http://upper:1");
    CHECK(ProxyConfig::from_environment(https)->host == "upper");
    const EnvVar w("https_proxy", "http://lower:2");
    CHECK(ProxyConfig::from_environment(https)->host == "lower");  // lower case first
    CHECK_FALSE(ProxyConfig::from_environment(http));
  }
  {
    const EnvVar v("HTTP_PROXY", "http://ignored:1");  // CGI "Proxy:" header: never read
    CHECK_FALSE(ProxyConfig::from_environment(http));
    const EnvVar w("http_proxy", "http://p:3");
    CHECK(ProxyConfig::from_environment(http)->port == 3);
  }
  {
    const EnvVar v("ALL_PROXY", "http://all:4");
    CHECK(ProxyConfig::from_environment(https)->host == "all");
    CHECK(ProxyConfig::from_environment(http)->host == "all");
    const EnvVar w("NO_PROXY", "arize.com");
    CHECK_FALSE(ProxyConfig::from_environment(https));
    CHECK(ProxyConfig::from_environment(http)->host == "all");
    const EnvVar x("no_proxy", "127.0.0.1");  // lower case first: NO_PROXY no longer applies
    CHECK(ProxyConfig::from_environment(https)->host == "all");
    CHECK_FALSE(ProxyConfig::from_environment(http));
  }
  {
    const EnvVar v("https_proxy", "https://u:hunter2@p:1");
    try {
      (void)ProxyConfig::from_environment(https);
      FAIL("no exception");
    } catch (const ConfigError& e) {
      CHECK(rt::contains(e.what(), "https_proxy"));
      CHECK_FALSE(rt::contains(e.what(), "hunter2"));
    }
  }
}

TEST_CASE("the Client reads proxy variables only when asked") {
  const EnvVar a("http_proxy", "https://not-a-valid-proxy"), b("no_proxy", std::nullopt),
      c("NO_PROXY", std::nullopt), d("all_proxy", std::nullopt), e("ALL_PROXY", std::nullopt);
  arize::ClientOptions options{
      .api_key = arize::Secret("k"), .base_url = "http://127.0.0.1:1", .alpha_warning = false};
  CHECK_NOTHROW(arize::Client{options});  // not read: the bad value does not matter
  options.proxy_from_environment = true;
  CHECK_THROWS_AS(arize::Client{options}, ConfigError);
  options.http.proxy = ProxyConfig::parse("http://explicit:3128");  // an explicit proxy wins
  CHECK_NOTHROW(arize::Client{options});
}

TEST_CASE("https:// through a proxy is refused where cpp-httplib's CONNECT can deadlock") {
  const auto make = [] {
    return arize::HttplibTransport(arize::HttplibTransportOptions{
        .base_url = "https://api.arize.com", .proxy = ProxyConfig::parse("http://p:3128")});
  };
  if (arize::detail::httplib_https_proxy_is_safe) {
    CHECK_NOTHROW(make());
  } else {
    CHECK_THROWS_WITH_AS(make(), doctest::Contains("cpp-httplib#1590"), ConfigError);
  }
  CHECK(arize::detail::version_number("0.11.4") < arize::detail::version_number("0.14.0"));
  CHECK(arize::detail::version_number("0.14.0") == 1400);
  CHECK(arize::detail::version_number("1.2.3") > arize::detail::version_number("0.99.99"));
}

TEST_CASE("HttplibTransport checks a hand-built ProxyConfig") {
  const auto transport = [](ProxyConfig p) {
    return arize::HttplibTransport(
        arize::HttplibTransportOptions{.base_url = "http://127.0.0.1:1", .proxy = std::move(p)});
  };
  CHECK_THROWS_AS(transport(ProxyConfig{.host = "", .port = 80}), ConfigError);
  CHECK_THROWS_AS(transport(ProxyConfig{.host = "p", .port = 0}), ConfigError);
  CHECK_THROWS_AS(transport(ProxyConfig{.host = "p", .port = 80, .password = arize::Secret("x")}),
                  ConfigError);
  CHECK_NOTHROW(transport(ProxyConfig{.host = "p", .port = 80}));
}
