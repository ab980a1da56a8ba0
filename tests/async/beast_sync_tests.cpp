// arize::BeastSyncTransport (sync/beast_transport.hpp), compiled in one translation unit with
// async_tests.cpp (Beast compiles slowly; CMake's unity build joins them): arize::Client over it
// against the in-process emulator (every operation of both API revisions, HTTP and HTTPS), hostile
// servers (tests/support/raw_server.hpp), kept connections (closed by the server, or with an
// unasked answer), deadlines, TLS refusals, proxies (tests/support/connect_proxy.hpp) and several
// threads on one transport. Loopback only, bounded, and no assertion on elapsed time.
#include <doctest/doctest.h>

#include <arize/api_keys.hpp>
#include <arize/client.hpp>
#include <arize/sync/beast_transport.hpp>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "emulator/support.hpp"
#include "runtime/loopback_support.hpp"
#include "support/connect_proxy.hpp"
#include "support/raw_server.hpp"
#include "support/tls_cert.hpp"

using arize::ApiRevision;
using arize::TransportError;
using Kind = arize::TransportError::Kind;
using arize_test::RawServer;
using namespace std::chrono_literals;

namespace {

using loopback::get_keys;
using loopback::page_holds;

using loopback::http_options;
using loopback::kProxyBasic;

/// A client over a BeastSyncTransport with `o` (ClientOptions::http keeps its defaults).
arize::Client client_over(const arize::HttplibTransportOptions& o, const std::string& key,
                          ApiRevision revision = arize::current_api_revision) {
  arize::ClientOptions options = loopback::options_for(o.base_url, key);
  options.http = {};
  options.api_revision = revision;
  options.transport = arize::BeastSyncTransport(o);
  return arize::Client(std::move(options));
}

/// Sends a GET through `transport`, which must fail with `kind` and a message holding `text`.
TransportError expect_failure(const arize::BeastSyncTransport& transport, Kind kind,
                              const std::string& text = {},
                              const arize::HttpRequest& request = get_keys()) {
  const TransportError e =
      loopback::transport_error_of([&] { (void)transport.send(request); }, kind);
  CHECK(std::string(e.what()).find(text) != std::string::npos);
  return e;
}

/// A server that answers every request on a connection with `answer` (keep-alive).
RawServer answering(std::string answer) {
  return RawServer([answer](RawServer::Connection& c) {
    while (c.read_head()) {
      if (!c.send(answer)) return;
    }
  });
}

/// Sends `head` (then `line` every `every` until the peer is gone) to each request.
RawServer trickle(std::string head, std::string line, std::chrono::milliseconds every) {
  return RawServer([=](RawServer::Connection& c) {
    if (!c.read_head() || !c.send(head)) return;
    for (int i = 0; i < 100000 && c.send(line); ++i) {
      if (!c.pause(every)) return;
    }
  });
}

}  // namespace

TEST_SUITE("beast_sync") {
  TEST_CASE("every operation of both revisions against the emulator") {
    for (const ApiRevision revision : {ApiRevision::v2026_06, ApiRevision::v2026_07}) {
      CAPTURE(std::string(arize::to_wire(revision)));
      emu_test::Emulator emu({.revision = emu_test::emulator_revision(revision)});
      arize::Client client = client_over(
          http_options("http://127.0.0.1:" + std::to_string(emu.port)), emu.admin_key, revision);
      const auto user = client.api_keys.create({.name = "sync user", .description = "beast"});
      CHECK(user.key_type == arize::ApiKeyType::user);
      CHECK_FALSE(user.key.reveal().empty());
      const auto service = client.api_keys.create_service_key(
          {.name = "sync service",
           .space_id = std::string(emu_test::kSpace1),
           .space_role = arize::SpaceRole::read_only,
           .org = std::string(arize::emulator::kOrganizationId)});
      CHECK(service.key_type == arize::ApiKeyType::service);
      const auto named = client.api_keys.create_service_key(
          {.name = "sync named", .space_id = "staging", .org = "default"});
      CHECK(page_holds(client.api_keys.list({.key_type = arize::ApiKeyType::service,
                                             .space_id = std::string(emu_test::kSpace2)}),
                       named.id.get()));
      client.api_keys.revoke(named.id.get());
      CHECK(page_holds(client.api_keys.list({.limit = 100}), user.id.get()));
      std::size_t walked = 0;
      for (const auto& key : client.api_keys.list_all({.limit = 2})) {
        (void)key;
        ++walked;
      }
      CHECK(walked >= 2);
      const auto refreshed = client.api_keys.refresh(user.id.get(), {});
      CHECK(refreshed.id.get() != user.id.get());
      CHECK(refreshed.key.reveal() != user.key.reveal());
      client.api_keys.revoke(refreshed.id.get());
      client.api_keys.revoke(service.id.get());
      CHECK_THROWS_AS(client.api_keys.revoke("QXBpS2V5Ojk5OTk5"), arize::NotFoundError);
      int too_small = 0;  // a variable: clang++ refuses an out-of-range constant
      CHECK_THROWS_AS((void)client.api_keys.list({.limit = too_small}), arize::ValidationError);
    }
  }

  TEST_CASE("one kept connection carries call after call; four threads share the transport") {
    emu_test::Emulator emu;
    auto o = http_options("http://127.0.0.1:" + std::to_string(emu.port));
    o.max_idle_connections = 4;
    const arize::BeastSyncTransport transport(o);
    arize::ClientOptions options = loopback::options_for(o.base_url, emu.admin_key);
    options.http = {};
    options.transport = transport;  // shares the transport (and its pool) with this test
    arize::Client client(std::move(options));
    for (int i = 0; i < 5; ++i) (void)client.api_keys.list({.limit = 1});
    CHECK(transport.idle_connections() == 1);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 25; ++i) {
          if (!client.api_keys.list({.limit = 5}).api_keys.get().empty()) ++ok;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(ok == 100);
    CHECK(transport.idle_connections() >= 1);
    CHECK(transport.idle_connections() <= 4);
  }

  TEST_CASE("hostile servers: the default transport's error kinds and messages") {
    SUBCASE("a body trickled past the deadline ends in a timeout") {
      RawServer server = trickle("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", "x", 20ms);
      auto o = http_options(server.url());
      o.request_timeout = 300ms;
      expect_failure(arize::BeastSyncTransport(o), Kind::timeout, "within the request deadline");
    }
    SUBCASE("silence past the read timeout") {
      RawServer server([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        while (c.pause(20ms)) {
        }
      });
      auto o = http_options(server.url());
      o.read_timeout = 200ms;
      const auto e =
          expect_failure(arize::BeastSyncTransport(o), Kind::timeout, "read timeout of 200 ms");
      CHECK(e.request_may_have_been_sent());
    }
    SUBCASE("a flood of header lines and one endless header line end at the head limit") {
      for (const bool one_line : {false, true}) {
        CAPTURE(one_line);
        RawServer server =
            one_line
                ? trickle("HTTP/1.1 200 OK\r\nX-Long: ", std::string(8000, 'a'), 0ms)
                : trickle("HTTP/1.1 200 OK\r\n", "X-Flood: " + std::string(100, 'a') + "\r\n", 0ms);
        expect_failure(arize::BeastSyncTransport(http_options(server.url())), Kind::receive,
                       "headers were malformed or too large");
      }
    }
    SUBCASE("an oversized body, announced, chunked without end, or to EOF, is cut off") {
      const std::string chunk = "400\r\n" + std::string(1024, 'x') + "\r\n";
      for (const auto& answer : std::vector<std::pair<std::string, std::string>>{
               {"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n", std::string(4096, 'x')},
               {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", chunk},
               {"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", std::string(4096, 'x')}}) {
        CAPTURE(answer.first);  // the head; then its body's pieces, answer.second
        RawServer server = trickle(answer.first, answer.second, 0ms);
        auto o = http_options(server.url());
        o.max_response_bytes = 2048;
        expect_failure(arize::BeastSyncTransport(o), Kind::response_too_large,
                       "larger than 2048 bytes");
      }
    }
    SUBCASE("a reset mid-response is a receive error") {
      RawServer server([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        c.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"api_keys\"");
        c.reset();
      });
      CHECK(expect_failure(arize::BeastSyncTransport(http_options(server.url())), Kind::receive)
                .request_may_have_been_sent());
    }
    SUBCASE("conflicting Content-Length headers are refused") {
      RawServer server =
          answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}xxx");
      expect_failure(arize::BeastSyncTransport(http_options(server.url())), Kind::receive,
                     "conflicting Content-Length");
    }
    SUBCASE("nobody listening: connect, nothing sent") {
      const arize::BeastSyncTransport transport(
          http_options("http://127.0.0.1:" + std::to_string(loopback::dead_port())));
      CHECK_FALSE(expect_failure(transport, Kind::connect, "could not connect")
                      .request_may_have_been_sent());
    }
    SUBCASE("a header value with CR/LF is refused before anything is sent") {
      arize::HttpRequest r = get_keys();
      r.headers.add("X-Bad", "a\r\nb");
      expect_failure(arize::BeastSyncTransport(http_options("http://127.0.0.1:1")),
                     Kind::invalid_request, "", r);
    }
  }

  TEST_CASE("deadlines: a near deadline after a far one; a deadline already past") {
    RawServer server([](RawServer::Connection& c) {
      if (!c.read_head() || !c.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")) return;
      if (!c.read_head() || !c.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")) return;
      while (c.send("x") && c.pause(20ms)) {
      }
    });
    auto o = http_options(server.url());
    o.request_timeout = 60s;
    const arize::BeastSyncTransport transport(o);
    arize::HttpRequest far = get_keys();
    far.deadline = std::chrono::steady_clock::now() + 60s;
    CHECK(transport.send(far).body == "{}");
    arize::HttpRequest near = get_keys();
    near.deadline = std::chrono::steady_clock::now() + 300ms;
    expect_failure(transport, Kind::timeout, "within the request deadline", near);
    arize::HttpRequest past = get_keys();
    past.deadline = std::chrono::steady_clock::now() - 1s;
    CHECK_FALSE(expect_failure(transport, Kind::timeout, "", past).request_may_have_been_sent());
  }

  TEST_CASE("a kept connection the server closed: a list is resent, a create is not") {
    for (const bool checked : {true, false}) {
      CAPTURE(checked);
      // checked: the server closed the kept connection before the next call (the liveness poll
      // drops it: any request goes on a new connection). Not checked: the server reads the next
      // request, then closes without answering (only an idempotent request is sent again).
      RawServer server([checked](RawServer::Connection& c) {
        if (!c.read_head()) return;
        c.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        if (!checked) (void)c.read_head();
      });
      const arize::BeastSyncTransport transport(http_options(server.url()));
      const arize::HttpRequest create{.method = "POST", .path = "/v2/api-keys", .body = "{}"};
      CHECK(transport.send(get_keys()).status == 200);
      CHECK(transport.idle_connections() == 1);
      if (checked) {
        for (int i = 0; i < 500 && server.active() > 0; ++i) std::this_thread::sleep_for(10ms);
        REQUIRE(server.active() == 0);
        CHECK(transport.send(create).status == 200);
        CHECK(server.accepted() == 2);
      } else {
        CHECK(transport.send(get_keys()).status == 200);  // resent on a second connection
        CHECK(server.accepted() == 2);
        const auto e = expect_failure(transport, Kind::receive, "", create);
        CHECK(e.request_may_have_been_sent());
        CHECK(server.accepted() == 2);  // not resent
      }
    }
  }

  TEST_CASE("bytes a server sent after a response are never read as the next answer") {
    const std::string fresh = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    const std::string stale = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n\"stale\"";
    for (const bool apart : {false, true}) {
      CAPTURE(apart);
      RawServer server(arize_test::unasked_answer(fresh, stale, apart));
      const arize::BeastSyncTransport transport(http_options(server.url()));
      CHECK(transport.send(get_keys()).body == "{}");
      if (apart) std::this_thread::sleep_for(300ms);  // the unasked answer is in the socket
      CHECK(transport.send(get_keys()).body == "{}");
      CHECK(server.accepted() == 2);
    }
  }

  TEST_CASE("TLS: the emulator over https; an untrusted CA and a wrong host are refused") {
    arize_test::SelfSignedCert files;
    emu_test::Emulator emu(loopback::tls_options(files));
    const std::string origin = "https://127.0.0.1:" + std::to_string(emu.port);
    {
      auto o = http_options(origin);
      o.ca_file = files.cert.string();
      arize::Client client = client_over(o, emu.admin_key, ApiRevision::v2026_06);
      const auto created = client.api_keys.create({.name = "over tls"});
      CHECK(page_holds(client.api_keys.list({.limit = 100}), created.id.get()));
      client.api_keys.revoke(created.id.get());
    }
    {
      arize_test::SelfSignedCert other;
      auto o = http_options(origin);
      o.ca_file = other.cert.string();
      CHECK_FALSE(expect_failure(arize::BeastSyncTransport(o), Kind::tls, "not accepted")
                      .request_may_have_been_sent());
    }
    {
      arize_test::SelfSignedCert wrong("127.0.0.1", "DNS:nothing.invalid");  // CN names the host
      emu_test::Emulator emu2(loopback::tls_options(wrong));
      auto o = http_options("https://127.0.0.1:" + std::to_string(emu2.port));
      o.ca_file = wrong.cert.string();
      expect_failure(arize::BeastSyncTransport(o), Kind::tls, "not accepted");
    }
    auto o = http_options("http://127.0.0.1:1");
    o.ca_file = files.cert.string();  // a CA file for http://: checked as the default transport
    CHECK_THROWS_AS(arize::BeastSyncTransport{o}, arize::ConfigError);
  }

  TEST_CASE("proxies: absolute form, CONNECT, Basic credentials to the proxy only") {
    arize_test::SelfSignedCert files;
    emu_test::Emulator http_emu;
    emu_test::Emulator https_emu(loopback::tls_options(files));
    arize_test::ConnectProxy proxy(arize_test::ProxyOptions{.required_authorization = kProxyBasic});
    const std::string with_user = loopback::proxy_url(proxy.port());
    for (const bool https : {false, true}) {
      CAPTURE(https);
      const std::string origin = std::string(https ? "https" : "http") + "://127.0.0.1:" +
                                 std::to_string(https ? https_emu.port : http_emu.port);
      auto o = http_options(origin);
      if (https) o.ca_file = files.cert.string();
      o.proxy = arize::ProxyConfig::parse(with_user);
      arize::Client client =
          client_over(o, https ? https_emu.admin_key : http_emu.admin_key, ApiRevision::v2026_06);
      const auto created = client.api_keys.create({.name = "via proxy"});
      CHECK(page_holds(client.api_keys.list({.limit = 100}), created.id.get()));
      // Without the credentials: an http:// request gets the proxy's 407, a CONNECT is refused.
      o.proxy = arize::ProxyConfig::parse(proxy.url());
      const arize::BeastSyncTransport refused(o);
      if (https) {
        const auto e = expect_failure(refused, Kind::connect, "refused the tunnel (HTTP 407)");
        CHECK(std::string(e.what()).find("hunter2") == std::string::npos);
      } else {
        CHECK(refused.send(get_keys()).status == 407);
      }
    }
    const auto seen = proxy.seen();
    REQUIRE(seen.size() == 5);  // POST, GET, GET (407); CONNECT (one tunnel, kept), CONNECT
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].target == "http://127.0.0.1:" + std::to_string(http_emu.port) + "/v2/api-keys");
    CHECK(seen[0].authorized);
    CHECK(seen[3].method == "CONNECT");
    CHECK(seen[3].target == "127.0.0.1:" + std::to_string(https_emu.port));
    CHECK(seen[3].authorized);
    CHECK_FALSE(seen[2].authorized);
    CHECK_FALSE(seen[4].authorized);
  }

  TEST_CASE("proxies: a CONNECT answer that never comes, floods, lingers or is refused") {
    const auto via = [](const RawServer& proxy) {
      auto o = http_options("https://127.0.0.1:1");  // never reached
      o.proxy = arize::ProxyConfig::parse(proxy.url());
      o.request_timeout = 300ms;
      return arize::BeastSyncTransport(o);
    };
    SUBCASE("the deadline ends the wait: a timeout, nothing sent") {
      RawServer proxy([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        while (c.pause(20ms)) {
        }
      });
      CHECK_FALSE(expect_failure(via(proxy), Kind::timeout, "within the request deadline")
                      .request_may_have_been_sent());
    }
    SUBCASE("a flooding answer ends at the head limit") {
      RawServer proxy = trickle("HTTP/1.1 200 Connection established\r\n",
                                "X-Flood: " + std::string(100, 'a') + "\r\n", 0ms);
      expect_failure(via(proxy), Kind::connect, "no usable answer to CONNECT");
    }
    SUBCASE("bytes after the answer, before TLS, are refused") {
      RawServer proxy =
          trickle("HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", "", 20ms);
      expect_failure(via(proxy), Kind::connect, "followed by bytes before TLS");
    }
  }
}
