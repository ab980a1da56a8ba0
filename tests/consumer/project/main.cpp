// A user's program, built by each way of consuming the library (tests/consumer/run_way.py):
// creates a user key on the server at ARIZE_BASE_URL (the emulator, in the tests), finds it by
// listing every key, then deletes it. Exit 0 only when all of that worked.
#include <arize/api_keys.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

int main() {
  try {
    arize::ClientOptions options;
    options.alpha_warning = false;
    arize::Client client(std::move(options));  // ARIZE_API_KEY, ARIZE_BASE_URL

    const auto created = client.api_keys.create({.name = "consumer-key"});
    if (created.key.reveal().empty()) {
      std::cerr << "consumer: the created key came back empty\n";
      return EXIT_FAILURE;
    }
    const std::string id = created.id.get();
    int seen = 0;
    int found = 0;
    for (const arize::ApiKey& key : client.api_keys.list_all({.limit = 2})) {
      ++seen;
      if (key.id.get() == id) ++found;
    }
    if (found != 1) {
      std::cerr << "consumer: key " << id << " listed " << found << " times among " << seen << '\n';
      return EXIT_FAILURE;
    }
    client.api_keys.delete_key(id);
    std::cout << "consumer: OK (arize " << arize::version << ", " << seen << " keys listed)\n";
    return EXIT_SUCCESS;
  } catch (const arize::Error& e) {
    std::cerr << "consumer: " << e.what() << '\n';
    return EXIT_FAILURE;
  }
}
