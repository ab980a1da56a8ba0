// libFuzzer: the emulator's request handling, in-process (no sockets). An input is
//
//   METHOD\n TARGET\n (Header: value\n)* \n BODY
//
// handed to HttpServer::handle as if cpp-httplib had parsed it, against a fresh store with
// two users whose keys are fixed (seeds use them; fuzz/README.md). The API revision served is
// 2026-06, or 2026-07 when the input has the header "X-Fuzz-Revision: 2026-07" (a header the
// emulator itself ignores). What is checked:
// - no crash, sanitizer finding or escaping exception; never a 500 (internal error);
// - every body is one JSON object; problems carry the response's status;
// - no response contains a bearer token, unless the request carried it as data too;
// - every state the store reaches can be saved and loaded back (as --state does), so no
//   request can leave the service unable to persist.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "http_server.hpp"
#include "persistence.hpp"
#include "store.hpp"

namespace {

using namespace arize::emulator;

constexpr std::string_view kAdminKey = "ak-fuzz-admin-key-0000000000000000000000";
constexpr std::string_view kMemberKey = "ak-fuzz-member-key-000000000000000000000";

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "finding: " << what << '\n';
  std::abort();
}

/// Splits off the text up to the next "\n" (without it); the rest stays in `input`.
std::string_view next_line(std::string_view& input) {
  const auto eol = input.find('\n');
  const std::string_view line = input.substr(0, eol);
  input = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);
  return line;
}

/// The path of cpp-httplib's req.path: the target without its query (left encoded: routing
/// uses req.target anyway).
std::string path_of(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

void check_saved_state_loads(const State& state) {
  try {
    const std::string text = state_to_json(state).dump();
    Random random(2);
    const Store reloaded(state_from_json(parse_json_unique(text)), system_now, random);
  } catch (const std::exception& e) {
    fail(std::string("a state the store reached cannot be saved and loaded: ") + e.what());
  }
}

// A fresh account for every input, with a fixed clock and seed: an input always does the
// same. The server is built once (its cpp-httplib routes compile regular expressions, ~3 ms a
// time under ASan, 20 times the rest of an input); the store and its randomness are re-created
// in the same storage, which the server's references then designate (C++20 [basic.life]/8:
// transparently replaceable objects).
std::optional<Random> g_random;
std::optional<Store> g_store;
std::ostringstream g_log;

void reset_account(ApiRevision revision) {
  const TimePoint now = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
  g_store.reset();
  g_random.emplace(1);
  g_store.emplace(
      Store::fresh_state(*g_random), [now] { return now; }, *g_random, wire_api(revision).rules());
  (void)g_store->ensure_user_key(kAdminUserId, std::string(kAdminKey));
  (void)g_store->ensure_user_key(kMemberUserId, std::string(kMemberKey));
  g_store->set_persist_hook(check_saved_state_loads);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  httplib::Request req;
  req.method = std::string(next_line(input));
  req.target = std::string(next_line(input));
  req.path = path_of(req.target);
  while (!input.empty()) {
    const std::string_view line = next_line(input);
    if (line.empty()) break;
    const auto colon = line.find(':');
    const std::string_view value =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    req.headers.emplace(
        std::string(line.substr(0, colon)),
        std::string(value.substr(std::min(value.find_first_not_of(' '), value.size()))));
  }
  const std::string body(input);

  const ApiRevision revision = req.get_header_value("X-Fuzz-Revision") == "2026-07"
                                   ? ApiRevision::v2026_07
                                   : ApiRevision::v2026_06;
  reset_account(revision);
  static HttpServer june(*g_store, *g_random, ServerOptions{.revision = ApiRevision::v2026_06},
                         g_log);
  static HttpServer july(*g_store, *g_random, ServerOptions{.revision = ApiRevision::v2026_07},
                         g_log);
  g_log.str("");

  httplib::Response res;
  (revision == ApiRevision::v2026_07 ? july : june).handle(req, res, body);

  if (res.status == 500) fail("500 for " + req.method + " " + req.target);
  if (!res.body.empty()) {
    const auto reply = nlohmann::json::parse(res.body, nullptr, false);
    if (!reply.is_object()) fail("a body that is not a JSON object");
    if (res.get_header_value("Content-Type") == "application/problem+json" &&
        reply.value("status", 0) != res.status) {
      fail("a problem whose status is not the response's");
    }
  }
  for (const std::string_view token : {kAdminKey, kMemberKey}) {
    // A token the caller wrote into its own data (a key's name, an id in the path, another
    // header) may come back as that data: only the Authorization header is a secret.
    const auto quoted = [token](std::string_view text) {
      return text.find(token) != std::string_view::npos;
    };
    httplib::Headers others = req.headers;
    others.erase("Authorization");  // httplib::Headers compares names case-insensitively
    bool sent_as_data = quoted(req.target) || quoted(body);
    for (const auto& [name, value] : others) {
      sent_as_data = sent_as_data || quoted(name) || quoted(value);
    }
    if (sent_as_data) continue;
    if (quoted(res.body)) fail("a response quotes a bearer token");
    for (const auto& [name, value] : res.headers) {
      if (quoted(value)) fail("a header quotes a bearer token");
    }
  }
  return 0;
}
