// Seed (TypeScript, API Keys page, "List API Keys"):
//
//   const { data: apiKeys, pagination } = await listApiKeys({
//     keyType: "user",          // "user" or "service" (optional)
//     status: "active",         // "active" or "revoked" (optional)
//     spaceId: "your_space_id", // filter service keys by space (optional)
//     userId: "your_user_id",   // filter by key creator (optional)
//     limit: 10,
//   });
//
// Differences: the TypeScript page's status "revoked" is the wire value "deleted"
// (arize::ApiKeyStatus::deleted); the keys are in .api_keys (TypeScript: data). The space and
// user ids come from argv, and are left out when not given. The snippet prints nothing; this
// program prints what it got.
//
// Usage: seed-ts-list [SPACE_ID [USER_ID]]
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include "arize/api_keys.hpp"

int main(int argc, char** argv) try {
  if (argc > 3) {
    std::cerr << "usage: seed-ts-list [SPACE_ID [USER_ID]]\n";
    return 2;
  }
  const std::optional<std::string> space_id =
      argc > 1 ? std::optional<std::string>(argv[1]) : std::nullopt;
  const std::optional<std::string> user_id =
      argc > 2 ? std::optional<std::string>(argv[2]) : std::nullopt;
  arize::Client client;

  const auto [api_keys, pagination] = client.api_keys.list({
      .key_type = arize::ApiKeyType::user,  // user or service (optional)
      .status =
          arize::ApiKeyStatus::active,  // active or deleted (TypeScript: "revoked") (optional)
      .space_id = space_id,             // filter service keys by space (optional)
      .user_id = user_id,               // filter by key creator (optional)
      .limit = 10,
  });

  for (const arize::ApiKey& key : api_keys.get()) {
    std::cout << key.id << ' ' << key.name << ' ' << key.key_type << ' ' << key.status << '\n';
  }
  std::cout << api_keys.get().size() << " key(s); has_more: " << std::boolalpha
            << pagination.has_more << '\n';
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-ts-list: " << e.what() << '\n';
  return EXIT_FAILURE;
}
