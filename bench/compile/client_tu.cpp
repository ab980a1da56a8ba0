// Compile-cost subject (bench/compile/README.md): what a user's translation unit that calls
// every operation of the API keys client through <arize/api_keys.hpp> costs to compile.
// Compiled, never linked or run.
#include <arize/api_keys.hpp>

#include <cstddef>
#include <string>

std::size_t use_every_operation(arize::Client& client) {
  std::size_t seen = client.api_keys.list({.limit = 10}).api_keys.get().size();
  for (const arize::ApiKey& key : client.api_keys.list_all()) seen += key.name.get().size();
  const auto user = client.api_keys.create({.name = "CI pipeline key"});
  const auto service = client.api_keys.create_service_key(
      {.name = "bot", .space_id = "U3BhY2U6MQ==", .space_role = arize::SpaceRole::member});
  const auto fresh = client.api_keys.refresh(user.id.get());
  client.api_keys.delete_key(service.id.get());
  return seen + fresh.key.reveal().size();
}
