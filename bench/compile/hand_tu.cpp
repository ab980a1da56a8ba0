// Compile-cost baseline (bench/compile/README.md): the same calls as client_tu.cpp written by
// hand over cpp-httplib and nlohmann/json, parsing the responses into small structs, with the
// error handling a careful hand-written client has (status checks, missing fields).
// Compiled, never linked or run.
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include <httplib.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Key {
  std::string id;
  std::string name;
  std::optional<std::string> description;
  std::string key_type;
  std::string status;
  std::string created_at;
  std::optional<std::string> expires_at;
};

struct Created {
  Key key;
  std::string raw;
};

struct Page {
  std::vector<Key> keys;
  bool has_more = false;
  std::optional<std::string> next_cursor;
};

std::optional<std::string> optional_string(const nlohmann::json& j, const char* name) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

Key parse_key(const nlohmann::json& j) {
  return Key{j.at("id").get<std::string>(),     j.at("name").get<std::string>(),
             optional_string(j, "description"), j.at("key_type").get<std::string>(),
             j.at("status").get<std::string>(), j.at("created_at").get<std::string>(),
             optional_string(j, "expires_at")};
}

nlohmann::json checked(const httplib::Result& result, int expected) {
  if (!result) throw std::runtime_error("transport error: " + httplib::to_string(result.error()));
  if (result->status != expected) {
    throw std::runtime_error("HTTP " + std::to_string(result->status) + ": " + result->body);
  }
  return result->body.empty() ? nlohmann::json() : nlohmann::json::parse(result->body);
}

Created parse_created(const nlohmann::json& j) {
  return Created{parse_key(j), j.at("key").get<std::string>()};
}

class HandClient {
 public:
  HandClient(const std::string& base_url, const std::string& token) : http_(base_url) {
    http_.set_read_timeout(60, 0);
    http_.set_connection_timeout(10, 0);
    headers_ = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
  }

  Page list(int limit, const std::optional<std::string>& cursor) {
    httplib::Params params{{"limit", std::to_string(limit)}};
    if (cursor) params.emplace("cursor", *cursor);
    const auto j = checked(http_.Get("/v2/api-keys", params, headers_), 200);
    Page page;
    for (const auto& k : j.at("api_keys")) page.keys.push_back(parse_key(k));
    const auto& meta = j.at("pagination");
    page.has_more = meta.at("has_more").get<bool>();
    page.next_cursor = optional_string(meta, "next_cursor");
    return page;
  }

  Created create(const nlohmann::json& body) {
    return parse_created(
        checked(http_.Post("/v2/api-keys", headers_, body.dump(), "application/json"), 201));
  }

  Created refresh(const std::string& id) {
    return parse_created(checked(
        http_.Post("/v2/api-keys/" + id + "/refresh", headers_, "{}", "application/json"), 200));
  }

  void remove(const std::string& id) { checked(http_.Delete("/v2/api-keys/" + id, headers_), 204); }

 private:
  httplib::Client http_;
  httplib::Headers headers_;
};

}  // namespace

std::size_t use_every_operation(const std::string& base_url, const std::string& token) {
  HandClient client(base_url, token);
  std::size_t seen = client.list(10, std::nullopt).keys.size();
  std::optional<std::string> cursor;
  do {
    Page page = client.list(100, cursor);
    for (const Key& key : page.keys) seen += key.name.size();
    cursor = page.has_more ? page.next_cursor : std::nullopt;
  } while (cursor);
  const Created user = client.create({{"name", "CI pipeline key"}, {"key_type", "user"}});
  const Created service = client.create({{"name", "bot"},
                                         {"key_type", "service"},
                                         {"space_id", "U3BhY2U6MQ=="},
                                         {"roles", {{"space_role", "member"}}}});
  const Created fresh = client.refresh(user.key.id);
  client.remove(service.key.id);
  return seen + fresh.raw.size();
}
