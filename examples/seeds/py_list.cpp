// Seed (Python, API Keys page, "List API Keys"):
//
//   resp = client.api_keys.list(key_type="service", status="active", limit=50)
//   for key in resp.api_keys:
//       print(key.id, key.name, key.key_type)
//
// Differences: the client is built from ARIZE_API_KEY / ARIZE_BASE_URL (as the Python client
// reads its environment); the filters are enums, checked at compile time.
//
// Usage: seed-py-list
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main() try {
  arize::Client client;

  const arize::ApiKeyList resp = client.api_keys.list({
      .key_type = arize::ApiKeyType::service,  // optional: user or service
      .status = arize::ApiKeyStatus::active,   // optional: active or deleted
      .limit = 50,
  });

  for (const arize::ApiKey& key : resp.api_keys.get()) {
    std::cout << key.id << ' ' << key.name << ' ' << key.key_type << '\n';
  }
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-py-list: " << e.what() << '\n';
  return EXIT_FAILURE;
}
