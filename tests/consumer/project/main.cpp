// Built against the installed package only (find_package(arize-client)): constructs an
// arize::Client on a RecordingTransport, lists keys and checks the request it sent.
#include <arize/api_keys.hpp>
#include <arize/testing/recording_transport.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "FAILED: " << what << '\n';
    ++failures;
  }
}

}  // namespace

int main() {
  arize::testing::RecordingTransport fake;
  fake.respond(200, R"({"api_keys": [{"id": "k1", "name": "ci", "key_type": "service",
      "status": "active", "redacted_key": "ak-ab...yz", "created_at": "2030-01-01T00:00:00Z",
      "created_by_user_id": "u1"}], "pagination": {"has_more": false}})");
  arize::ClientOptions options;
  options.api_key = arize::Secret("consumer-test-key");
  options.alpha_warning = false;
  options.transport = fake;
  arize::Client client(std::move(options));

  const arize::ApiKeyList page = client.api_keys.list(
      {.key_type = arize::ApiKeyType::service, .status = arize::ApiKeyStatus::active, .limit = 50});

  const auto requests = fake.requests();
  check(requests.size() == 1, "one request sent");
  if (!requests.empty()) {
    const arize::HttpRequest& r = requests.front();
    check(r.method == "GET", "method is GET, got " + r.method);
    check(r.path == "/v2/api-keys", "path is /v2/api-keys, got " + r.path);
    const std::string target = r.target();
    check(target.find("key_type=service") != std::string::npos, "key_type in " + target);
    check(target.find("status=active") != std::string::npos, "status in " + target);
    check(target.find("limit=50") != std::string::npos, "limit in " + target);
    check(r.headers.get("Authorization") ==
              std::optional<std::string_view>("Bearer consumer-test-key"),
          "Authorization header");
  }
  check(page.api_keys.get().size() == 1, "one key decoded");
  if (!page.api_keys.get().empty()) check(page.api_keys.get()[0].name == "ci", "key name");

  if (failures != 0) return EXIT_FAILURE;
  std::cout << "consumer: OK (arize " << arize::version << ")\n";
  return EXIT_SUCCESS;
}
