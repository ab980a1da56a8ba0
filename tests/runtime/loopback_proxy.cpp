// arize::Client through an HTTP forward proxy (tests/support/connect_proxy.hpp) to the
// in-process emulator: absolute-form requests for http://, a CONNECT tunnel for https:// (the
// certificate is still checked end to end), Basic proxy authentication, a dead proxy, and the
// opt-in reading of http_proxy / no_proxy.
#include "emulator/support.hpp"
#include "loopback_support.hpp"
#include "support/connect_proxy.hpp"
#include "support/tls_cert.hpp"
#include "support/unit_support.hpp"

using arize_test::ConnectProxy;
using arize_test::SelfSignedCert;
using emu_test::Emulator;
using loopback::options_for;
using loopback::tls_options;

namespace {

constexpr const char* kUser = "al@ce";
constexpr const char* kPassword = "p:ss";
constexpr const char* kBasic = "Basic YWxAY2U6cDpzcw==";  // base64("al@ce:p:ss")

std::string emulator_url(const Emulator& emu, const char* scheme = "http") {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(emu.port);
}

std::string with_credentials(const ConnectProxy& proxy) {
  return "http://al%40ce:p%3Ass@127.0.0.1:" + std::to_string(proxy.port());
}

bool holds(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("proxy") {
  TEST_CASE("http:// through a proxy: absolute-form requests on one kept-alive connection") {
    Emulator emu;
    ConnectProxy proxy;
    auto options = options_for(emulator_url(emu), emu.admin_key);
    options.http.proxy = arize::ProxyConfig::parse(proxy.url());
    arize::Client client(options);

    const auto created = client.api_keys.create({.name = "via proxy"});
    CHECK(client.api_keys.list().api_keys.get().size() == 2);
    client.api_keys.delete_key(created.id);
    CHECK(client.api_keys.list().api_keys.get().size() == 1);

    const auto seen = proxy.seen();
    REQUIRE_FALSE(seen.empty());
    CHECK(seen.front().method == "POST");
    CHECK(seen.front().target == emulator_url(emu) + "/v2/api-keys");
    CHECK(proxy.connections() == 1);  // the pooled connection to the proxy is reused
  }

  // The library refuses https:// through a proxy where cpp-httplib's CONNECT can hang.
  constexpr bool https_proxy = arize::detail::httplib_https_proxy_is_safe;

  TEST_CASE("https:// through a CONNECT tunnel; the server's certificate is still checked" *
            doctest::skip(!https_proxy)) {
    SelfSignedCert files;
    SelfSignedCert other;
    Emulator emu(tls_options(files));
    ConnectProxy proxy;
    auto options = options_for(emulator_url(emu, "https"), emu.admin_key);
    options.http.proxy = arize::ProxyConfig::parse(proxy.url());

    SUBCASE("trusted") {
      options.http.ca_file = files.cert.string();
      arize::Client client(options);
      const auto created = client.api_keys.create({.name = "tunnelled"});
      const auto refreshed = client.api_keys.refresh(created.id);
      CHECK(refreshed.name == "tunnelled");
      const auto seen = proxy.seen();
      REQUIRE_FALSE(seen.empty());
      CHECK(seen.front().method == "CONNECT");
      CHECK(seen.front().target == "127.0.0.1:" + std::to_string(emu.port));
    }
    SUBCASE("another certificate: refused, nothing sent") {
      options.http.ca_file = other.cert.string();
      options.retry = arize::RetryPolicy::none();
      arize::Client client(options);
      const auto e = loopback::transport_error_of([&] { (void)client.api_keys.list(); },
                                                  arize::TransportError::Kind::tls);
      CHECK_FALSE(e.request_may_have_been_sent());
      CHECK(holds(e.what(), "via proxy " + proxy.url()));
    }
  }
  TEST_CASE("https:// with a proxy is refused up front where cpp-httplib's CONNECT can hang" *
            doctest::skip(https_proxy)) {
    // With cpp-httplib < 0.14, a CONNECT refused with "Connection: close" deadlocks inside
    // the library (yhirose/cpp-httplib#1590): this suite hung there before the refusal existed.
    SelfSignedCert files;
    Emulator emu(tls_options(files));
    ConnectProxy proxy;
    auto options = options_for(emulator_url(emu, "https"), emu.admin_key);
    options.http.ca_file = files.cert.string();
    options.http.proxy = arize::ProxyConfig::parse(proxy.url());
    try {
      arize::Client client(options);
      FAIL("an https:// base URL with a proxy was accepted");
    } catch (const arize::ConfigError& e) {
      CHECK(holds(e.what(), "cpp-httplib#1590"));
    }
    CHECK(proxy.connections() == 0);
    options.http.proxy.reset();  // without the proxy the same options work
    CHECK(arize::Client(options).api_keys.list().api_keys.get().size() == 1);
  }

  TEST_CASE("Basic proxy authentication; the password is never shown") {
    SelfSignedCert files;
    Emulator http_emu;
    Emulator https_emu(tls_options(files));
    ConnectProxy proxy(arize_test::ProxyOptions{.required_authorization = kBasic});
    const auto parsed = arize::ProxyConfig::parse(with_credentials(proxy));
    CHECK(*parsed.username == kUser);
    CHECK(parsed.password->reveal() == kPassword);

    // cpp-httplib would send the credentials inside the tunnel to the API server too, so with
    // an https:// base URL they are refused up front.
    {
      auto options = options_for(emulator_url(https_emu, "https"), https_emu.admin_key);
      options.http.ca_file = files.cert.string();
      options.http.proxy = parsed;
      try {
        arize::Client client(options);
        FAIL("proxy credentials with an https:// base URL were accepted");
      } catch (const arize::ConfigError& e) {
        CHECK(holds(e.what(), "Proxy-Authorization inside the TLS tunnel"));
        CHECK_FALSE(holds(e.what(), kPassword));
      }
    }
    // Without credentials the proxy refuses: a 407 for http://, a refused CONNECT for https://.
    std::vector<bool> schemes{false};
    if (https_proxy) schemes.push_back(true);
    for (const bool https : schemes) {
      CAPTURE(https);
      const Emulator& emu = https ? https_emu : http_emu;
      auto options = options_for(emulator_url(emu, https ? "https" : "http"), emu.admin_key);
      if (https) options.http.ca_file = files.cert.string();
      options.retry = arize::RetryPolicy::none();
      options.http.proxy = arize::ProxyConfig::parse(proxy.url());
      try {
        (void)arize::Client(options).api_keys.list();
        FAIL("the proxy let an unauthenticated request through");
      } catch (const arize::ApiError& e) {  // the proxy's answer, as for http:// ...
        CHECK(e.status() == 407);
      } catch (const arize::TransportError& e) {  // ... or a CONNECT that was refused
        CHECK(https);
        CHECK(holds(e.what(), "via proxy"));
      }
    }
    // With them, http:// goes through.
    auto options = options_for(emulator_url(http_emu, "http"), http_emu.admin_key);
    options.http.proxy = parsed;
    CHECK(arize::Client(options).api_keys.list().api_keys.get().size() == 1);
    for (const auto& s : proxy.seen()) {
      if (s.proxy_authorization) CHECK(*s.proxy_authorization == kBasic);
    }
    const arize::ProxyConfig copy = parsed;  // streaming or copying never reveals it
    CHECK_FALSE(holds(copy.display(), kPassword));
  }

  TEST_CASE("a dead proxy: TransportError connect, naming the proxy, nothing sent") {
    Emulator emu;
    auto options = options_for(emulator_url(emu), emu.admin_key);
    const int port = loopback::dead_port();
    options.http.proxy =
        arize::ProxyConfig::parse("http://u:hunter2@127.0.0.1:" + std::to_string(port));
    options.retry = arize::RetryPolicy::none();
    arize::Client client(options);
    const auto e = loopback::transport_error_of(
        [&] { (void)client.api_keys.create({.name = "x"}); }, arize::TransportError::Kind::connect);
    CHECK_FALSE(e.request_may_have_been_sent());
    CHECK(holds(e.what(), "via proxy http://127.0.0.1:" + std::to_string(port)));
    CHECK_FALSE(holds(e.what(), "hunter2"));
  }

  TEST_CASE("proxy_from_environment: http_proxy is used, and no_proxy exempts a host") {
    Emulator emu;
    ConnectProxy proxy;
    const rt::EnvVar a("http_proxy", proxy.url()), b("all_proxy", std::nullopt),
        c("ALL_PROXY", std::nullopt), d("no_proxy", std::nullopt), e("NO_PROXY", std::nullopt);
    auto options = options_for(emulator_url(emu), emu.admin_key);

    (void)arize::Client(options).api_keys.list();  // not asked: direct
    CHECK(proxy.seen().empty());

    options.proxy_from_environment = true;
    (void)arize::Client(options).api_keys.list();
    CHECK(proxy.seen().size() == 1);

    const rt::EnvVar f("no_proxy", "localhost, 127.0.0.1");
    (void)arize::Client(options).api_keys.list();
    CHECK(proxy.seen().size() == 1);  // direct again
  }
}
