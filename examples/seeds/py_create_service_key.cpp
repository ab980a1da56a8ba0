// Seed (Python, API Keys page, "Create an API Key" / "Service Key"):
//
//   result = client.api_keys.create_service_key(
//       name="my-service-key",
//       space="your-space-name-or-id",
//       expires_at=datetime(2027, 1, 1, tzinfo=timezone.utc),  # optional
//       space_role="member", org_role="read-only", account_role="member")
//   print(result.key)   # store this securely — shown only once
//   print(result.id)
//
// Differences: the Python SDK's `space` takes a space name or id and resolves names itself;
// the REST API, and so this client, takes a space id (.space_id), here from argv. The expiry is
// 2030-01-01 rather than the page's 2027-01-01, so that the program keeps working after that
// date (the API refuses an expiry in the past), or argv[2].
//
// Usage: seed-py-create-service-key SPACE_ID [EXPIRES_AT (RFC 3339)]
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main(int argc, char** argv) try {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: seed-py-create-service-key SPACE_ID [EXPIRES_AT]\n";
    return 2;
  }
  using namespace std::chrono;
  const arize::DateTime expires_at = argc > 2 ? arize::parse_datetime(argv[2], "EXPIRES_AT")
                                              : arize::DateTime{sys_days{year{2030} / 1 / 1}};
  arize::Client client;

  const arize::ApiKeyCreated result = client.api_keys.create_service_key({
      .name = "my-service-key",
      .space_id = argv[1],
      .expires_at = expires_at,                    // optional
      .space_role = arize::SpaceRole::member,      // optional: admin, member or read_only
      .org_role = arize::OrgRole::read_only,       // optional: admin, member or read_only
      .account_role = arize::AccountRole::member,  // optional: admin or member
  });

  std::cout << result.key.reveal() << "   # store this securely — shown only once\n";
  std::cout << result.id << '\n';
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-py-create-service-key: " << e.what() << '\n';
  return EXIT_FAILURE;
}
