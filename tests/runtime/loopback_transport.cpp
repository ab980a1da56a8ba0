// The default HttplibTransport under arize::Client, over real sockets: read timeouts,
// keep-alive reuse, the response size limit, and header values with CR/LF.
#include <optional>

#include "loopback_support.hpp"

using loopback::Gate;
using loopback::LocalServer;
using loopback::options_for;
using loopback::seconds_since;
using loopback::transport_error_of;
using Kind = arize::TransportError::Kind;

TEST_SUITE("transport") {
  TEST_CASE(
      "a server slower than the timeout: TransportError kind timeout, well before it answers") {
    Gate gate;
    std::optional<LocalServer> server;
    server.emplace([&gate](const httplib::Request&, httplib::Response& res) {
      gate.wait(std::chrono::seconds(3));
      res.set_content(loopback::kEmptyPage, "application/json");
    });
    auto options = options_for(server->base_url(), "k");
    options.http.read_timeout = options.http.write_timeout = std::chrono::milliseconds(300);
    options.retry = arize::RetryPolicy::none();
    {
      arize::Client client(options);
      const auto start = loopback::Clock::now();
      const auto e = transport_error_of([&] { (void)client.api_keys.list(); }, Kind::timeout);
      CHECK(e.request_may_have_been_sent());
      const double elapsed = seconds_since(start);
      CHECK(elapsed >= 0.25);
      CHECK(elapsed < 2.5);
    }
    CHECK(server->seen.count() == 1);
    // Release the handler, then stop the server: bounded.
    gate.open();
    const auto stopping = loopback::Clock::now();
    server.reset();
    CHECK(seconds_since(stopping) < 2.5);
  }

  TEST_CASE("keep-alive: sequential calls of one Client reuse one connection") {
    LocalServer server([](const httplib::Request& req, httplib::Response& res) {
      if (req.method == "GET") {
        res.set_content(loopback::kEmptyPage, "application/json");
      } else {
        res.status = 204;
      }
    });
    {
      arize::Client client(options_for(server.base_url(), "k"));
      for (int i = 0; i < 5; ++i) (void)client.api_keys.list();
      client.api_keys.delete_key("QQ==");
      (void)client.api_keys.list({.limit = 3});
    }
    CHECK(server.seen.count() == 7);
    const std::lock_guard lock(server.seen.mutex);
    CHECK(server.seen.remote_ports.size() == 1);
  }

  TEST_CASE("a connection the server closed is replaced, not an error") {
    LocalServer server([](const httplib::Request&, httplib::Response& res) {
      res.set_header("Connection", "close");
      res.set_content(loopback::kEmptyPage, "application/json");
    });
    arize::Client client(options_for(server.base_url(), "k"));
    for (int i = 0; i < 3; ++i) CHECK_NOTHROW((void)client.api_keys.list());
    CHECK(server.seen.count() == 3);
  }

  TEST_CASE("a pooled connection the server dropped while idle is not used for a create") {
    // LocalServer closes a keep-alive connection after 1 s idle, without telling the client;
    // a create must then go out on a fresh connection, not fail on the dead one (it would not
    // be resent: it may have reached the server).
    LocalServer server([](const httplib::Request& req, httplib::Response& res) {
      if (req.method == "GET") {
        res.set_content(loopback::kEmptyPage, "application/json");
      } else {
        res.status = 201;
        res.set_content(R"({"id":"k1","name":"n","key_type":"user","status":"active",
            "redacted_key":"ak-a...b","created_at":"2030-01-01T00:00:00Z",
            "created_by_user_id":"u","key":"ak-raw"})",
                        "application/json");
      }
    });
    auto options = options_for(server.base_url(), "k");
    options.retry = arize::RetryPolicy::none();
    arize::Client client(options);
    (void)client.api_keys.list();
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));  // the server closes at ~1 s
    CHECK_NOTHROW((void)client.api_keys.create({.name = "n"}));
    CHECK(server.seen.count() == 2);
    const std::lock_guard lock(server.seen.mutex);
    CHECK(server.seen.remote_ports.size() == 2);
  }

  TEST_CASE("max_response_bytes: a 2 MiB answer with a 1 MiB limit is response_too_large") {
    LocalServer server([](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(std::size_t{2} << 20, 'x'), "application/json");
    });
    auto options = options_for(server.base_url(), "k");
    options.http.max_response_bytes = std::size_t{1} << 20;
    arize::Client client(options);
    const auto e =
        transport_error_of([&] { (void)client.api_keys.list(); }, Kind::response_too_large);
    CHECK(std::string(e.what()).find("1048576") != std::string::npos);
    CHECK(server.seen.count() == 1);  // not retried
  }

  TEST_CASE("CR/LF in a header value: invalid_request, nothing reaches the server") {
    LocalServer server([](const httplib::Request&, httplib::Response& res) {
      res.set_content(loopback::kEmptyPage, "application/json");
    });
    arize::HttplibTransport transport(
        arize::HttplibTransportOptions{.base_url = server.base_url()});
    for (const std::string& value :
         {std::string("a\r\nX-Injected: yes"), std::string("a\nb"), std::string("a\0b", 3)}) {
      arize::HttpRequest request{.method = "GET", .path = "/v2/api-keys"};
      request.headers.set("X-Note", value);
      const auto e =
          transport_error_of([&] { (void)transport.send(request); }, Kind::invalid_request);
      CHECK_FALSE(e.request_may_have_been_sent());
      CHECK(std::string(e.what()).find("X-Injected") == std::string::npos);
    }
    // The Authorization value of a Client is checked the same way.
    arize::Client client(options_for(server.base_url(), "key\r\nX-Injected: yes"));
    const auto e = transport_error_of([&] { (void)client.api_keys.list(); }, Kind::invalid_request);
    CHECK(std::string(e.what()).find("X-Injected") == std::string::npos);
    CHECK(server.seen.count() == 0);
    // The server was reachable all along.
    arize::HttpRequest clean{.method = "GET", .path = "/v2/api-keys"};
    clean.headers.set("X-Note", "fine");
    CHECK(transport.send(clean).status == 200);
    CHECK(server.seen.count() == 1);
  }
}
