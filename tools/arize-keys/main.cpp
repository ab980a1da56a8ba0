// arize-keys: manage Arize API keys from the command line.
//
//   arize-keys list [--key-type user|service] [--status active|deleted] [--space-id ID]
//                   [--user-id ID] [--limit N] [--cursor C] [--all] [--output table|json]
//   arize-keys create --name NAME [--description TEXT] [--expires-at RFC3339]
//   arize-keys create-service --name NAME (--space-id ID | --space ID_OR_NAME[:ROLE]...)
//                   [--org ID_OR_NAME] [--description TEXT] [--expires-at RFC3339]
//                   [--space-role R] [--org-role R] [--account-role R]
//   arize-keys delete ID          (or: arize-keys revoke ID)
//   arize-keys refresh ID [--expires-at RFC3339] [--grace-period SECONDS]
//
// Credentials come from --api-key or ARIZE_API_KEY (an empty one is refused), the server from
// --base-url or ARIZE_BASE_URL (default https://api.arize.com), the API revision from
// --api-revision, else ARIZE_API_REVISION, else the current one (the library's default). Time
// limits: --max-time (the whole call, retries included), --connect-timeout, --timeout (each read or
// write); durations are seconds, finite, above 0 and at most one day. Exit codes: see ExitCode
// below (and the README's table).
//
// Text from the server (names, ids, cursors, problem details, request ids, error messages
// quoting a response) goes through show() on its way to the terminal: control characters are
// escaped so that a hostile server cannot forge output, and the token and raw keys the process
// holds are "[REDACTED]"; the raw key of create and refresh is escaped (never redacted). create
// and refresh print the raw key first, then flush, so that nothing that fails afterwards can
// lose it; if standard output cannot be written, the exit code is output_error and stderr names
// the key's id (never the key) so that it can be revoked.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "arize/api_keys.hpp"

namespace {

enum ExitCode : int {
  ok = 0,
  internal_error = 1,    ///< a bug: an exception the tool did not expect
  usage_error = 2,       ///< bad flags or values, missing API key, a request the spec refuses
  api_error = 3,         ///< the server answered with an error status (problem printed)
  network_error = 4,     ///< no response: connection, TLS, timeout
  invalid_response = 5,  ///< the server's response does not match the API description
  output_error = 6,      ///< standard output could not be written (a created key: id on stderr)
};

/// Standard output could not be written; what() is the whole message for stderr (server text
/// in it already shown through show()).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The largest duration a time flag accepts, in seconds (one day).
constexpr double max_duration_seconds = 86400;

struct Globals {
  std::string api_key;
  std::string base_url;
  std::string ca_file;
  std::string proxy;
  bool proxy_from_env = false;
  double timeout_seconds = 60;             // --timeout: each read or write
  std::optional<double> max_time_seconds;  // --max-time: the whole call, retries included
  std::optional<double> connect_seconds;   // --connect-timeout
  std::string output = "table";
  std::string api_revision;  // --api-revision (empty: the library's default)
};

template <class E>
std::vector<std::string> wire_names() {
  std::vector<std::string> names;
  for (const auto& [value, wire] : arize::EnumTraits<E>::values) names.emplace_back(wire);
  return names;
}

/// E's values for help text: "a, b or c".
template <class E>
std::string value_list() {
  const auto names = wire_names<E>();
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// Adds an optional enum flag restricted to E's values (any case; stored as E's spelling); CLI11's
// help lists the values.
template <class E>
CLI::Option* add_enum_option(CLI::App* app, const std::string& name, std::string& target,
                             const std::string& help) {
  return app->add_option(name, target, help)
      ->transform(CLI::IsMember(wire_names<E>(), CLI::ignore_case));
}

/// " (ALPHA)" or " (BETA)": the stage the API description marks an operation with in the
/// current revision (`stage07`) and in 2026-06 (`stage06`), when it has one.
std::string stage_note(std::string_view stage06, std::string_view stage07) {
  if (stage06.empty() && stage07.empty()) return {};
  if (stage06 == stage07) return " (" + arize::stage_label(stage07) + ")";
  std::string note = " (";
  if (!stage07.empty()) note += arize::stage_label(stage07) + " in 2026-07";
  if (!stage06.empty())
    note += std::string(stage07.empty() ? "" : ", ") + arize::stage_label(stage06) + " in 2026-06";
  return note + ")";
}

template <class E>
std::optional<E> enum_flag(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return arize::enum_from_wire<E>(value);
}

std::optional<std::string> text_flag(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<arize::DateTime> time_flag(const std::string& value, const char* flag) {
  if (value.empty()) return std::nullopt;
  return arize::parse_datetime(value, flag);
}

std::string show_time(const std::optional<arize::DateTime>& t) {
  return t ? arize::format_datetime(*t) : std::string("never");
}

// ---- server text on a terminal --------------------------------------------------------------

/// Code points shown escaped although valid UTF-8: C1 controls (U+0080..U+009F, U+009B is an
/// 8-bit CSI), the Arabic letter mark, LRM/RLM, the line and paragraph separators, and the bidi
/// embeddings, overrides and isolates (they reorder what the terminal displays).
bool is_invisible_control(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/// Server text made safe for a terminal: backslash, C0 controls, DEL, C1 controls, bidi and
/// line-separator code points and bytes that are not valid UTF-8 are escaped (\\, \n, \r, \t,
/// \xHH for a byte, \uHHHH for a code point); valid printable UTF-8 is kept. Nothing is redacted:
/// show() is for everything but the one raw key the user asked for.
std::string escape_for_terminal(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20 || c == 0x7F) {
        out += {'\\', 'x', hex[c >> 4], hex[c & 15]};
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = arize::utf8_sequence(std::string_view(text).substr(i), cp);
    if (len == 0) {
      out += {'\\', 'x', hex[c >> 4], hex[c & 15]};
      ++i;
    } else if (is_invisible_control(cp)) {
      out +=
          {'\\', 'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15]};
      i += len;
    } else {
      out.append(text, i, len);
      i += len;
    }
  }
  return out;
}

/// Text from the server, made safe to print: the token and raw keys the process holds become
/// "[REDACTED]" (arize::redact_secrets), then escape_for_terminal(). Every piece of server text
/// the CLI prints in human output goes through this function, except the raw key of create
/// and refresh (escape_for_terminal() alone).
std::string show(std::string_view server_text) {
  return escape_for_terminal(arize::redact_secrets(std::string(server_text)));
}

/// Columns `shown` (a show() result: valid UTF-8) takes, counted in code points.
std::size_t columns(std::string_view shown) {
  return static_cast<std::size_t>(std::count_if(shown.begin(), shown.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

/// JSON output: every string with the process's secrets "[REDACTED]"; non-ASCII written as
/// \u escapes, so the document holds no byte a terminal could act on (the JSON encoder
/// escapes control characters).
std::string json_text(arize::Json document) {
  arize::redact_json_secrets(document);
  return document.dump(2, ' ', /*ensure_ascii=*/true, arize::Json::error_handler_t::replace);
}

// ---- output ---------------------------------------------------------------------------------

void print_table(const std::vector<arize::ApiKey>& keys) {
  const std::vector<std::string> header{"ID",  "NAME",    "TYPE",   "STATUS",
                                        "KEY", "CREATED", "EXPIRES"};
  std::vector<std::vector<std::string>> rows{header};
  for (const auto& k : keys) {
    rows.push_back({show(k.id), show(k.name), show(k.key_type.wire()), show(k.status.wire()),
                    show(k.redacted_key), arize::format_datetime(k.created_at),
                    show_time(k.expires_at)});
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], columns(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - columns(row[i]) + 2, ' ');
    }
    std::cout << line << '\n';
  }
}

/// Flushes standard output; false when something written to it did not reach it (a full disk,
/// a closed pipe, /dev/full).
bool flushed() {
  std::cout.flush();
  return static_cast<bool>(std::cout);
}

/// What stderr says when a created key could not be written out: the key is lost, so it names
/// the key's id (never the key) for revoking it.
std::string lost_key_message(const std::optional<std::string>& id) {
  std::string message =
      "error: a key was created but standard output could not be written, so the key is lost";
  if (id) return message + "; revoke it: arize-keys delete " + show(*id);
  return message + "; its id is unknown: find it with arize-keys list and revoke it";
}

/// A key the server created, printed alone and flushed: when the rest of its answer cannot be
/// shown (it does not decode, or printing it failed). JSON output stays one JSON document.
/// Returns flushed().
[[nodiscard]] bool print_salvaged(const std::optional<std::string>& raw,
                                  const std::optional<std::string>& id, const std::string& output) {
  if (output == "json") {
    arize::Json j = arize::Json::object();
    if (raw) j["key"] = *raw;
    if (id) j["id"] = *id;
    std::cout << j.dump(2, ' ', /*ensure_ascii=*/true, arize::Json::error_handler_t::replace)
              << '\n';
  } else {
    if (raw) std::cout << "key:          " << escape_for_terminal(*raw) << '\n';
    if (id) std::cout << "id:           " << show(*id) << '\n';
  }
  return flushed();
}

/// Prints a created key (the raw key first); OutputError naming its id when standard output
/// cannot be written.
void print_created(const arize::ApiKeyCreated& k, const std::string& output) {
  const std::string& raw = k.key.reveal();
  if (output == "json") {
    // Explicit output: includes the raw key. If building the document fails, the key is
    // printed alone before the error.
    std::string document;
    try {
      arize::Json j = arize::encode(k);
      arize::redact_json_secrets(j);  // the raw key itself is one of the process's secrets
      j["key"] = raw;
      document = j.dump(2, ' ', /*ensure_ascii=*/true, arize::Json::error_handler_t::replace);
    } catch (...) {
      if (!print_salvaged(raw, std::nullopt, output)) throw OutputError(lost_key_message(k.id));
      throw;
    }
    std::cout << document << '\n';
  } else {
    std::cout << "key:          " << escape_for_terminal(raw) << '\n'
              << std::flush;  // first: never lost
    std::cout << "id:           " << show(k.id) << '\n'
              << "name:         " << show(k.name) << '\n'
              << "type:         " << show(k.key_type.wire()) << '\n'
              << "status:       " << show(k.status.wire()) << '\n'
              << "created at:   " << arize::format_datetime(k.created_at) << '\n'
              << "expires at:   " << show_time(k.expires_at) << '\n'
              << "redacted key: " << show(k.redacted_key) << '\n';
  }
  // The note follows the key, also when stdout is a pipe; it is never given for a lost key.
  if (!flushed()) throw OutputError(lost_key_message(k.id));
  std::cerr
      << "Store this key securely now: it is shown only once and cannot be retrieved again.\n";
}

// ---- errors ---------------------------------------------------------------------------------

/// Prints what went wrong on stderr (a created key that survives it on stdout, in `output`'s
/// format) and returns the exit code.
int report(const std::exception_ptr& error, const std::string& output) {
  try {
    std::rethrow_exception(error);
  } catch (const OutputError& e) {
    std::cerr << e.what() << '\n';
    return output_error;
  } catch (const arize::ApiError& e) {
    std::cerr << "error: HTTP " << e.status();
    if (e.problem().title) std::cerr << ' ' << show(*e.problem().title);
    std::cerr << " (" << e.method() << ' ' << show(e.path()) << ")\n";
    if (e.problem().detail) std::cerr << "detail: " << show(*e.problem().detail) << '\n';
    if (const auto* limited = dynamic_cast<const arize::RateLimitError*>(&e)) {
      // Whole seconds, rounded up: waiting the number shown is always enough.
      if (const auto wait = limited->retry_after()) {
        std::cerr << "retry after " << std::chrono::ceil<std::chrono::seconds>(*wait).count()
                  << " s\n";
      }
    }
    if (auto id = e.request_id()) std::cerr << "request id: " << show(*id) << '\n';
    return api_error;
  } catch (const arize::TransportError& e) {
    std::cerr << "error: " << show(e.what()) << '\n';
    return network_error;
  } catch (const arize::UndecodedKeyError& e) {
    // The server made a key but its answer does not decode: the key first, never lost.
    const bool written = !(e.key() || e.key_id()) ||
                         print_salvaged(e.key() ? std::optional(e.key()->reveal()) : std::nullopt,
                                        e.key_id(), output);
    std::cerr << "error: " << show(e.what()) << '\n';
    if (!written && e.key()) {
      std::cerr << lost_key_message(e.key_id()) << '\n';
      return output_error;
    }
    if (e.key()) {
      std::cerr << "Store this key securely now: it is shown only once and cannot be retrieved "
                   "again.\n";
    }
    return invalid_response;
  } catch (const arize::DecodeError& e) {
    std::cerr << "error: " << show(e.what()) << '\n';
    return invalid_response;
  } catch (const arize::ConfigError& e) {
    std::cerr << "error: " << show(e.what()) << '\n';
    return usage_error;
  } catch (const arize::ValidationError& e) {
    std::cerr << "error: " << show(e.what()) << '\n';
    return usage_error;
  } catch (const arize::NameResolutionError& e) {
    // A space or organization the caller cannot see, or an ambiguous name: the server's
    // answer to the lookup, not a bug.
    std::cerr << "error: " << show(e.what()) << '\n';
    return api_error;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << show(e.what()) << '\n';
    return internal_error;
  }
}

// ---- the command line: declarations --------------------------------------------------------

/// The values of every subcommand's flags and arguments (empty when not given).
struct Flags {
  std::string key_type, status, space_id, user_id, cursor;  // list (space_id: create-service)
  std::optional<std::int32_t> limit;
  bool all = false;
  std::string name, description, expires_at;       // create, create-service (refresh: expires_at)
  std::string space_role, org_role, account_role;  // create-service
  std::vector<std::string> spaces;                 // create-service --space ID_OR_NAME[:ROLE]
  std::string org;                                 // create-service --org ID_OR_NAME
  std::string id;                                  // delete, refresh
  std::optional<std::int32_t> grace;               // refresh
};

/// The subcommands; the one on the command line is parsed() after parsing.
struct Commands {
  CLI::App* list = nullptr;
  CLI::App* create = nullptr;
  CLI::App* create_service = nullptr;
  CLI::App* del = nullptr;
  CLI::App* revoke = nullptr;  // delete under its other name (a subcommand of its own, so that
                               // `revoke --help` shows "revoke": an alias would show "delete")
  CLI::App* refresh = nullptr;
};

/// --output/-o, taken by the program and by each subcommand that prints keys.
void add_output_flag(CLI::App* app, Globals& g) {
  app->add_option("--output,-o", g.output, "Output format")
      ->check(CLI::IsMember({"table", "json"}));
}

/// The fields a new key is described by, shared by create and create-service.
void add_key_flags(CLI::App* app, Flags& f) {
  app->add_option("--name", f.name, "Name (up to 256 characters)")->required();
  app->add_option("--description", f.description, "Description (up to 1000 characters)");
  app->add_option("--expires-at", f.expires_at, "Expiry, RFC 3339 (default: never)");
}

/// The check of every duration flag: seconds, finite, above 0 and at most max_duration_seconds
/// (CLI11's PositiveNumber lets "nan", "inf" and 1e300 through, and their conversion to
/// milliseconds would be undefined).
const CLI::Validator seconds_check(
    [](std::string& text) -> std::string {
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value) ||
          value <= 0 || value > max_duration_seconds) {
        return "must be a number of seconds above 0 and at most 86400 (one day), not " + text;
      }
      return {};
    },
    "SECONDS");

/// A duration checked by seconds_check, in milliseconds: rounded up, saturated to
/// [1 ms, max_duration_seconds], so the conversion never overflows and never yields 0.
std::chrono::milliseconds to_millis(double seconds) {
  if (!(seconds >= 0.001)) seconds = 0.001;  // NaN too
  seconds = std::min(seconds, max_duration_seconds);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
}

void declare_globals(CLI::App& app, Globals& g) {
  app.require_subcommand(1);
  app.footer(
      "Durations are seconds, above 0 and at most 86400 (one day).\n"
      "Exit codes: 0 ok; 1 internal error; 2 usage (flags, values, API key, a request the API "
      "refuses before sending); 3 API error (the server answered with an error status); 4 network "
      "error (no response: connection, TLS, a time limit); 5 invalid response; 6 standard output "
      "could not be written (for a created key, its id is named on stderr: revoke it).");
  app.add_option("--api-key", g.api_key, "API key (default: $ARIZE_API_KEY)");
  app.add_option("--base-url", g.base_url,
                 "Server (default: $ARIZE_BASE_URL or https://api.arize.com)");
  app.add_option("--ca-file", g.ca_file, "CA certificates (PEM) to verify the server with");
  app.add_option("--proxy", g.proxy, "HTTP proxy, http://[user:password@]host:port");
  app.add_flag("--proxy-from-env", g.proxy_from_env,
               "Use https_proxy / http_proxy / all_proxy and no_proxy from the environment");
  app.add_option("--max-time", g.max_time_seconds,
                 "Time limit of the whole call, retries included, seconds (default 60; with list "
                 "--all: of each page)")
      ->check(seconds_check);
  app.add_option("--connect-timeout", g.connect_seconds,
                 "Time limit of connecting (TCP, proxy, TLS), seconds (default 10)")
      ->check(seconds_check);
  app.add_option("--timeout", g.timeout_seconds,
                 "Time limit of each network read or write (not the whole call), seconds "
                 "(default 60)")
      ->check(seconds_check);
  app.add_option(
         "--api-revision", g.api_revision,
         "API revision (wins over $ARIZE_API_REVISION; default: $ARIZE_API_REVISION, else " +
             std::string(arize::to_wire(arize::current_api_revision)) + ")")
      ->check(CLI::IsMember(wire_names<arize::ApiRevision>()));
  add_output_flag(&app, g);
}

Commands declare_commands(CLI::App& app, Globals& g, Flags& f) {
  Commands c;
  using Api06 = arize::ApiKeysClient::Transport06;
  using Api07 = arize::ApiKeysClient::Transport07;
  c.list = app.add_subcommand(
      "list", "List API keys (one page, or --all pages)" +
                  stage_note(Api06::stage_list_api_keys, Api07::stage_list_api_keys));
  add_enum_option<arize::ApiKeyType>(c.list, "--key-type", f.key_type, "Key type, any case");
  add_enum_option<arize::ApiKeyStatus>(
      c.list, "--status", f.status,
      "Key status, any case (revoked and deleted are one; default active)");
  c.list->add_option("--space-id", f.space_id, "List the service keys of this space");
  c.list->add_option("--user-id", f.user_id, "Only keys created by this user");
  c.list->add_option("--limit", f.limit, "Page size, 1..100 (server default 50)");
  c.list->add_option("--cursor", f.cursor, "Resume from pagination.next_cursor");
  c.list->add_flag("--all", f.all, "Follow next_cursor through every page");
  add_output_flag(c.list, g);

  c.create = app.add_subcommand(
      "create",
      "Create a user key" + stage_note(Api06::stage_create_api_key, Api07::stage_create_api_key));
  add_key_flags(c.create, f);
  add_output_flag(c.create, g);

  c.create_service = app.add_subcommand(
      "create-service", "Create a service key for one or more spaces" +
                            stage_note(Api06::stage_create_api_key, Api07::stage_create_api_key));
  add_key_flags(c.create_service, f);
  auto* space_id = c.create_service->add_option(
      "--space-id", f.space_id, "The key's space, an id or a name (the seeds' form of --space)");
  auto* spaces = c.create_service->add_option(
      "--space", f.spaces,
      "A space of the key, ID_OR_NAME[:ROLE] (repeatable; more than one needs 2026-07). ROLE: " +
          value_list<arize::SpaceRole>() +
          " (default: --space-role, else the server's), or custom:ID for a CUSTOM space role "
          "(2026-07)");
  space_id->excludes(spaces);
  c.create_service->add_option(
      "--org", f.org,
      "The organization of every --space, an id or a name (2026-07; default: looked up)");
  add_enum_option<arize::SpaceRole>(c.create_service, "--space-role", f.space_role,
                                    "Role in the spaces (default: the server's)");
  add_enum_option<arize::OrgRole>(c.create_service, "--org-role", f.org_role,
                                  "Role in the organization (default: the server's)");
  add_enum_option<arize::AccountRole>(c.create_service, "--account-role", f.account_role,
                                      "Account role (default: the server's)");
  add_output_flag(c.create_service, g);

  const std::string del_stage =
      stage_note(Api06::stage_delete_api_key, Api07::stage_revoke_api_key);
  c.del = app.add_subcommand("delete",
                             "Delete (revoke) a key, immediately and permanently" + del_stage);
  c.del->add_option("id", f.id, "The key's id")->required();
  c.revoke = app.add_subcommand("revoke", "The same as delete" + del_stage);
  c.revoke->add_option("id", f.id, "The key's id")->required();

  c.refresh = app.add_subcommand(
      "refresh", "Replace a key with a new one (same metadata)" +
                     stage_note(Api06::stage_refresh_api_key, Api07::stage_refresh_api_key));
  c.refresh->add_option("id", f.id, "The key's id")->required();
  c.refresh->add_option("--expires-at", f.expires_at,
                        "Expiry of the new key, RFC 3339. Without it: in 2026-06 the new key "
                        "never expires; in 2026-07 it is refused (422) when the old key has an "
                        "expiry, which it may not exceed");
  c.refresh->add_option("--grace-period", f.grace,
                        "Seconds the old key keeps working (0..86400); default 0: revoked at "
                        "once. The API has no call that ends a grace period early");
  add_output_flag(c.refresh, g);
  return c;
}

// ---- the command line: execution ------------------------------------------------------------

/// An explicitly empty API key (a vault lookup that returned nothing) is refused rather than
/// replaced by another identity: --api-key "" or ARIZE_API_KEY set to "".
std::optional<std::string> api_key_problem(const CLI::App& app, const Globals& g) {
  if (app.get_option("--api-key")->count() > 0) {
    if (g.api_key.empty()) return "--api-key is empty (an empty key is refused)";
    return std::nullopt;
  }
  const char* from_env = std::getenv("ARIZE_API_KEY");  // NOLINT(concurrency-mt-unsafe)
  if (from_env == nullptr) return "no API key: pass --api-key or set ARIZE_API_KEY";
  if (*from_env == '\0') {
    return "ARIZE_API_KEY is set but empty (an empty key is refused; unset it or pass --api-key)";
  }
  return std::nullopt;
}

/// The library's log, for a shell user: its stage notice names the C++ option that silences
/// it beside the environment variable; a shell user has only the variable.
void shell_log(arize::LogLevel level, std::string_view message) {
  std::string text(message);
  static constexpr std::string_view cxx_option = "ClientOptions::alpha_warning = false or ";
  if (const auto at = text.find(cxx_option); at != std::string::npos) {
    text.erase(at, cxx_option.size());
  }
  arize::stderr_log_sink(level, text);
}

arize::Client make_client(const Globals& g) {
  arize::ClientOptions options;
  options.log = shell_log;
  if (!g.api_key.empty()) options.api_key = arize::Secret(g.api_key);  // see api_key_problem
  if (!g.base_url.empty()) options.base_url = g.base_url;
  if (!g.ca_file.empty()) options.http.ca_file = g.ca_file;
  if (!g.proxy.empty()) options.http.proxy = arize::ProxyConfig::parse(g.proxy);
  options.proxy_from_environment = g.proxy_from_env;
  options.http.read_timeout = options.http.write_timeout = to_millis(g.timeout_seconds);
  if (g.connect_seconds) options.http.connect_timeout = to_millis(*g.connect_seconds);
  if (!g.api_revision.empty()) {
    options.api_revision = arize::enum_from_wire<arize::ApiRevision>(g.api_revision);
  }
  if (g.max_time_seconds) {
    // The retry layer's budget ends every attempt (HttpRequest::deadline) and starts no retry
    // past it; one attempt may use all of it.
    options.retry.max_total = options.http.request_timeout = to_millis(*g.max_time_seconds);
  }
  return arize::Client(std::move(options));
}

void run_list(arize::Client& client, const Flags& f, const Globals& g) {
  const auto key_type = enum_flag<arize::ApiKeyType>(f.key_type);
  if (f.space_id.empty() && key_type == arize::ApiKeyType::service) {
    // The API lists service keys per space; what it answers without a space is not documented
    // (in either revision), so the request is still sent.
    std::cerr << "note: service keys are listed per space: add --space-id ID\n";
  }
  const arize::ListKeysParams request{
      .key_type = key_type,
      .status = enum_flag<arize::ApiKeyStatus>(f.status),
      .space_id = text_flag(f.space_id),
      .user_id = text_flag(f.user_id),
      .limit = f.limit,
      .cursor = text_flag(f.cursor),
  };
  if (f.all) {
    std::vector<arize::ApiKey> keys;
    for (const auto& key : client.api_keys.list_all(request)) keys.push_back(key);
    if (g.output == "json") {
      std::cout << json_text(arize::Json{{"api_keys", arize::encode(keys)}}) << '\n';
    } else {
      print_table(keys);
      std::cout << keys.size() << " key(s)\n";
    }
    return;
  }
  const auto page = client.api_keys.list(request);
  if (g.output == "json") {
    std::cout << json_text(arize::encode(page)) << '\n';
  } else {
    print_table(page.api_keys);
    if (page.pagination.has_more && page.pagination.next_cursor) {
      std::cout << "more: --cursor " << show(*page.pagination.next_cursor) << '\n';
    }
  }
}

/// One --space value, ID_OR_NAME[:ROLE]: ROLE is a space role name (any case) or custom:ID; a
/// suffix after the last colon that is neither belongs to the name. Without ROLE, `default_role`.
arize::SpaceBinding space_binding(const std::string& spec,
                                  const std::optional<arize::SpaceRoleAssignment>& default_role) {
  static constexpr std::string_view custom = ":custom:";
  if (const auto at = spec.rfind(custom); at != std::string::npos && at > 0) {
    return {.space = spec.substr(0, at),
            .role = arize::CustomRole{spec.substr(at + custom.size())}};
  }
  if (const auto at = spec.rfind(':'); at != std::string::npos && at > 0) {
    std::string role = spec.substr(at + 1);
    for (char& ch : role) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const auto& [value, wire] : arize::EnumTraits<arize::SpaceRole>::values) {
      if (wire == role) return {.space = spec.substr(0, at), .role = value};
    }
  }
  return {.space = spec, .role = default_role};
}

/// create-service's request: the seeds' form for one space (every revision), else one
/// organization (--org, or looked up) holding every --space (2026-07).
arize::CreateServiceKeyParams service_key_params(const Flags& f) {
  const std::optional<arize::SpaceRoleAssignment> default_role =
      enum_flag<arize::SpaceRole>(f.space_role);
  arize::CreateServiceKeyParams params{
      .name = f.name,
      .description = text_flag(f.description),
      .expires_at = time_flag(f.expires_at, "--expires-at"),
      .account_role = enum_flag<arize::AccountRole>(f.account_role),
  };
  if (f.spaces.size() > 1) {
    arize::OrgBinding org{.org = text_flag(f.org), .role = enum_flag<arize::OrgRole>(f.org_role)};
    for (const auto& spec : f.spaces) org.spaces.push_back(space_binding(spec, default_role));
    params.organizations.push_back(std::move(org));
    return params;
  }
  arize::SpaceBinding space = f.spaces.empty()
                                  ? arize::SpaceBinding{.space = f.space_id, .role = default_role}
                                  : space_binding(f.spaces.front(), default_role);
  params.space_id = std::string(space.space);
  params.space_role = space.role;
  params.org_role = enum_flag<arize::OrgRole>(f.org_role);
  params.org = text_flag(f.org);
  return params;
}

/// Runs the subcommand that was given; throws what the client throws.
void run(const Commands& c, const Flags& f, const Globals& g) {
  arize::Client client = make_client(g);
  if (c.create->parsed() || c.create_service->parsed() || c.refresh->parsed()) {
    // A reader that went away (`create | head -c0`) must not kill the process with SIGPIPE
    // before it can name the key it made: the write fails instead and is reported (exit 6).
    // Other commands keep the default, so `list | head` ends quietly as usual.
    std::signal(SIGPIPE, SIG_IGN);
  }
  if (c.list->parsed()) {
    run_list(client, f, g);
  } else if (c.create->parsed()) {
    print_created(client.api_keys.create({
                      .name = f.name,
                      .description = text_flag(f.description),
                      .expires_at = time_flag(f.expires_at, "--expires-at"),
                  }),
                  g.output);
  } else if (c.create_service->parsed()) {
    print_created(client.api_keys.create_service_key(service_key_params(f)), g.output);
  } else if (c.del->parsed() || c.revoke->parsed()) {
    client.api_keys.delete_key(f.id);
    // Each subcommand reports in its own word (the seeds' Python says delete, the UI revoke).
    std::cout << (c.revoke->parsed() ? "revoked " : "deleted ") << show(f.id) << '\n';
  } else if (c.refresh->parsed()) {
    print_created(client.api_keys.refresh(f.id,
                                          {
                                              .expires_at = time_flag(f.expires_at, "--expires-at"),
                                              .grace_period_seconds = f.grace,
                                          }),
                  g.output);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Manage Arize API keys. Each command's stage (ALPHA, BETA) is the API "
      "description's.",
      "arize-keys"};
  Globals g;
  Flags f;
  declare_globals(app, g);
  const Commands commands = declare_commands(app, g, f);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? ok : usage_error;
  }
  if (commands.create_service->parsed() && f.space_id.empty() && f.spaces.empty()) {
    std::cerr << "error: create-service needs --space-id or --space\n";
    return usage_error;
  }
  if (const auto problem = api_key_problem(app, g)) {
    std::cerr << "error: " << *problem << '\n';
    return usage_error;
  }
  try {
    run(commands, f, g);
  } catch (...) {
    return report(std::current_exception(), g.output);
  }
  if (!flushed()) {
    std::cerr << "error: standard output could not be written\n";
    return output_error;
  }
  return ok;
}
