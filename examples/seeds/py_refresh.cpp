// Seed (Python, API Keys page, "Refresh an API Key"):
//
//   result = client.api_keys.refresh(
//       api_key_id="your-api-key-id",
//       expires_at=datetime(2027, 1, 1, tzinfo=timezone.utc),  # optional
//       grace_period_seconds=300)                               # optional
//   print(result.key)   # store this securely — shown only once
//
// Differences: the id comes from argv; the expiry is 2030-01-01 rather than the page's
// 2027-01-01, so that the program keeps working after that date, or argv[2]. Also prints the
// replacement key's id (not in the snippet) so that a script can use the new key.
//
// Usage: seed-py-refresh API_KEY_ID [EXPIRES_AT (RFC 3339)]
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main(int argc, char** argv) try {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: seed-py-refresh API_KEY_ID [EXPIRES_AT]\n";
    return 2;
  }
  using namespace std::chrono;
  const arize::DateTime expires_at = argc > 2 ? arize::parse_datetime(argv[2], "EXPIRES_AT")
                                              : arize::DateTime{sys_days{year{2030} / 1 / 1}};
  arize::Client client;

  const arize::ApiKeyCreated result = client.api_keys.refresh(
      argv[1], {
                   .expires_at = expires_at,     // optional
                   .grace_period_seconds = 300,  // optional: keep old key valid for 5 minutes
               });

  std::cout << result.key.reveal() << "   # store this securely — shown only once\n";
  std::cout << result.id << '\n';
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-py-refresh: " << e.what() << '\n';
  return EXIT_FAILURE;
}
