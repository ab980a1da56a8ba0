// Seed (TypeScript, API Keys page, "Refresh an API Key"):
//
//   const refreshed = await refreshApiKey({ apiKeyId: "your_api_key_id" });
//   // Store refreshed.key securely — it is only returned once
//
// Differences: the id comes from argv. The snippet prints nothing; this program prints the new
// raw key (via .reveal(), with the note) and the replacement key's id.
//
// Usage: seed-ts-refresh API_KEY_ID
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: seed-ts-refresh API_KEY_ID\n";
    return 2;
  }
  arize::Client client;

  const arize::ApiKeyCreated refreshed = client.api_keys.refresh(argv[1]);
  // Store refreshed.key securely — it is only returned once
  std::cout << "key: " << refreshed.key.reveal()
            << "   // Store refreshed.key securely — it is only returned once\n";
  std::cout << refreshed.id << '\n';
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-ts-refresh: " << e.what() << '\n';
  return EXIT_FAILURE;
}
