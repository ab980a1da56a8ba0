// The emulated account and its API keys: state, authentication and every rule of the API.
//
// No sockets here: the HTTP layer (http_server.hpp) turns requests into calls of Store and
// Store's ApiErrors into problem bodies, so tests can exercise the rules in-process. The time
// comes from an injected clock, so tests can move it (grace periods, expiry) without sleeping.
//
// Thread-safety: every public member function of Store takes one mutex for its whole duration
// (authentication and the operation are one atomic step; the persistence hook runs under it
// too, so state files are written in the order of the changes).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "arize/core/datetime.hpp"
#include "crypto.hpp"

namespace arize::emulator {

using TimePoint = arize::DateTime;  // UTC, microseconds
using Clock = std::function<TimePoint()>;
/// The real clock (std::chrono::system_clock, truncated to microseconds).
[[nodiscard]] TimePoint system_now();

/// An RFC 3339 date-time that can also be written back (arize::format_datetime): nullopt for
/// text that is not RFC 3339 and for instants outside years 0000-9999 in UTC, which RFC 3339
/// allows through offsets ("9999-12-31T23:59:59-23:59" is in year 10000). Requests and the
/// state file read every date-time through this.
[[nodiscard]] std::optional<TimePoint> parse_time(std::string_view text);

/// A JSON object that holds the same member twice.
class DuplicateMember : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// nlohmann::json::parse, but an object holding a member twice (which nlohmann takes "last
/// wins") throws DuplicateMember. Syntax errors throw nlohmann::json::parse_error.
[[nodiscard]] nlohmann::json parse_json_unique(std::string_view text);

/// A refusal by the API: an HTTP status and a human-readable detail (never a secret).
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& detail) : std::runtime_error(detail), status_(status) {}
  [[nodiscard]] int status() const noexcept { return status_; }

 private:
  int status_;
};

/// Roles, ordered by privilege. Account roles use only member and admin.
enum class Role { read_only = 0, member = 1, admin = 2 };
[[nodiscard]] std::string_view to_string(Role role);
[[nodiscard]] std::optional<Role> role_from_string(std::string_view text);

enum class KeyType { user, service };
[[nodiscard]] std::string_view to_string(KeyType type);

/// The fixed ids of the seeded account (base64 of "User:1", "User:2", "Organization:1").
inline constexpr std::string_view kAdminUserId = "VXNlcjox";
inline constexpr std::string_view kMemberUserId = "VXNlcjoy";
inline constexpr std::string_view kOrganizationId = "T3JnYW5pemF0aW9uOjE=";

/// A space of the account's one organization. The account admin is admin of every space; the
/// member user has member_role in it, or no access at all when it is empty.
struct Space {
  std::string id;
  std::string name;
  std::optional<Role> member_role;
};

/// Roles of a service key's bot user (defaults: minimum privilege, as the API documents).
struct Roles {
  Role space_role = Role::member;
  Role org_role = Role::read_only;
  Role account_role = Role::member;
};

struct ApiKeyRecord {
  std::uint64_t seq = 0;  // creation order: the list order and what a cursor remembers
  std::string id;
  std::string name;
  std::optional<std::string> description;
  KeyType key_type = KeyType::user;
  std::string secret_sha256;  // hex SHA-256 of the raw key; the raw key itself is never kept
  std::string redacted_key;
  TimePoint created_at{};
  std::optional<TimePoint> expires_at;
  std::string created_by_user_id;  // for a user key: also the user it authenticates as
  std::optional<TimePoint> last_used_at;
  bool deleted = false;
  /// A deleted key still authenticates before this instant (set by refresh with a grace period).
  std::optional<TimePoint> valid_until;
  // Service keys only: the space, the bot user's roles and the bot user's id.
  std::optional<std::string> space_id;
  std::optional<Roles> roles;
  std::optional<std::string> bot_user_id;
};

/// Everything that survives a restart (see persistence.hpp).
struct State {
  std::uint64_t last_seq = 0;
  std::string cursor_secret;  // HMAC key of pagination cursors (raw bytes)
  std::vector<Space> spaces;
  std::vector<ApiKeyRecord> keys;  // ascending seq
};

/// The query parameters of a list call, as received (validated by Store::list, after the
/// caller is authenticated).
struct ListQuery {
  std::optional<std::string> key_type{};
  std::optional<std::string> status{};
  std::optional<std::string> space_id{};
  std::optional<std::string> user_id{};
  std::optional<std::string> limit{};
  std::optional<std::string> cursor{};
  std::vector<std::string> repeated{};  // known parameters given more than once (400)
};

struct ListPage {
  std::vector<ApiKeyRecord> keys;
  bool has_more = false;
  std::optional<std::string> next_cursor;  // set exactly when has_more
};

/// A key as returned by create and refresh: the record plus its raw secret (shown once).
struct CreatedKey {
  ApiKeyRecord record;
  std::string raw_key;
};

class Store {
 public:
  /// A fresh account: the three seeded spaces (see README) and a new cursor secret. No keys.
  [[nodiscard]] static State fresh_state(Random& random);

  Store(State state, Clock clock, Random& random);

  // --- setup, before serving --------------------------------------------------------------
  /// Adds a space (admin only; the member user has no access) unless it exists.
  void ensure_space(const std::string& id);
  /// Makes sure `user_id` (kAdminUserId or kMemberUserId) holds a user key: the given raw key
  /// if any (added unless the store already holds it), else a new random one. Returns the raw
  /// key; throws std::invalid_argument for an unusable raw key.
  std::string ensure_user_key(std::string_view user_id, const std::optional<std::string>& raw);
  /// Called with the whole state after every change, under the store's mutex.
  void set_persist_hook(std::function<void(const State&)> hook);
  [[nodiscard]] std::vector<Space> spaces() const;
  /// The current state (a copy), e.g. to write it once at start.
  [[nodiscard]] State snapshot() const;

  // --- the API operations; each authenticates bearer_token first (401 on failure) ---------
  ListPage list(std::string_view bearer_token, const ListQuery& query);
  /// body: the request body as received (JSON text).
  CreatedKey create(std::string_view bearer_token, std::string_view body);
  void remove(std::string_view bearer_token, std::string_view key_id);
  /// body: the request body as received; empty (or only whitespace) means no body.
  CreatedKey refresh(std::string_view bearer_token, std::string_view key_id, std::string_view body);

 private:
  struct Principal;

  Principal authenticate(std::string_view bearer_token, TimePoint now);
  [[nodiscard]] const Space* find_space(std::string_view id) const;
  [[nodiscard]] std::optional<Role> space_role(const Principal& who, const Space& space) const;
  [[nodiscard]] bool can_see(const Principal& who, const ApiKeyRecord& key) const;
  [[nodiscard]] bool can_manage(const Principal& who, const ApiKeyRecord& key) const;
  /// The key `id` if `who` may delete or refresh it: 404 when unknown, deleted or not visible
  /// to `who`, 403 when visible but not theirs to manage.
  ApiKeyRecord& manageable_key(const Principal& who, std::string_view id);
  /// 422 unless every role is at or below `who`'s own in `space`.
  void check_role_ceiling(const Principal& who, const Space& space, const Roles& roles) const;
  ApiKeyRecord& add_key(ApiKeyRecord record, const std::string& raw_key);
  [[nodiscard]] std::string new_raw_key();
  [[nodiscard]] std::string make_cursor(std::uint64_t last_seq, std::string_view filters) const;
  [[nodiscard]] std::uint64_t read_cursor(std::string_view cursor, std::string_view filters) const;
  void changed();

  mutable std::mutex mutex_;
  State state_;
  Clock clock_;
  Random& random_;
  std::function<void(const State&)> persist_;
  std::unordered_map<std::string, std::size_t> by_id_;      // id -> index in state_.keys
  std::unordered_map<std::string, std::size_t> by_secret_;  // secret_sha256 -> index
};

/// The display form of a raw key: "ak-" + first 3 + "..." + last 3 characters of its secret.
[[nodiscard]] std::string redact_key(std::string_view raw_key);

}  // namespace arize::emulator
