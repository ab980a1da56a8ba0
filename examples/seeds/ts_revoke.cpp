// Seed (TypeScript, API Keys page, "Revoke an API Key"):
//
//   await revokeApiKey({ apiKeyId: "your_api_key_id" });
//
// Differences: the id comes from argv; revoke is the same call as delete_key (Python's delete):
// DELETE /v2/api-keys/{id}; the key's status becomes "deleted" (TypeScript: "revoked").
//
// Usage: seed-ts-revoke API_KEY_ID
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: seed-ts-revoke API_KEY_ID\n";
    return 2;
  }
  arize::Client client;

  client.api_keys.revoke(argv[1]);

  std::cout << "API key revoked\n";
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-ts-revoke: " << e.what() << '\n';
  return EXIT_FAILURE;
}
