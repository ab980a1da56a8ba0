#include "options.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>

namespace arize::emulator {
namespace {

template <typename T>
T parse_integer(const std::string& flag, const std::string& text, T min, T max) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw UsageError(flag + " needs an integer from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
  return value;
}

double parse_fraction(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(value) || value < 0 || value > 1) {
    throw UsageError(flag + " needs a number from 0 to 1");
  }
  return value;
}

}  // namespace

std::string usage() {
  return R"(usage: arize-emulator [flags]

A local stand-in for the Arize API keys REST API (/v2/api-keys). Prints the seeded test
credentials, then "listening on <url>", and serves until SIGINT or SIGTERM.

  --host HOST          address to listen on (default 127.0.0.1)
  --port N             port; 0 picks a free one (default 0)
  --tls-cert FILE      serve HTTPS with this PEM certificate (needs --tls-key)
  --tls-key FILE       PEM private key of --tls-cert
  --admin-key KEY      the account admin's API key (default: a random one)
  --member-key KEY     the member user's API key (default: a random one)
  --space ID           add a space (the admin administers it; the member has no access);
                       repeatable
  --state FILE         keep the state in FILE across restarts (rewritten atomically after
                       every change; a missing file starts fresh; an unreadable or corrupt
                       one is an error)
  --fail-rate P        answer a fraction P (0..1) of requests with 503 and Retry-After: 0
  --latency-ms N       delay every request by N milliseconds
  --rate-limit N       allow N requests per second per API key; beyond, 429 + Retry-After
  --seed N             deterministic randomness (keys, cursors' secret, --fail-rate)
  --verbose            log one line per request to stderr (method, path, status, time)
  --help               show this text
)";
}

Options parse_options(const std::vector<std::string>& args) {
  Options options;
  ServerOptions& server = options.server;
  using Setter = std::function<void(const std::string& flag, const std::string& value)>;
  const std::map<std::string, Setter> with_value = {
      {"--host", [&](auto&, auto& v) { server.host = v; }},
      {"--port", [&](auto& f, auto& v) { server.port = parse_integer(f, v, 0, 65535); }},
      {"--tls-cert", [&](auto&, auto& v) { server.tls_cert = v; }},
      {"--tls-key", [&](auto&, auto& v) { server.tls_key = v; }},
      {"--admin-key", [&](auto&, auto& v) { options.admin_key = v; }},
      {"--member-key", [&](auto&, auto& v) { options.member_key = v; }},
      {"--space", [&](auto&, auto& v) { options.spaces.push_back(v); }},
      {"--state", [&](auto&, auto& v) { options.state_file = v; }},
      {"--fail-rate", [&](auto& f, auto& v) { server.fail_rate = parse_fraction(f, v); }},
      {"--latency-ms",
       [&](auto& f, auto& v) { server.latency_ms = parse_integer(f, v, 0, 600000); }},
      {"--rate-limit",
       [&](auto& f, auto& v) { server.rate_limit = parse_integer(f, v, 0, 1000000); }},
      {"--seed",
       [&](auto& f, auto& v) { options.seed = parse_integer<std::uint64_t>(f, v, 0, UINT64_MAX); }},
  };

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      continue;
    }
    if (arg == "--verbose") {
      server.verbose = true;
      continue;
    }
    const auto eq = arg.find('=');
    const std::string flag = arg.substr(0, eq);
    const auto setter = with_value.find(flag);
    if (setter == with_value.end()) throw UsageError("unknown flag " + flag);
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw UsageError(flag + " needs a value");
    }
    setter->second(flag, value);
  }
  if (server.tls_cert.has_value() != server.tls_key.has_value()) {
    throw UsageError("--tls-cert and --tls-key go together");
  }
  if (options.admin_key && options.member_key && *options.admin_key == *options.member_key) {
    throw UsageError("--admin-key and --member-key must differ");
  }
  return options;
}

}  // namespace arize::emulator
