// Seed (Python, API Keys page, "Delete an API Key"):
//
//   client.api_keys.delete(api_key_id="your-api-key-id")
//   print("API key deleted")
//
// Differences: `delete` is a C++ keyword, so the method is delete_key (revoke is an alias);
// the id comes from argv.
//
// Usage: seed-py-delete API_KEY_ID
#include <cstdlib>
#include <exception>
#include <iostream>

#include "arize/api_keys.hpp"

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: seed-py-delete API_KEY_ID\n";
    return 2;
  }
  arize::Client client;

  client.api_keys.delete_key(argv[1]);

  std::cout << "API key deleted\n";
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "seed-py-delete: " << e.what() << '\n';
  return EXIT_FAILURE;
}
