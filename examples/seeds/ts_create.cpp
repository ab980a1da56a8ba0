// Seed (TypeScript, API Keys page, "Create an API Key"):
//
//   const apiKey = await createApiKey({
//     name: "CI pipeline key",
//     description: "Key for CI/CD pipeline",
//     keyType: "user",
//   });
//   // Store apiKey.key securely — it is only returned once
//
// Differences: a user key is api_keys.create (service keys: create_service_key), so there is
// no keyType argument. The snippet prints nothing; this program prints the raw key (via
// .reveal(), with the note) and the new key's id.
//
// Usage: seed-ts-create
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main() try {
  arize::Client client;

  const arize::ApiKeyCreated api_key = client.api_keys.create({
      .name = "CI pipeline key",
      .description = "Key for CI/CD pipeline",
  });
  // Store api_key.key securely — it is only returned once
  std::cout << "key: " << api_key.key.reveal()
            << "   // Store apiKey.key securely — it is only returned once\n";
  std::cout << api_key.id << '\n';
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-ts-create: " << e.what() << '\n';
  return EXIT_FAILURE;
}
