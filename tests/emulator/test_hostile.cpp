// Hostile clients (issue 11, items 10-15): idle and slow connections, oversized chunked bodies,
// Range headers, dates the wire cannot carry, duplicate JSON members and bad state files. Raw
// sockets on 127.0.0.1 where httplib::Client would not misbehave; every loop is bounded.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "persistence.hpp"
#include "support.hpp"

using namespace emu_test;

namespace {

using SteadyClock = std::chrono::steady_clock;

/// A raw TCP connection to 127.0.0.1:port.
class RawSocket {
 public:
  explicit RawSocket(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  }
  ~RawSocket() { ::close(fd_); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  /// Sends all of `data`; false once the peer has gone.
  bool send_all(std::string_view data) const {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  [[nodiscard]] bool readable_now() const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

  /// Reads until the peer closes, an error, or `limit` passes. True when the peer closed
  /// (EOF or reset) within the limit.
  bool read_until_closed(std::string& into, std::chrono::milliseconds limit) const {
    const auto deadline = SteadyClock::now() + limit;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buffer[16384];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return true;
      into.append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
};

int active_keys(Emulator& emu) {
  const Reply reply = emu.get("/v2/api-keys?limit=100", emu.admin_key);
  REQUIRE(reply.status == 200);
  return static_cast<int>(reply.body["api_keys"].size());
}

/// Whether the emulator would start from this state file: it loads (else StateError) and the
/// store accepts it (else std::invalid_argument), as in main.cpp.
bool usable(const std::filesystem::path& file) {
  try {
    const auto state = load_state_file(file);
    REQUIRE(state);
    Random random(1);
    const Store store(*state, system_now, random);
    return true;
  } catch (const StateError&) {
    return false;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

/// A date-time RFC 3339 allows that is in year 10000 once the offset is applied.
constexpr const char* kBeyond9999 = "9999-12-31T23:59:59-23:59";

}  // namespace

TEST_SUITE("hostile") {
  TEST_CASE("idle keep-alive connections and slow headers do not stall new clients") {
    Emulator emu;
    const std::string get =
        "GET /v2/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + emu.admin_key +
        "\r\n\r\n";
    std::vector<std::unique_ptr<RawSocket>> held;
    for (int i = 0; i < 48; ++i) {  // one request each, then idle on a kept-alive connection
      held.push_back(std::make_unique<RawSocket>(emu.port));
      REQUIRE(held.back()->send_all(get));
    }
    for (int i = 0; i < 16; ++i) {  // headers that never end
      held.push_back(std::make_unique<RawSocket>(emu.port));
      REQUIRE(held.back()->send_all("GET /v2/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    }
    for (int i = 0; i < 8; ++i) held.push_back(std::make_unique<RawSocket>(emu.port));  // silent

    // A new client is served at once (5 s is a generous bound: without a free thread it would
    // wait for 70 connections to time out, 8 at a time).
    auto client = emu.client();
    client->set_connection_timeout(5);
    client->set_read_timeout(5);
    const auto res =
        client->Get("/v2/api-keys", httplib::Headers{{"Authorization", "Bearer " + emu.admin_key}});
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    CHECK(res->status == 200);

    // The server closes every idle or stalled connection by itself (keep-alive and read
    // timeouts of a few seconds; 30 s in all is a generous bound on a loaded machine).
    const auto deadline = SteadyClock::now() + std::chrono::seconds(30);
    int closed = 0;
    for (const auto& socket : held) {
      std::string ignored;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
      if (socket->read_until_closed(ignored, std::max(left, std::chrono::milliseconds(1)))) {
        ++closed;
      }
    }
    CHECK(closed == static_cast<int>(held.size()));
  }

  TEST_CASE("a chunked body over 1 MiB is 413, nothing is created, the connection closes") {
    Emulator emu;
    const int before = active_keys(emu);
    RawSocket socket(emu.port);
    REQUIRE(socket.send_all(
        "POST /v2/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + emu.admin_key +
        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
    // A valid create whose unknown member pads it to 4 MiB, in 64 KiB chunks.
    const std::string head = R"({"name": "big", "pad": ")";
    const std::string chunk_data(64 * 1024, 'a');
    auto chunk = [](std::string_view data) {
      std::ostringstream size;
      size << std::hex << data.size();
      return size.str() + "\r\n" + std::string(data) + "\r\n";
    };
    bool sent = socket.send_all(chunk(head));
    for (int i = 0; i < 64 && sent && !socket.readable_now(); ++i)
      sent = socket.send_all(chunk(chunk_data));
    if (sent && !socket.readable_now()) socket.send_all(chunk("\"}") + "0\r\n\r\n");

    std::string response;
    CHECK(socket.read_until_closed(response, std::chrono::seconds(20)));
    CHECK(response.starts_with("HTTP/1.1 413"));
    CHECK(response.find("application/problem+json") != std::string::npos);
    CHECK(active_keys(emu) == before);
  }

  TEST_CASE("Range is ignored on the API: a create returns its whole body, the secret with it") {
    Emulator emu;
    for (const char* range : {"bytes=0-9", "bytes=-5", "bytes=100000-", "bytes=0-1,5-9"}) {
      CAPTURE(range);
      const Reply created = emu.call("POST", "/v2/api-keys", emu.admin_key,
                                     std::string(R"({"name": "ranged"})"), {{"Range", range}});
      CHECK(created.status == 201);
      REQUIRE(created.body.is_object());
      CHECK(created.body["key"].get<std::string>().starts_with("ak-"));
      CHECK(created.header("Content-Type") == "application/json");
      CHECK(created.header("Content-Range").empty());
      const Reply listed =
          emu.call("GET", "/v2/api-keys", emu.admin_key, std::nullopt, {{"Range", range}});
      CHECK(listed.status == 200);
      REQUIRE(listed.body.is_object());
      CHECK(listed.body["api_keys"].is_array());
      const Reply problem =
          emu.call("GET", "/v2/api-keys?limit=0", emu.admin_key, std::nullopt, {{"Range", range}});
      check_problem(problem, 400);
    }
  }

  TEST_CASE("an expires_at beyond year 9999 in UTC is 400, and the service goes on for all") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    Emulator emu;
    std::vector<std::string> save_errors;
    // As --state does: save after every change.
    emu.store().set_persist_hook([&file, &save_errors](const State& state) {
      try {
        save_state_file(file, state);
      } catch (const std::exception& e) {
        save_errors.emplace_back(e.what());
      }
    });
    for (const char* when : {kBeyond9999, "9999-12-31T23:59:59.999999-00:01"}) {
      CAPTURE(when);
      check_problem(
          emu.post("/v2/api-keys", emu.admin_key, {{"name", "far"}, {"expires_at", when}}), 400);
      const json key = emu.create(emu.admin_key, {{"name", "to refresh"}});
      check_problem(emu.post("/v2/api-keys/" + encode(key["id"]) + "/refresh", emu.admin_key,
                             {{"expires_at", when}}),
                    400);
    }
    // The latest instant that can be written is fine.
    CHECK(emu.post("/v2/api-keys", emu.admin_key,
                   {{"name", "last"}, {"expires_at", "9999-12-31T23:59:59.999999Z"}})
              .status == 201);
    // Other users, and the same user, are served; every change is saved.
    CHECK(emu.get("/v2/api-keys", emu.member_key).status == 200);
    CHECK(emu.create(emu.member_key, {{"name", "after"}})["key"].is_string());
    CHECK(save_errors.empty());
    const auto loaded = load_state_file(file);
    REQUIRE(loaded);
    CHECK(loaded->keys.size() == emu.store().snapshot().keys.size());
  }

  TEST_CASE("duplicate JSON members in request bodies are 400") {
    Emulator emu;
    const json key = emu.create(emu.admin_key, {{"name", "k"}});
    const std::string refresh = "/v2/api-keys/" + encode(key["id"]) + "/refresh";
    for (const char* body : {R"({"name": "a", "name": "b"})",
                             R"({"name": "a", "description": "x", "description": "y"})",
                             R"({"name": "s", "key_type": "service", "space_id": "U3BhY2U6MQ==",
                                 "roles": {"space_role": "member", "space_role": "admin"}})",
                             R"({"name": "a", "extra": {"x": 1, "x": 2}})"}) {
      CAPTURE(body);
      const Reply reply = emu.call("POST", "/v2/api-keys", emu.admin_key, std::string(body));
      check_problem(reply, 400);
      CHECK(reply.text.find("\"b\"") == std::string::npos);  // never quotes the body
    }
    check_problem(
        emu.call("POST", refresh, emu.admin_key,
                 std::string(R"({"grace_period_seconds": 1, "grace_period_seconds": 2})")),
        400);
    // A number past double's range is valid JSON syntax nlohmann cannot hold (its
    // out_of_range 406): it was a 500 (found by fuzz_emulator_request).
    for (const char* body :
         {R"({"name": "a", "extra": 2e308})", R"({"name": "a", "x": -1e999})", "2e308"}) {
      CAPTURE(body);
      check_problem(emu.call("POST", "/v2/api-keys", emu.admin_key, std::string(body)), 400);
    }
    check_problem(
        emu.call("POST", refresh, emu.admin_key, std::string(R"({"grace_period_seconds": 1e400})")),
        400);
    // The same member in two different objects is fine.
    CHECK(emu.call("POST", "/v2/api-keys", emu.admin_key,
                   std::string(R"({"name": "n", "extra": {"name": 1}})"))
              .status == 201);
  }

  TEST_CASE("state files: dates beyond 9999, negative or fractional numbers, duplicates refused") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    Random random(5);
    ManualClock clock;
    Store store(
        Store::fresh_state(random), [&clock] { return clock.now(); }, random);
    const std::string admin = store.ensure_user_key(kAdminUserId, std::nullopt);
    (void)store.create(admin,
                       decode_create(R"({"name": "u", "expires_at": "2027-01-01T00:00:00Z"})"));
    const json good = state_to_json(store.snapshot());
    REQUIRE(good["keys"].size() == 2);

    auto with = [&good](const std::function<void(json&)>& change) {
      json copy = good;
      change(copy);
      return copy.dump();
    };
    const std::string good_text = good.dump();
    const std::string duplicated = "{\"last_seq\": 1, " + good_text.substr(1);  // "last_seq" twice
    for (const std::string& text : {
             with([](json& s) { s["keys"][1]["expires_at"] = kBeyond9999; }),
             with([](json& s) { s["keys"][0]["created_at"] = kBeyond9999; }),
             with([](json& s) { s["keys"][1]["last_used_at"] = "0000-01-01T00:00:00+00:01"; }),
             with([](json& s) { s["last_seq"] = -1; }), with([](json& s) { s["last_seq"] = 2.5; }),
             with([](json& s) { s["last_seq"] = 18446744073709551615ULL; }),
             with([](json& s) { s["keys"][0]["seq"] = -1; }),
             with([](json& s) { s["version"] = 1.5; }),
             with([](json& s) { s["cursor_secret"] = ""; }),
             with([](json& s) { s["keys"][0]["id"] = ""; }),
             with([](json& s) { s["spaces"].push_back(s["spaces"][0]); }), duplicated,
             "{\"last_seq\": 2e308, " + good_text.substr(1),  // out of double's range
         }) {
      CAPTURE(text.substr(0, 120));
      std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
      CHECK_FALSE(usable(file));
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << good_text;
    CHECK(usable(file));
  }

  TEST_CASE("query values that are not UTF-8 are answered, never 500 (found by fuzz/)") {
    Emulator emu;
    check_problem(emu.get("/v2/api-keys?space_id=U3BhY2U6%FF%FE", emu.admin_key), 404);
    check_problem(emu.get("/v2/api-keys?user_id=%C3%28", emu.member_key), 403);
    const Reply listed = emu.get("/v2/api-keys?user_id=%C3%28", emu.admin_key);
    CHECK(listed.status == 200);
    CHECK(listed.body["api_keys"].empty());
    check_problem(emu.get("/v2/api-keys?key_type=%FF", emu.admin_key), 400);
  }

  TEST_CASE("request JSON nesting deeper than arize::max_json_depth is 400, never recursed into") {
    const auto nested = [](int depth) {
      return std::string("{\"name\": \"n\", \"x\": ") + std::string(depth, '[') +
             std::string(depth, ']') + "}";
    };
    // The body object is one level: arrays fill the rest of the budget.
    CHECK_NOTHROW((void)parse_json_unique(nested(arize::max_json_depth - 1)));
    CHECK_THROWS_AS((void)parse_json_unique(nested(arize::max_json_depth)), NestedTooDeep);
    CHECK_THROWS_AS((void)parse_json_unique(std::string(100000, '[')), NestedTooDeep);
    Emulator emu;
    const Reply deep = emu.call("POST", "/v2/api-keys", emu.admin_key, nested(100000));
    check_problem(deep, 400);
    CHECK(deep.body["detail"].get<std::string>().find("deep") != std::string::npos);
    CHECK(emu.call("POST", "/v2/api-keys", emu.admin_key, nested(10)).status == 201);
  }
}
