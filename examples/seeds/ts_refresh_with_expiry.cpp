// Seed (TypeScript, API Keys page, "Refresh an API Key" / "With a New Expiration Date"):
//
//   const refreshed = await refreshApiKey({
//     apiKeyId: "your_api_key_id",
//     expiresAt: "2027-12-31T00:00:00Z",
//     gracePeriodSeconds: 3600,  // optional: old key remains valid for 1 hour
//   });
//
// Differences: the id comes from argv; the expiry is 2030-12-31T00:00:00Z (rather than the
// page's 2027-12-31, so that the program keeps working after that date), or argv[2]. The snippet
// prints nothing; this program prints the new raw key (via .reveal(), with the note) and the
// replacement key's id.
//
// Usage: seed-ts-refresh-with-expiry API_KEY_ID [EXPIRES_AT (RFC 3339)]
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main(int argc, char** argv) try {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: seed-ts-refresh-with-expiry API_KEY_ID [EXPIRES_AT]\n";
    return 2;
  }
  arize::Client client;

  const arize::ApiKeyCreated refreshed = client.api_keys.refresh(
      argv[1], {
                   .expires_at = arize::parse_datetime(argc > 2 ? argv[2] : "2030-12-31T00:00:00Z"),
                   .grace_period_seconds = 3600,  // optional: old key remains valid for 1 hour
               });

  std::cout << "key: " << refreshed.key.reveal()
            << "   // Store refreshed.key securely — it is only returned once\n";
  std::cout << refreshed.id << '\n';
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-ts-refresh-with-expiry: " << e.what() << '\n';
  return EXIT_FAILURE;
}
