// Test support: an emulator served in-process on a loopback port-0 server thread, with a clock
// the test moves by hand, and a small HTTP helper over httplib::Client.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <unistd.h>

#include <cctype>
#include <chrono>
#include <concepts>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arize/core/url.hpp>
#include <arize/vocabulary.hpp>

#include <arize/core/httplib_transport.hpp>
#include "crypto.hpp"
#include "http_server.hpp"
#include "local_emulator.hpp"
#include "server_thread.hpp"
#include "store.hpp"
#include "wire.hpp"

namespace emu_test {

using namespace arize::emulator;
using nlohmann::json;

inline constexpr const char* kSpace1 = "U3BhY2U6MQ==";  // member: member
inline constexpr const char* kSpace2 = "U3BhY2U6Mg==";  // member: read-only
inline constexpr const char* kSpace3 = "U3BhY2U6Mw==";  // member: no access
// The second organization (kSecondOrganizationId; the member is read-only in it).
inline constexpr const char* kSpace4 = "U3BhY2U6NA==";  // "production" again; member: read-only
inline constexpr const char* kSpace5 = "U3BhY2U6NQ==";  // member: no access

/// A fresh directory under the system's temporary directory, removed with everything in it.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("arize-emu-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

/// A clock that moves only when told to.
class ManualClock {
 public:
  TimePoint now() const {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(std::chrono::microseconds by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }

 private:
  mutable std::mutex mutex_;
  TimePoint now_ = std::chrono::floor<std::chrono::microseconds>(
      std::chrono::sys_days{std::chrono::year{2026} / 1 / 1} + std::chrono::hours{12});
};

/// The emulator's name for the client's API revision `r`.
inline arize::emulator::ApiRevision emulator_revision(arize::ApiRevision r) {
  return r == arize::ApiRevision::v2026_06 ? arize::emulator::ApiRevision::v2026_06
                                           : arize::emulator::ApiRevision::v2026_07;
}

/// Percent-encodes an id for a path or a value for a query, as the client does.
inline std::string encode(std::string_view text) {
  return arize::url::encode_query_component(text);
}

/// The same, for a JSON string (an id from a response).
template <typename J>
requires std::same_as<J, json> std::string encode(const J& value) {
  return encode(value.template get<std::string>());
}

struct Reply {
  int status = 0;
  std::string text;
  json body;  // parsed text (null when not JSON)
  httplib::Headers headers;

  [[nodiscard]] std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

/// Sends one request; fails the test when no HTTP response arrives.
inline Reply send(httplib::Client& client, const std::string& method, const std::string& path,
                  const std::optional<std::string>& token,
                  const std::optional<std::string>& body = std::nullopt,
                  httplib::Headers headers = {}) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = std::move(headers);
  if (token) req.headers.emplace("Authorization", "Bearer " + *token);
  if (body) {
    req.body = *body;
    req.headers.emplace("Content-Type", "application/json");
  }
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  const bool sent = client.send(req, res, error);
  REQUIRE_MESSAGE(sent, "no HTTP response: " << httplib::to_string(error));
  Reply reply{res.status, res.body, json(), res.headers};
  reply.body = json::parse(res.body, nullptr, false);
  if (reply.body.is_discarded()) reply.body = json();
  return reply;
}

/// The paths of a key (a create or list body) and of its refresh.
inline std::string key_path(const json& key) {
  return "/v2/api-keys/" + encode(key["id"].get<std::string>());
}
inline std::string refresh_path(const json& key) { return key_path(key) + "/refresh"; }

/// Checks an RFC 9457 problem response with the given status.
inline void check_problem(const Reply& reply, int status) {
  CHECK(reply.status == status);
  CHECK(reply.header("Content-Type") == "application/problem+json");
  REQUIRE(reply.body.is_object());
  CHECK(reply.body["status"] == status);
  CHECK(reply.body["title"].is_string());
  CHECK(!reply.body["title"].get<std::string>().empty());
  CHECK(reply.body["type"] == "about:blank");
  CHECK(reply.body["detail"].is_string());
  CHECK(reply.body["instance"] == "urn:arize-emulator:request:" + reply.header("X-Request-Id"));
}

/// An emulator on 127.0.0.1:<free port>, served by a thread of the test, with a manual clock
/// and a fixed seed. Keys: admin_key (account admin) and member_key (member user).
class Emulator {
 public:
  explicit Emulator(ServerOptions options = {}, std::uint64_t seed = 42)
      : local_([this] { return clock.now(); }, std::move(options), seed),
        admin_key(local_.admin_key()),
        member_key(local_.member_key()),
        port(local_.port()) {}
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  [[nodiscard]] std::unique_ptr<httplib::Client> client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
    arize::detail::httplib_compat::send_target_as_given(*client);  // tests encode paths themselves
    client->set_connection_timeout(5);
    client->set_read_timeout(10);
    return client;
  }

  Reply call(const std::string& method, const std::string& path,
             const std::optional<std::string>& token,
             const std::optional<std::string>& body = std::nullopt, httplib::Headers headers = {}) {
    return send(*default_client_(), method, path, token, body, std::move(headers));
  }
  Reply get(const std::string& path, const std::string& token) { return call("GET", path, token); }
  Reply post(const std::string& path, const std::string& token, const json& body) {
    return call("POST", path, token, body.dump());
  }

  /// Creates a key (201 required) and returns the response body, "key" included.
  json create(const std::string& token, const json& body) {
    const Reply reply = post("/v2/api-keys", token, body);
    REQUIRE_MESSAGE(reply.status == 201, reply.text);
    return reply.body;
  }

  [[nodiscard]] Store& store() { return local_.store(); }

  ManualClock clock;  // before local_, whose store reads it

 private:
  LocalEmulator local_;

 public:
  const std::string& admin_key;  // local_'s
  const std::string& member_key;
  const int port;

 private:
  httplib::Client* default_client_() {
    if (!client_) client_ = client();
    return client_.get();
  }

  std::unique_ptr<httplib::Client> client_;
};

/// The create body of a service key in `space`, with `roles` (an object) and a `description`
/// when given.
inline json service_key(const std::string& space, json roles = nullptr,
                        const std::string& name = "svc",
                        const std::optional<std::string>& description = std::nullopt) {
  json body = {{"name", name}, {"key_type", "service"}, {"space_id", space}};
  if (description) body["description"] = *description;
  if (!roles.is_null()) body["roles"] = std::move(roles);
  return body;
}

/// The ids of a list response, in order.
inline std::vector<std::string> ids_of(const Reply& reply) {
  std::vector<std::string> ids;
  for (const auto& key : reply.body.at("api_keys")) ids.push_back(key.at("id"));
  return ids;
}

}  // namespace emu_test
