// Seed (TypeScript, API Keys page, "Create a Service Key"):
//
//   const serviceKey = await createApiKey({
//     name: "service-key",
//     keyType: "service",
//     spaceId: "your_space_id",
//     expiresAt: "2026-12-31T00:00:00Z",
//   });
//
// Differences: a service key is api_keys.create_service_key (no keyType argument). The space id
// comes from argv; the expiry is 2030-12-31T00:00:00Z rather than the page's 2026-12-31, only
// weeks away as this is written (the API refuses an expiry in the past), or argv[2]. The snippet
// prints nothing; this program prints the raw key (via .reveal(), with the note) and the new key's
// id.
//
// Usage: seed-ts-create-service-key SPACE_ID [EXPIRES_AT (RFC 3339)]
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main(int argc, char** argv) try {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: seed-ts-create-service-key SPACE_ID [EXPIRES_AT]\n";
    return 2;
  }
  arize::Client client;

  const arize::ApiKeyCreated service_key = client.api_keys.create_service_key({
      .name = "service-key",
      .space_id = argv[1],
      .expires_at = arize::parse_datetime(argc > 2 ? argv[2] : "2030-12-31T00:00:00Z"),
  });

  std::cout << "key: " << service_key.key.reveal()
            << "   // Store serviceKey.key securely — it is only returned once\n";
  std::cout << service_key.id << '\n';
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-ts-create-service-key: " << e.what() << '\n';
  return EXIT_FAILURE;
}
