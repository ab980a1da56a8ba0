#include "options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace arize::emulator {
namespace {

/// A value check: a whole decimal integer from `min` to `max` (no sign for unsigned, no hex,
/// nothing after the digits). CLI11 names the flag: "--port: needs an integer from 0 to 65535".
template <typename T>
CLI::Validator integer_from(T min, T max) {
  const std::string error =
      "needs an integer from " + std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [=](const std::string& text) {
        T value{};
        const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool ok = failure == std::errc() && end == text.data() + text.size() &&
                        value >= min && value <= max;
        return ok ? std::string() : error;
      },
      "");
}

/// A value check: a finite number from 0 to 1.
CLI::Validator fraction() {
  return CLI::Validator(
      [](const std::string& text) {
        std::size_t used = 0;
        double value = -1;
        try {
          value = std::stod(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        const bool ok =
            used != 0 && used == text.size() && std::isfinite(value) && value >= 0 && value <= 1;
        return ok ? std::string() : std::string("needs a number from 0 to 1");
      },
      "");
}

/// The flags, declared once: parse_options() parses with them, usage() prints them.
void declare(CLI::App& app, Options& options) {
  ServerOptions& server = options.server;
  app.description(
      "A local stand-in for the Arize API keys REST API (/v2/api-keys). Prints the seeded test\n"
      "credentials, then \"listening on <url>\", and serves until SIGINT or SIGTERM.");
  app.get_formatter()->label("Usage", "usage");
  app.get_formatter()->column_width(22);
  app.set_help_flag("--help,-h", "show this text");
  // A flag given twice: the last one counts (--space collects every one).
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

  app.add_option("--host", server.host, "address to listen on (default 127.0.0.1)")
      ->type_name("HOST");
  app.add_option("--port", server.port, "port; 0 picks a free one (default 0)")
      ->type_name("N")
      ->check(integer_from(0, 65535));
  app.add_option("--tls-cert", server.tls_cert,
                 "serve HTTPS with this PEM certificate (needs --tls-key)")
      ->type_name("FILE");
  app.add_option("--tls-key", server.tls_key, "PEM private key of --tls-cert")->type_name("FILE");
  app.add_option("--admin-key", options.admin_key,
                 "the account admin's API key (default: a random one)")
      ->type_name("KEY");
  app.add_option("--member-key", options.member_key,
                 "the member user's API key (default: a random one)")
      ->type_name("KEY");
  app.add_option("--space", options.spaces,
                 "add a space (the admin administers it; the member has no access);\n"
                 "repeatable")
      ->type_name("ID")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--state", options.state_file,
                 "keep the state in FILE across restarts (a missing file starts fresh; an\n"
                 "unreadable or corrupt one is an error; FILE.lock keeps a second emulator\n"
                 "from using FILE at the same time)")
      ->type_name("FILE");
  app.add_option("--fail-rate", server.fail_rate,
                 "answer a fraction P (0..1) of requests with 503 and Retry-After: 0")
      ->type_name("P")
      ->check(fraction());
  app.add_option("--latency-ms", server.latency_ms, "delay every request by N milliseconds")
      ->type_name("N")
      ->check(integer_from(0, 600000));
  app.add_option("--rate-limit", server.rate_limit,
                 "allow N requests per second per API key; beyond, 429 + Retry-After")
      ->type_name("N")
      ->check(integer_from(0, 1000000));
  app.add_option("--seed", options.seed,
                 "deterministic randomness (keys, cursors' secret, --fail-rate)")
      ->type_name("N")
      ->check(integer_from<std::uint64_t>(0, UINT64_MAX));
  app.add_option_function<std::string>(
         "--api-revision",
         [&server](const std::string& text) { server.revision = *revision_from_string(text); },
         "the API revision to speak: 2026-06 or 2026-07 (default: the current, 2026-07)")
      ->type_name("REV")
      ->check(CLI::IsMember({"2026-06", "2026-07"}));
  app.add_flag("--verbose", server.verbose,
               "log one line per request to stderr (method, path, status, time)");
}

}  // namespace

std::string usage() {
  Options ignored;
  CLI::App app{"", "arize-emulator"};
  declare(app, ignored);
  return app.help();
}

Options parse_options(const std::vector<std::string>& args) {
  Options options;
  options.server.revision = kCurrentRevision;  // in-process the default is 2026-06
  CLI::App app{"", "arize-emulator"};
  declare(app, options);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them reversed
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    options.help = true;
    return options;
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  const ServerOptions& server = options.server;
  if (server.tls_cert.has_value() != server.tls_key.has_value()) {
    throw UsageError("--tls-cert and --tls-key go together");
  }
  if (options.admin_key && options.member_key && *options.admin_key == *options.member_key) {
    throw UsageError("--admin-key and --member-key must differ");
  }
  return options;
}

}  // namespace arize::emulator
