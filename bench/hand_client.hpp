// The hand-written client that the benchmarks compare arize::Client with: the Arize API keys
// calls as a careful user writes them over cpp-httplib and nlohmann/json (2026-07's wire):
// the responses parsed with nlohmann::json::parse and read into plain structs, every field the
// client reads, with the error handling such a user has (status checks, missing members
// refused). Used by arize-bench (section 4: speed, CPU and memory) and by compile/hand_tu.cpp
// (compile cost). Include <httplib.h> (with the defines wanted) before it.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hand {

struct Key {
  std::string id;
  std::string name;
  std::optional<std::string> description;
  std::string key_type;
  std::string status;
  std::string redacted_key;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::string created_by_user_id;
  std::optional<std::string> last_used_at;
};

struct Page {
  std::vector<Key> keys;
  bool has_more = false;
  std::optional<std::string> next_cursor;
};

struct Role {
  std::string type;  // PREDEFINED (name) or CUSTOM (id)
  std::optional<std::string> name;
  std::optional<std::string> id;
};

struct SpaceAssignment {
  std::string space_id;
  Role role;
};

struct OrgAssignment {
  std::string org_id;
  Role role;
  std::vector<SpaceAssignment> spaces;
};

struct BotUser {
  std::string id;
  std::string name;
  Role account_role;
  std::vector<OrgAssignment> organizations;
};

struct Created {
  Key key;
  std::string raw;
  std::optional<BotUser> bot_user;
};

inline std::optional<std::string> optional_string(const nlohmann::json& j, const char* name) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

inline Key parse_key(const nlohmann::json& j) {
  return Key{j.at("id").get<std::string>(),
             j.at("name").get<std::string>(),
             optional_string(j, "description"),
             j.at("key_type").get<std::string>(),
             j.at("status").get<std::string>(),
             j.at("redacted_key").get<std::string>(),
             j.at("created_at").get<std::string>(),
             optional_string(j, "expires_at"),
             j.at("created_by_user_id").get<std::string>(),
             optional_string(j, "last_used_at")};
}

inline Role parse_role(const nlohmann::json& j) {
  return Role{j.at("type").get<std::string>(), optional_string(j, "name"),
              optional_string(j, "id")};
}

inline BotUser parse_bot_user(const nlohmann::json& j) {
  BotUser bot{j.at("id").get<std::string>(),
              j.at("name").get<std::string>(),
              parse_role(j.at("account_role")),
              {}};
  for (const auto& o : j.at("organizations")) {
    OrgAssignment org{o.at("org_id").get<std::string>(), parse_role(o.at("role")), {}};
    for (const auto& sp : o.at("spaces"))
      org.spaces.push_back({sp.at("space_id").get<std::string>(), parse_role(sp.at("role"))});
    bot.organizations.push_back(std::move(org));
  }
  return bot;
}

inline Created parse_created(const nlohmann::json& j) {
  Created out{parse_key(j), j.at("key").get<std::string>(), std::nullopt};
  if (const auto it = j.find("bot_user"); it != j.end()) out.bot_user = parse_bot_user(*it);
  return out;
}

inline nlohmann::json checked(const httplib::Result& result, int expected) {
  if (!result) throw std::runtime_error("transport error: " + httplib::to_string(result.error()));
  if (result->status != expected) {
    throw std::runtime_error("HTTP " + std::to_string(result->status) + ": " + result->body);
  }
  return result->body.empty() ? nlohmann::json() : nlohmann::json::parse(result->body);
}

class Client {
 public:
  /// `origin`: "http://host:port"; `prefix`: the base URL's path ("" or "/n100000").
  Client(const std::string& origin, std::string prefix, const std::string& token)
      : http_(origin), prefix_(std::move(prefix)) {
    http_.set_keep_alive(true);
    // Without it a POST's body waits for the server's delayed ACK (~40 ms: arize-bench's
    // figure 2): a benchmark would measure Nagle's algorithm. The client sets it too.
    http_.set_tcp_nodelay(true);
    http_.set_read_timeout(60, 0);
    http_.set_connection_timeout(10, 0);
    headers_ = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
  }

  Page list(int limit, const std::optional<std::string>& cursor) {
    httplib::Params params{{"limit", std::to_string(limit)}};
    if (cursor) params.emplace("cursor", *cursor);
    const auto j = checked(http_.Get(prefix_ + "/v2/api-keys", params, headers_), 200);
    Page page;
    for (const auto& k : j.at("api_keys")) page.keys.push_back(parse_key(k));
    const auto& meta = j.at("pagination");
    page.has_more = meta.at("has_more").get<bool>();
    page.next_cursor = optional_string(meta, "next_cursor");
    return page;
  }

  Created create(const nlohmann::json& body) {
    return parse_created(checked(
        http_.Post(prefix_ + "/v2/api-keys", headers_, body.dump(), "application/json"), 201));
  }

  Created refresh(const std::string& id) {
    return parse_created(checked(
        http_.Post(prefix_ + "/v2/api-keys/" + id + "/refresh", headers_, "{}", "application/json"),
        200));
  }

  void revoke(const std::string& id) {
    checked(http_.Put(prefix_ + "/v2/api-keys/" + id + "/revoke", headers_, "", "text/plain"), 204);
  }

 private:
  httplib::Client http_;
  std::string prefix_;
  httplib::Headers headers_;
};

/// Every key, the cursor followed by hand; returns how many, and adds the length of their names
/// to `name_bytes` (something to compute from each key).
inline std::size_t walk(Client& client, std::size_t& name_bytes) {
  std::size_t count = 0;
  std::optional<std::string> cursor;
  do {
    Page page = client.list(100, cursor);
    for (const Key& key : page.keys) {
      ++count;
      name_bytes += key.name.size();
    }
    cursor = page.has_more ? page.next_cursor : std::nullopt;
  } while (cursor);
  return count;
}

}  // namespace hand
