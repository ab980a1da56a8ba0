// The README's first program ("Your first ten minutes"): rotate a key, the way a service that
// holds one would. Create a key that expires, replace it with a new one while the old one
// keeps working for five minutes, list the keys, and revoke the new one at the end.
//
//   ARIZE_BASE_URL=http://127.0.0.1:8787 ARIZE_API_KEY=... build/bin/first-program
//
// The raw keys are never printed: a real program would put them in its secret store.
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main() try {
  arize::Client client;  // ARIZE_API_KEY, ARIZE_BASE_URL, ARIZE_API_REVISION from the environment
  const arize::DateTime expiry = arize::parse_datetime("2030-01-01T00:00:00Z");

  const arize::ApiKeyCreated old_key =
      client.api_keys.create({.name = "ci-deploy", .expires_at = expiry});
  std::cout << "created   " << old_key.id << " (" << old_key.redacted_key << "), expires "
            << arize::format_datetime(*old_key.expires_at) << '\n';

  // A key that expires needs expires_at on refresh in 2026-07, no later than its own.
  const arize::ApiKeyCreated new_key =
      client.api_keys.refresh(old_key.id, {.expires_at = expiry, .grace_period_seconds = 300});
  std::cout << "refreshed " << old_key.id << " -> " << new_key.id << " (" << new_key.redacted_key
            << "); the old key works for 300 s more\n";

  for (const arize::ApiKey& key :
       client.api_keys.list_all({.status = arize::ApiKeyStatus::active})) {
    std::cout << "active    " << key.id << ' ' << key.name << '\n';
  }

  client.api_keys.revoke(new_key.id);
  std::cout << "revoked   " << new_key.id << '\n';
  return EXIT_SUCCESS;
} catch (const arize::Error& e) {  // every error of the client: ConfigError, ApiError, ...
  std::cerr << "first-program: " << e.what() << '\n';
  return EXIT_FAILURE;
} catch (const std::exception& e) {
  std::cerr << "first-program: " << e.what() << '\n';
  return EXIT_FAILURE;
}
