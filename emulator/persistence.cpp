#include "persistence.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace arize::emulator {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "arize-emulator-state";
/// Version 2 added organizations, a space's org_id and a service key's `grant` (several
/// organizations and spaces); a version 1 file (one organization, `space_id` + `roles`) still
/// loads.
constexpr int kVersion = 2;
constexpr int kOldestVersion = 1;

/// Temporary files are "<file>.tmp-<pid of the writer>".
std::string temp_prefix(const std::filesystem::path& file) {
  return file.filename().string() + ".tmp-";
}

std::string os_error(const std::string& what, const std::filesystem::path& file) {
  return what + " " + file.string() + ": " + std::strerror(errno);
}

/// Sequence numbers are counted from 1; 2^53 is exact in every JSON reader and far from wrapping.
constexpr std::uint64_t kMaxSeq = std::uint64_t{1} << 53;

json time_to_json(TimePoint when) { return arize::format_datetime(when); }

TimePoint time_from_json(const json& value, const char* field) {
  const auto when = arize::try_parse_datetime(value.get<std::string>());
  if (!when) {
    throw StateError(std::string("`") + field +
                     "` is not an RFC 3339 date-time in years 0000-9999 (UTC)");
  }
  return *when;
}

/// A JSON integer 0..kMaxSeq: nlohmann would read -1 as 2^64-1 and 2.5 as 2.
std::uint64_t seq_from_json(const json& value, const char* field) {
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > kMaxSeq) {
    throw StateError(std::string("`") + field + "` is not an integer from 0 to 2^53");
  }
  return value.get<std::uint64_t>();
}

Role role_from_json(const json& value) {
  const auto role = role_from_string(value.get<std::string>());
  if (!role) throw StateError("unknown role \"" + value.get<std::string>() + "\"");
  return *role;
}

json grant_to_json(const ServiceGrant& grant) {
  json orgs = json::array();
  for (const OrgBinding& org : grant.orgs) {
    json spaces = json::array();
    for (const SpaceBinding& space : org.spaces) {
      json entry = {{"space_id", space.space_id}, {"role", to_string(space.role)}};
      if (space.custom_role_id) entry["custom_role_id"] = *space.custom_role_id;
      spaces.push_back(std::move(entry));
    }
    orgs.push_back({{"org_id", org.org_id.value_or("")},
                    {"role", to_string(org.role)},
                    {"spaces", std::move(spaces)}});
  }
  return {{"account_role", to_string(grant.account_role)}, {"orgs", std::move(orgs)}};
}

ServiceGrant grant_from_json(const json& in) {
  ServiceGrant grant{.orgs = {}, .account_role = role_from_json(in.at("account_role"))};
  for (const json& org : in.at("orgs")) {
    OrgBinding binding{.org_id = org.at("org_id").get<std::string>(),
                       .role = role_from_json(org.at("role")),
                       .spaces = {}};
    for (const json& space : org.at("spaces")) {
      SpaceBinding bound{.space_id = space.at("space_id").get<std::string>(),
                         .role = role_from_json(space.at("role")),
                         .custom_role_id = std::nullopt};
      if (space.contains("custom_role_id")) {
        bound.custom_role_id = space.at("custom_role_id").get<std::string>();
      }
      binding.spaces.push_back(std::move(bound));
    }
    grant.orgs.push_back(std::move(binding));
  }
  return grant;
}

/// A version 1 service key: one space of the one organization, three roles.
ServiceGrant legacy_grant_from_json(const json& in) {
  const json& roles = in.at("roles");
  return ServiceGrant{
      .orgs = {OrgBinding{.org_id = std::string(kOrganizationId),
                          .role = role_from_json(roles.at("org_role")),
                          .spaces = {SpaceBinding{.space_id = in.at("space_id").get<std::string>(),
                                                  .role = role_from_json(roles.at("space_role")),
                                                  .custom_role_id = std::nullopt}}}},
      .account_role = role_from_json(roles.at("account_role"))};
}

json key_to_json(const ApiKeyRecord& key) {
  json out = {{"seq", key.seq},
              {"id", key.id},
              {"name", key.name},
              {"key_type", to_string(key.key_type)},
              {"secret_sha256", key.secret_sha256},
              {"redacted_key", key.redacted_key},
              {"created_at", time_to_json(key.created_at)},
              {"created_by_user_id", key.created_by_user_id},
              {"deleted", key.deleted}};
  if (key.description) out["description"] = *key.description;
  if (key.expires_at) out["expires_at"] = time_to_json(*key.expires_at);
  if (key.last_used_at) out["last_used_at"] = time_to_json(*key.last_used_at);
  if (key.valid_until) out["valid_until"] = time_to_json(*key.valid_until);
  if (key.bot_user_id) out["bot_user_id"] = *key.bot_user_id;
  if (key.grant) out["grant"] = grant_to_json(*key.grant);
  return out;
}

ApiKeyRecord key_from_json(const json& in) {
  ApiKeyRecord key;
  key.seq = seq_from_json(in.at("seq"), "seq");
  key.id = in.at("id").get<std::string>();
  key.name = in.at("name").get<std::string>();
  const std::string type = in.at("key_type").get<std::string>();
  if (type != "user" && type != "service") throw StateError("unknown key_type \"" + type + "\"");
  key.key_type = type == "user" ? KeyType::user : KeyType::service;
  key.secret_sha256 = in.at("secret_sha256").get<std::string>();
  if (key.secret_sha256.size() != 64 || !hex_decode(key.secret_sha256)) {
    throw StateError("`secret_sha256` is not a SHA-256 in hex");
  }
  key.redacted_key = in.at("redacted_key").get<std::string>();
  key.created_at = time_from_json(in.at("created_at"), "created_at");
  key.created_by_user_id = in.at("created_by_user_id").get<std::string>();
  key.deleted = in.at("deleted").get<bool>();
  if (in.contains("description")) key.description = in.at("description").get<std::string>();
  if (in.contains("expires_at")) key.expires_at = time_from_json(in.at("expires_at"), "expires_at");
  if (in.contains("last_used_at")) {
    key.last_used_at = time_from_json(in.at("last_used_at"), "last_used_at");
  }
  if (in.contains("valid_until")) {
    key.valid_until = time_from_json(in.at("valid_until"), "valid_until");
  }
  if (in.contains("bot_user_id")) key.bot_user_id = in.at("bot_user_id").get<std::string>();
  if (in.contains("grant")) {
    key.grant = grant_from_json(in.at("grant"));
  } else if (in.contains("space_id") || in.contains("roles")) {
    key.grant = legacy_grant_from_json(in);
  }
  return key;
}

}  // namespace

json state_to_json(const State& state) {
  json organizations = json::array();
  for (const Organization& org : state.organizations) {
    json entry = {{"id", org.id}, {"name", org.name}};
    if (org.member_role) entry["member_role"] = to_string(*org.member_role);
    organizations.push_back(std::move(entry));
  }
  json spaces = json::array();
  for (const Space& space : state.spaces) {
    json entry = {{"id", space.id}, {"name", space.name}, {"org_id", space.org_id}};
    if (space.member_role) entry["member_role"] = to_string(*space.member_role);
    spaces.push_back(std::move(entry));
  }
  json keys = json::array();
  for (const ApiKeyRecord& key : state.keys) keys.push_back(key_to_json(key));
  return {{"format", kFormat},
          {"version", kVersion},
          {"last_seq", state.last_seq},
          {"cursor_secret", hex_encode(state.cursor_secret)},
          {"organizations", std::move(organizations)},
          {"spaces", std::move(spaces)},
          {"keys", std::move(keys)}};
}

State state_from_json(const json& in) {
  try {
    if (!in.is_object() || in.value("format", "") != kFormat) {
      throw StateError("not an arize-emulator state file (no \"format\": \"" +
                       std::string(kFormat) + "\")");
    }
    const json& version = in.at("version");
    if (!version.is_number_integer() || version < kOldestVersion || version > kVersion) {
      throw StateError("unsupported state version " + in.at("version").dump());
    }
    State state;
    state.last_seq = seq_from_json(in.at("last_seq"), "last_seq");
    const auto secret = hex_decode(in.at("cursor_secret").get<std::string>());
    if (!secret) throw StateError("`cursor_secret` is not hex");
    state.cursor_secret = *secret;
    // Version 1 has neither: Store gives such a state the seeded organizations.
    for (const json& org : in.value("organizations", json::array())) {
      Organization entry{org.at("id").get<std::string>(), org.at("name").get<std::string>(),
                         std::nullopt};
      if (org.contains("member_role")) entry.member_role = role_from_json(org.at("member_role"));
      state.organizations.push_back(std::move(entry));
    }
    for (const json& space : in.at("spaces")) {
      Space entry{space.at("id").get<std::string>(), space.at("name").get<std::string>(),
                  std::nullopt, space.value("org_id", std::string())};
      if (space.contains("member_role"))
        entry.member_role = role_from_json(space.at("member_role"));
      state.spaces.push_back(std::move(entry));
    }
    for (const json& key : in.at("keys")) state.keys.push_back(key_from_json(key));
    return state;
  } catch (const json::exception& e) {
    throw StateError(std::string("malformed state: ") + e.what());
  }
}

std::optional<State> load_state_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (status.type() == std::filesystem::file_type::not_found) return std::nullopt;
  if (ec) throw StateError("cannot read " + file.string() + ": " + ec.message());
  if (status.type() != std::filesystem::file_type::regular) {
    throw StateError("cannot read " + file.string() + ": not a regular file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw StateError(os_error("cannot open", file));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw StateError(os_error("cannot read", file));
  try {
    return state_from_json(parse_json_unique(text.str()));
  } catch (const json::parse_error& e) {
    throw StateError(file.string() + " is not valid JSON: " + e.what());
  } catch (const json::exception& e) {  // e.g. a number past double's range ("2e308")
    throw StateError(file.string() + " cannot be read as JSON: " + e.what());
  } catch (const DuplicateMember& e) {
    throw StateError(file.string() + ": " + e.what());
  } catch (const StateError& e) {
    throw StateError(file.string() + ": " + e.what());
  }
}

void save_state_file(const std::filesystem::path& file, const State& state) {
  const std::string text = state_to_json(state).dump(2) + "\n";
  const std::filesystem::path temp =
      file.parent_path() / (temp_prefix(file) + std::to_string(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw StateError(os_error("cannot create", temp));
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool ok = written == text.size() && ::fsync(fd) == 0;
  const std::string error = ok ? "" : os_error("cannot write", temp);
  ::close(fd);
  if (!ok) {
    ::unlink(temp.c_str());
    throw StateError(error);
  }
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    const std::string rename_error = os_error("cannot replace", file);
    ::unlink(temp.c_str());
    throw StateError(rename_error);
  }
}

StateFileLock::StateFileLock(const std::filesystem::path& file) : path_(file) {
  path_ += ".lock";
  // A holder removes the lock file as it releases it: one opened just before is then no longer
  // the file at path_, and locking it would prove nothing. Each try either holds the lock file
  // that path_ names, or sees it replaced and tries again (a bounded number of times).
  for (int attempt = 0; attempt < 16; ++attempt) {
    const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw StateError(os_error("cannot create the lock file", path_));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const bool held = errno == EWOULDBLOCK;
      const std::string error = os_error("cannot lock", path_);
      ::close(fd);
      if (held) {
        throw StateError(file.string() + " is in use by another arize-emulator (it holds " +
                         path_.string() + "); stop it or choose another --state file");
      }
      throw StateError(error);
    }
    struct stat locked {};
    struct stat named {};
    if (::fstat(fd, &locked) == 0 && ::stat(path_.c_str(), &named) == 0 &&
        locked.st_dev == named.st_dev && locked.st_ino == named.st_ino) {
      fd_ = fd;
      return;
    }
    ::close(fd);
  }
  throw StateError("cannot lock " + path_.string() + ": it keeps being replaced");
}

StateFileLock::~StateFileLock() {
  ::unlink(path_.c_str());  // while still held: see the constructor
  ::close(fd_);
}

}  // namespace arize::emulator

namespace arize::emulator {

int remove_stale_temp_files(const std::filesystem::path& file) {
  const std::string prefix = temp_prefix(file);
  const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
  int removed = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string pid_text = name.substr(std::min(name.size(), prefix.size()));
    const bool ours =
        name.starts_with(prefix) && !pid_text.empty() && pid_text.size() <= 9 &&
        std::all_of(pid_text.begin(), pid_text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ours) continue;
    const auto pid = static_cast<pid_t>(std::stol(pid_text));
    // A writer that is still running (or another process that reuses its pid) keeps its file.
    const bool writer_gone = pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH;
    std::error_code ignored;
    if (writer_gone && std::filesystem::remove(it->path(), ignored)) ++removed;
  }
  return removed;
}

}  // namespace arize::emulator
