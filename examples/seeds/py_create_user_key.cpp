// Seed (Python, API Keys page, "Create an API Key" / "User Key"):
//
//   result = client.api_keys.create(name="my-user-key", description="Used for CI pipeline")
//   print(result.key)   # store this securely — shown only once
//   print(result.id)
//
// Differences: the raw key is an arize::Secret (it prints redacted); .reveal() gives the value.
//
// Usage: seed-py-create-user-key
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main() try {
  arize::Client client;

  const arize::ApiKeyCreated result = client.api_keys.create({
      .name = "my-user-key",
      .description = "Used for CI pipeline",  // optional
  });

  std::cout << result.key.reveal() << "   # store this securely — shown only once\n";
  std::cout << result.id << '\n';
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-py-create-user-key: " << e.what() << '\n';
  return EXIT_FAILURE;
}
