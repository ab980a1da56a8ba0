// arize::Client over HTTPS to the in-process emulator, with a self-signed certificate made by
// the test: trusted through ClientOptions::ca_file, refused otherwise (nothing sent).
#include "emulator/support.hpp"
#include "loopback_support.hpp"
#include "support/tls_cert.hpp"

using arize_test::SelfSignedCert;
using emu_test::Emulator;
using loopback::options_for;
using loopback::tls_options;

namespace {

std::string https_url(const Emulator& emu) {
  return "https://127.0.0.1:" + std::to_string(emu.port);
}

/// Listing must fail with a TLS TransportError that says nothing was sent, does not hold the
/// key, and holds `reason` (OpenSSL's words for the rejection) when given.
void expect_tls_refusal(arize::ClientOptions options, const std::string& key,
                        const std::string& reason = {}) {
  options.retry = arize::RetryPolicy{};  // the default policy: a TLS failure is not retried
  arize::Client client(std::move(options));
  const auto start = loopback::Clock::now();
  const auto e = loopback::transport_error_of([&] { (void)client.api_keys.list(); },
                                              arize::TransportError::Kind::tls);
  CHECK_FALSE(e.request_may_have_been_sent());
  CHECK(std::string(e.what()).find(key) == std::string::npos);
  CHECK(std::string(e.what()).find("certificate") != std::string::npos);
  CHECK_MESSAGE(std::string(e.what()).find(reason) != std::string::npos, e.what());
  CHECK(loopback::seconds_since(start) < 5.0);  // not retried with backoff
}

}  // namespace

TEST_SUITE("https") {
  TEST_CASE("every operation over HTTPS with the certificate as ca_file") {
    SelfSignedCert files;
    Emulator emu(tls_options(files));
    auto options = options_for(https_url(emu), emu.admin_key);
    options.http.ca_file = files.cert.string();
    arize::Client client(options);

    const auto user = client.api_keys.create({.name = "tls user"});
    const auto service =
        client.api_keys.create_service_key({.name = "tls service", .space_id = emu_test::kSpace1});
    CHECK(client.api_keys.list().api_keys.get().size() == 2);
    CHECK(client.api_keys
              .list({.key_type = arize::ApiKeyType::service,
                     .space_id = std::string(emu_test::kSpace1)})
              .api_keys.get()
              .size() == 1);
    std::size_t all = 0;
    for (const auto& key : client.api_keys.list_all({.limit = 1})) {
      (void)key;
      ++all;
    }
    CHECK(all == 2);
    const auto refreshed = client.api_keys.refresh(user.id, {.grace_period_seconds = 60});
    auto with_new = options_for(https_url(emu), refreshed.key.reveal());
    with_new.http.ca_file = files.cert.string();
    CHECK_NOTHROW((void)arize::Client(with_new).api_keys.list());
    client.api_keys.delete_key(service.id);
    CHECK(client.api_keys.list({.status = arize::ApiKeyStatus::deleted}).api_keys.get().size() ==
          1);  // the refreshed user key (the service key is listed with its space)
    CHECK_THROWS_AS(client.api_keys.delete_key("bm9uZQ=="), arize::NotFoundError);
  }

  TEST_CASE("a certificate that is not trusted is refused: nothing is sent") {
    SelfSignedCert files;
    SelfSignedCert other;
    Emulator emu(tls_options(files));

    SUBCASE("another self-signed certificate as ca_file") {
      auto options = options_for(https_url(emu), emu.admin_key);
      options.http.ca_file = other.cert.string();
      expect_tls_refusal(options, emu.admin_key);
    }
    SUBCASE("no ca_file: the system's trust store") {
      expect_tls_refusal(options_for(https_url(emu), emu.admin_key), emu.admin_key);
    }
    SUBCASE("a CA directory without the certificate") {
      auto options = options_for(https_url(emu), emu.admin_key);
      options.http.ca_dir = other.dir.string();
      expect_tls_refusal(options, emu.admin_key);
    }
  }

  TEST_CASE("an expired certificate is refused, the reason named: nothing is sent") {
    // Trusted (it is its own ca_file) and for this host, but its notAfter was an hour ago.
    SelfSignedCert files("localhost", "IP:127.0.0.1,DNS:localhost", arize_test::kExpired);
    Emulator emu(tls_options(files));
    auto options = options_for(https_url(emu), emu.admin_key);
    options.http.ca_file = files.cert.string();
    expect_tls_refusal(options, emu.admin_key,
                       "the server's certificate was not accepted (certificate has expired)");

    const auto keys_before = emu.store().snapshot().keys.size();
    arize::Client client(options);
    const auto e =
        loopback::transport_error_of([&] { (void)client.api_keys.create({.name = "never sent"}); },
                                     arize::TransportError::Kind::tls);
    CHECK_FALSE(e.request_may_have_been_sent());
    CHECK(emu.store().snapshot().keys.size() == keys_before);  // the create never arrived
  }

  TEST_CASE("the host is checked against the SANs, never against the CN") {
    // Trusted (it is its own ca_file), and its CN names the host, but its SAN does not: curl
    // refuses it, and so must we (cpp-httplib 0.11 fell back to the CN).
    SUBCASE("CN 127.0.0.1, SAN DNS:nothing.invalid") {
      SelfSignedCert files("127.0.0.1", "DNS:nothing.invalid");
      Emulator emu(tls_options(files));
      auto options = options_for(https_url(emu), emu.admin_key);
      options.http.ca_file = files.cert.string();
      expect_tls_refusal(options, emu.admin_key);
    }
    SUBCASE("CN localhost, SAN IP:127.0.0.2, reached as localhost") {
      SelfSignedCert files("localhost", "IP:127.0.0.2");
      Emulator emu(tls_options(files));
      auto options = options_for("https://localhost:" + std::to_string(emu.port), emu.admin_key);
      options.http.ca_file = files.cert.string();
      expect_tls_refusal(options, emu.admin_key);
    }
    SUBCASE("control: SAN DNS:localhost, reached as localhost") {
      SelfSignedCert files("nothing.invalid", "DNS:localhost");
      Emulator emu(tls_options(files));
      auto options = options_for("https://localhost:" + std::to_string(emu.port), emu.admin_key);
      options.http.ca_file = files.cert.string();
      CHECK_NOTHROW((void)arize::Client(options).api_keys.list());
    }
  }

  TEST_CASE("an unreadable ca_file is a ConfigError at construction") {
    auto options = options_for("https://127.0.0.1:1", "k");
    options.http.ca_file = "/nonexistent/arize-ca.pem";
    CHECK_THROWS_AS(arize::Client{options}, arize::ConfigError);
  }
}
