// Compile-cost baseline (bench/compile/README.md): the same calls as client_tu.cpp written by
// hand over cpp-httplib and nlohmann/json, parsing the responses into small structs, with the
// error handling a careful hand-written client has (status checks, missing fields): the
// hand-written client of ../hand_client.hpp, which arize-bench runs against the client.
// Compiled, never linked or run.
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include <httplib.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "../hand_client.hpp"

std::size_t use_every_operation(const std::string& base_url, const std::string& token) {
  hand::Client client(base_url, "", token);
  std::size_t seen = client.list(10, std::nullopt).keys.size();
  seen += hand::walk(client, seen);
  const hand::Created user = client.create({{"name", "CI pipeline key"}, {"key_type", "USER"}});
  const hand::Created service =
      client.create({{"name", "bot"},
                     {"key_type", "SERVICE"},
                     {"organizations",
                      {{{"org_id", "T3JnYW5pemF0aW9uOjE="},
                        {"spaces",
                         {{{"space_id", "U3BhY2U6MQ=="},
                           {"role", {{"type", "PREDEFINED"}, {"name", "MEMBER"}}}}}}}}}});
  const hand::Created fresh = client.refresh(user.key.id);
  client.revoke(service.key.id);
  return seen + fresh.raw.size() + (service.bot_user ? service.bot_user->name.size() : 0);
}
