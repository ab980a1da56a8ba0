// The emulated account and its API keys: state, authentication and every rule of the API.
//
// No sockets and no JSON here: wire.hpp decodes requests into the typed commands below and
// encodes results and Refusals as bodies; http_server.hpp routes. Tests can exercise the
// rules in-process. The time comes from an injected clock, so tests can move it (grace
// periods, expiry) without sleeping.
//
// Thread-safety: every public member function of Store takes one mutex for its whole duration
// (authentication and the operation are one atomic step; the persistence hook runs under it
// too, so state files are written in the order of the changes).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "arize/core/datetime.hpp"
#include "crypto.hpp"

namespace arize::emulator {

using TimePoint = arize::DateTime;  // UTC, microseconds
using Clock = std::function<TimePoint()>;
/// The real clock (std::chrono::system_clock, truncated to microseconds).
[[nodiscard]] TimePoint system_now();

/// A refusal by the API: an HTTP status and a human-readable detail (never a secret, never
/// text the client sent). The HTTP layer answers it as a problem body (wire.hpp).
class Refusal : public std::runtime_error {
 public:
  Refusal(int status, const std::string& detail) : std::runtime_error(detail), status_(status) {}
  [[nodiscard]] int status() const noexcept { return status_; }

 private:
  int status_;
};

/// A request decoded from the wire (wire.hpp): the typed command, or the refusal of a
/// malformed one. Store opens it only after authenticating the caller, so a caller without a
/// valid key is answered 401 and learns nothing about how its request would be judged.
template <class Command>
class Decoded {
 public:
  Decoded(Command command) : result_(std::move(command)) {}  // NOLINT: a command is a request
  Decoded(Refusal refusal) : result_(std::move(refusal)) {}  // NOLINT
  /// The command; throws the refusal.
  [[nodiscard]] const Command& get() const {
    if (const auto* refusal = std::get_if<Refusal>(&result_)) throw *refusal;
    return std::get<Command>(result_);
  }

 private:
  std::variant<Command, Refusal> result_;
};

/// Roles, ordered by privilege. Account roles use only member and admin.
enum class Role { read_only = 0, member = 1, admin = 2 };
[[nodiscard]] std::string_view to_string(Role role);
[[nodiscard]] std::optional<Role> role_from_string(std::string_view text);

enum class KeyType { user, service };
[[nodiscard]] std::string_view to_string(KeyType type);

/// The fixed ids of the seeded account (base64 of "User:1", "User:2", "Organization:1",
/// "Organization:2").
inline constexpr std::string_view kAdminUserId = "VXNlcjox";
inline constexpr std::string_view kMemberUserId = "VXNlcjoy";
inline constexpr std::string_view kOrganizationId = "T3JnYW5pemF0aW9uOjE=";
inline constexpr std::string_view kSecondOrganizationId = "T3JnYW5pemF0aW9uOjI=";

/// An organization of the account. The account admin is admin of every one; the member user
/// has member_role in it, or no access at all when it is empty.
struct Organization {
  std::string id;
  std::string name;
  std::optional<Role> member_role;
};

/// A space of one of the organizations. The account admin is admin of every space; the
/// member user has member_role in it, or no access at all when it is empty. An empty org_id
/// (a state file of the one-organization format) means kOrganizationId.
struct Space {
  std::string id;
  std::string name;
  std::optional<Role> member_role;
  std::string org_id{};
};

/// A service key's bot user in one space: a predefined role, or a custom role (by id; the
/// emulator grants it the powers of a member).
struct SpaceBinding {
  std::string space_id;
  Role role = Role::member;
  std::optional<std::string> custom_role_id{};
};

/// A service key's bot user in one organization and some of its spaces. An unset org_id (the
/// 2026-06 wire, which names only a space) means the organization of the spaces.
struct OrgBinding {
  std::optional<std::string> org_id{};
  Role role = Role::read_only;
  std::vector<SpaceBinding> spaces{};
};

/// Where a service key's bot user works and its roles (defaults: minimum privilege, as the
/// API documents).
struct ServiceGrant {
  std::vector<OrgBinding> orgs{};
  Role account_role = Role::member;
};

/// The rules on which the API revisions differ (wire.hpp and wire_v2026_07.hpp give each
/// revision's); the store is otherwise revision-neutral.
struct Rules {
  /// The status refusing a role above the caller's own.
  int role_above_caller = 400;
  /// Refresh may not lengthen a key's life: an expiring key's refresh must give expires_at,
  /// no later than the old one (422 otherwise). Unset: omitting it means "never expires".
  bool refresh_keeps_lifetime = false;
  /// Revoking a revoked key is a success that changes nothing (else 404, like an unknown key).
  bool revoke_idempotent = false;
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
  // Service keys only: the bot user's organizations, spaces and roles (every org_id set), and
  // the bot user's id.
  std::optional<ServiceGrant> grant;
  std::optional<std::string> bot_user_id;
};

/// Everything that survives a restart (see persistence.hpp).
struct State {
  std::uint64_t last_seq = 0;
  std::string cursor_secret;  // HMAC key of pagination cursors (raw bytes)
  std::vector<Organization> organizations;
  std::vector<Space> spaces;
  std::vector<ApiKeyRecord> keys;  // ascending seq
};

// --- the commands of the API operations (decoded by wire.hpp) ----------------------------

/// create: the key asked for.
struct NewKey {
  std::string name;
  std::optional<std::string> description{};
  std::optional<TimePoint> expires_at{};  // Store refuses one not in the future
  std::optional<ServiceGrant> service{};  // set: a service key; unset: a user key
};

/// refresh: the replacement's expiry and how long the old key stays valid.
struct KeyRefresh {
  std::optional<TimePoint> expires_at{};  // Store refuses one not in the future
  std::int64_t grace_period_seconds = 0;
};

/// The page size of a list without `limit`: the description's default, restated here because
/// the generated code does not expose parameter defaults. The largest page size is the
/// generated builders' (wire.hpp); Store only needs a limit of at least 1.
inline constexpr std::size_t kDefaultPageSize = 50;

/// list: the filters, the page size and where to go on from.
struct ListFilter {
  std::optional<KeyType> key_type{};
  bool deleted = false;                   // status=deleted (else active)
  std::optional<std::string> space_id{};  // never empty
  std::optional<std::string> user_id{};   // never empty
  std::size_t limit = kDefaultPageSize;   // at least 1
  std::optional<std::string> cursor{};    // pagination.next_cursor of the previous page
};

/// list of spaces or organizations: the filters, the page size and where to go on from.
struct DirectoryFilter {
  std::optional<std::string> org_id{};   // spaces only: of this organization
  std::optional<std::string> name{};     // case-insensitive substring of the name
  std::size_t limit = kDefaultPageSize;  // at least 1
  std::optional<std::string> cursor{};
};

template <class Item>
struct DirectoryPage {
  std::vector<Item> items;
  bool has_more = false;
  std::optional<std::string> next_cursor;  // set exactly when has_more
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
  /// A fresh account: the seeded organizations and spaces (see README) and a new cursor
  /// secret. No keys.
  [[nodiscard]] static State fresh_state(Random& random);
  /// The seeded organizations (README), also given to a state file that has none.
  [[nodiscard]] static std::vector<Organization> seeded_organizations();

  /// `state` of the one-organization format (no organizations) gains the seeded ones.
  Store(State state, Clock clock, Random& random, Rules rules = {});

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
  // A malformed request (Decoded holding a refusal) is refused after authentication.
  ListPage list(std::string_view bearer_token, const Decoded<ListFilter>& request);
  CreatedKey create(std::string_view bearer_token, const Decoded<NewKey>& request);
  /// DELETE (2026-06) and PUT …/revoke (2026-07).
  void revoke(std::string_view bearer_token, std::string_view key_id);
  CreatedKey refresh(std::string_view bearer_token, std::string_view key_id,
                     const Decoded<KeyRefresh>& request);
  /// The spaces, and the organizations, the caller can access (ascending creation order).
  DirectoryPage<Space> list_spaces(std::string_view bearer_token,
                                   const Decoded<DirectoryFilter>& request);
  DirectoryPage<Organization> list_organizations(std::string_view bearer_token,
                                                 const Decoded<DirectoryFilter>& request);

 private:
  struct Principal;

  Principal authenticate(std::string_view bearer_token, TimePoint now);
  [[nodiscard]] const Space* find_space(std::string_view id) const;
  [[nodiscard]] const Organization* find_organization(std::string_view id) const;
  [[nodiscard]] std::optional<Role> space_role(const Principal& who, const Space& space) const;
  [[nodiscard]] std::optional<Role> org_role(const Principal& who, const Organization& org) const;
  /// `asked` checked against the account and `who`'s roles, with every org_id set.
  [[nodiscard]] ServiceGrant resolve_grant(const Principal& who, const ServiceGrant& asked) const;
  /// Whether service key `key` is bound to space `space_id`.
  [[nodiscard]] static bool binds(const ApiKeyRecord& key, std::string_view space_id);
  [[nodiscard]] bool can_see(const Principal& who, const ApiKeyRecord& key) const;
  [[nodiscard]] bool can_manage(const Principal& who, const ApiKeyRecord& key) const;
  /// The key `id` if `who` may revoke or refresh it: 404 when unknown, not visible to `who` or
  /// revoked (unless `revoked_ok`), 403 when visible but not theirs to manage.
  ApiKeyRecord& manageable_key(const Principal& who, std::string_view id, bool revoked_ok = false);
  /// rules_.role_above_caller unless every role of `grant` is at or below `who`'s own.
  void check_role_ceiling(const Principal& who, const ServiceGrant& grant) const;
  template <class Item>
  DirectoryPage<Item> directory_page(const Principal& who, const std::vector<Item>& items,
                                     const DirectoryFilter& query, std::string_view kind,
                                     const std::function<bool(const Item&)>& visible) const;
  ApiKeyRecord& add_key(ApiKeyRecord record, const std::string& raw_key);
  [[nodiscard]] std::string new_raw_key();
  [[nodiscard]] std::string make_cursor(std::uint64_t last_seq, std::string_view filters) const;
  [[nodiscard]] std::uint64_t read_cursor(std::string_view cursor, std::string_view filters) const;
  void changed();

  mutable std::mutex mutex_;
  State state_;
  Clock clock_;
  Random& random_;
  Rules rules_;
  std::function<void(const State&)> persist_;
  std::unordered_map<std::string, std::size_t> by_id_;      // id -> index in state_.keys
  std::unordered_map<std::string, std::size_t> by_secret_;  // secret_sha256 -> index
};

/// The display form of a raw key: "ak-" + first 3 + "..." + last 3 characters of its secret.
[[nodiscard]] std::string redact_key(std::string_view raw_key);

}  // namespace arize::emulator
