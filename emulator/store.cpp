#include "store.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_set>
#include <utility>

namespace arize::emulator {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxNameLength = 256;          // code points
constexpr std::size_t kMaxDescriptionLength = 1000;  // code points
constexpr std::int64_t kMaxGracePeriodSeconds = 86400;
constexpr std::size_t kDefaultLimit = 50;
constexpr std::size_t kMaxLimit = 100;
/// last_used_at is "approximate, updated periodically": at most once a minute per key.
constexpr auto kLastUsedResolution = std::chrono::seconds(60);
/// A cursor is base64url(8-byte sequence number, 16-byte filter digest, 16-byte HMAC).
constexpr std::size_t kCursorDigestSize = 16;
constexpr std::size_t kCursorSize = 8 + 2 * kCursorDigestSize;

/// Ids are base64 of "ApiKey:<n>" plus one or two filler characters chosen by n, so that
/// consecutive ids hold "+", "/" and "=" and a client that does not percent-encode them fails.
std::string make_key_id(std::uint64_t seq) {
  static constexpr std::array<std::string_view, 3> kFiller = {">", "?", ">?"};
  return base64_encode("ApiKey:" + std::to_string(seq) + std::string(kFiller[seq % 3]));
}

std::size_t code_points(std::string_view s) {
  // The JSON parser has already checked that strings are valid UTF-8.
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool is_token_text(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 127; });
}

// --- reading request bodies ---------------------------------------------------------------
// Absent members are nullopt; present members of the wrong JSON type (null included) are 400.

/// Parses a request body: 400 unless it is one JSON object. Empty text is nullopt.
std::optional<json> parse_body(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
  json body;
  try {
    body = parse_json_unique(text);
  } catch (const json::parse_error& e) {
    // e.what() quotes the text it read: name only the position, never the content.
    throw ApiError(
        400, "the request body is not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {
    // Valid syntax nlohmann cannot hold: a number past double's range ("2e308") is its
    // out_of_range 406, which escaped as a 500 (found by fuzz_emulator_request).
    throw ApiError(400, "the request body holds a number out of range");
  } catch (const DuplicateMember&) {
    throw ApiError(400, "the request body holds an object with the same member twice");
  }
  if (!body.is_object()) throw ApiError(400, "the request body must be a JSON object");
  return body;
}

const json* member(const json& body, const char* name) {
  const auto it = body.find(name);
  return it == body.end() ? nullptr : &*it;
}

/// `prefix` names the enclosing object in messages ("roles.").
std::optional<std::string> string_member(const json& body, const char* name,
                                         std::string_view prefix = "") {
  const json* value = member(body, name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    throw ApiError(400, "`" + std::string(prefix) + name + "` must be a string");
  }
  return value->get<std::string>();
}

std::optional<TimePoint> expiry_member(const json& body, TimePoint now) {
  const auto text = string_member(body, "expires_at");
  if (!text) return std::nullopt;
  const auto when = parse_time(*text);
  if (!when) {
    throw ApiError(400,
                   "`expires_at` must be an RFC 3339 date-time in years 0000-9999 (UTC), e.g. "
                   "2027-01-01T00:00:00Z");
  }
  if (*when <= now) throw ApiError(400, "`expires_at` must be in the future");
  return when;
}

Role role_member(const json& roles, const char* name, Role fallback, bool account) {
  const auto text = string_member(roles, name, "roles.");
  if (!text) return fallback;
  const auto role = role_from_string(*text);
  if (!role || (account && *role == Role::read_only)) {
    throw ApiError(400, std::string("`roles.") + name + "` must be one of: " +
                            (account ? "admin, member" : "admin, member, read-only"));
  }
  return *role;
}

Roles roles_member(const json* roles) {
  Roles out;
  if (roles == nullptr) return out;
  if (!roles->is_object()) throw ApiError(400, "`roles` must be an object");
  out.space_role = role_member(*roles, "space_role", out.space_role, false);
  out.org_role = role_member(*roles, "org_role", out.org_role, false);
  out.account_role = role_member(*roles, "account_role", out.account_role, true);
  return out;
}

std::int64_t grace_member(const json& body) {
  const json* value = member(body, "grace_period_seconds");
  if (value == nullptr) return 0;
  // Non-negative JSON integers parse as unsigned; negative ones, floats and the rest do not.
  const bool in_range =
      value->is_number_unsigned() && value->get<std::uint64_t>() <= kMaxGracePeriodSeconds;
  if (!in_range) {
    throw ApiError(400, "`grace_period_seconds` must be an integer from 0 to 86400");
  }
  return value->get<std::int64_t>();
}

std::optional<KeyType> key_type_from_string(std::string_view text) {
  if (text == "user") return KeyType::user;
  if (text == "service") return KeyType::service;
  return std::nullopt;
}

std::size_t parse_limit(const std::string& text) {
  const bool digits =
      !text.empty() && text.size() <= 3 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::size_t limit = digits ? std::stoul(text) : 0;
  if (limit < 1 || limit > kMaxLimit) {
    throw ApiError(400, "`limit` must be an integer from 1 to 100");
  }
  return limit;
}

}  // namespace

TimePoint system_now() {
  return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
}

std::optional<TimePoint> parse_time(std::string_view text) {
  using std::chrono::year;
  const auto when = arize::try_parse_datetime(text);
  if (!when || *when < std::chrono::sys_days{year{0} / 1 / 1} ||
      *when >= std::chrono::sys_days{year{10000} / 1 / 1}) {
    return std::nullopt;
  }
  return when;
}

json parse_json_unique(std::string_view text) {
  // The member names seen so far in each object being parsed, innermost last.
  std::vector<std::unordered_set<std::string>> open_objects;
  const json::parser_callback_t check = [&open_objects](int, json::parse_event_t event,
                                                        json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: open_objects.emplace_back(); break;
      case json::parse_event_t::object_end: open_objects.pop_back(); break;
      case json::parse_event_t::key:
        if (!open_objects.back().insert(parsed.get<std::string>()).second) {
          throw DuplicateMember("an object holds a member twice");
        }
        break;
      default: break;
    }
    return true;
  };
  return json::parse(text, check);
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::read_only: return "read-only";
    case Role::member: return "member";
    case Role::admin: return "admin";
  }
  return "read-only";
}

std::optional<Role> role_from_string(std::string_view text) {
  if (text == "read-only") return Role::read_only;
  if (text == "member") return Role::member;
  if (text == "admin") return Role::admin;
  return std::nullopt;
}

std::string_view to_string(KeyType type) { return type == KeyType::user ? "user" : "service"; }

std::string redact_key(std::string_view raw_key) {
  const std::string_view secret = raw_key.starts_with("ak-") ? raw_key.substr(3) : raw_key;
  if (secret.size() < 8) return "ak-...";
  return "ak-" + std::string(secret.substr(0, 3)) + "..." +
         std::string(secret.substr(secret.size() - 3));
}

// --- who is calling -----------------------------------------------------------------------

/// The identity a key authenticates as. A user key acts as its (human) creator; a service key
/// acts as its bot user, which holds the key's roles and may act only within the key's space.
struct Store::Principal {
  std::string user_id;
  bool bot = false;
  Role account_role = Role::member;
  Role org_role = Role::read_only;
  std::optional<std::string> bot_space_id;
  Role bot_space_role = Role::read_only;

  /// Account-wide powers over user keys; a bot never has them (it stays in its space).
  [[nodiscard]] bool account_admin() const { return !bot && account_role == Role::admin; }
};

State Store::fresh_state(Random& random) {
  State state;
  state.cursor_secret = random.bytes(32);
  state.spaces = {
      {"U3BhY2U6MQ==", "production", Role::member},  // "Space:1"
      {"U3BhY2U6Mg==", "staging", Role::read_only},  // "Space:2"
      {"U3BhY2U6Mw==", "restricted", std::nullopt},  // "Space:3": the member has no access
  };
  return state;
}

Store::Store(State state, Clock clock, Random& random)
    : state_(std::move(state)), clock_(std::move(clock)), random_(random) {
  if (state_.cursor_secret.size() < 16) throw std::invalid_argument("cursor secret is too short");
  // ++last_seq must not wrap (persistence reads at most 2^53).
  if (state_.last_seq >= std::uint64_t{1} << 53)
    throw std::invalid_argument("last_seq is too large");
  std::unordered_set<std::string> space_ids;
  for (const Space& space : state_.spaces) {
    if (!is_token_text(space.id) || !space_ids.insert(space.id).second) {
      throw std::invalid_argument("a space id is empty, unprintable or given twice");
    }
  }
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < state_.keys.size(); ++i) {
    const ApiKeyRecord& key = state_.keys[i];
    if (key.seq <= previous || key.seq > state_.last_seq) {
      throw std::invalid_argument("keys are not in ascending sequence order");
    }
    previous = key.seq;
    if (!by_id_.emplace(key.id, i).second) throw std::invalid_argument("duplicate key id");
    if (!by_secret_.emplace(key.secret_sha256, i).second) {
      throw std::invalid_argument("duplicate key secret");
    }
    if (key.id.empty() || key.created_by_user_id.empty()) {
      throw std::invalid_argument("a key has an empty id or creator");
    }
    if (key.key_type == KeyType::service &&
        (!key.space_id || !key.roles || !key.bot_user_id || !space_ids.contains(*key.space_id))) {
      throw std::invalid_argument("a service key lacks its space, roles or bot user");
    }
  }
}

void Store::ensure_space(const std::string& id) {
  if (!is_token_text(id)) throw std::invalid_argument("a space id must be printable, no spaces");
  std::lock_guard lock(mutex_);
  if (find_space(id) != nullptr) return;
  state_.spaces.push_back({id, "space-" + std::to_string(state_.spaces.size() + 1), std::nullopt});
  changed();
}

std::string Store::ensure_user_key(std::string_view user_id,
                                   const std::optional<std::string>& raw) {
  if (raw && !is_token_text(*raw)) {
    throw std::invalid_argument("an API key must be printable ASCII without spaces");
  }
  std::lock_guard lock(mutex_);
  if (raw) {
    if (const auto it = by_secret_.find(sha256_hex(*raw)); it != by_secret_.end()) {
      const ApiKeyRecord& held = state_.keys[it->second];
      if (held.created_by_user_id != user_id || held.key_type != KeyType::user || held.deleted) {
        throw std::invalid_argument(
            "the state holds this key already, deleted or for another user");
      }
      return *raw;
    }
  }
  const std::string key = raw ? *raw : new_raw_key();
  ApiKeyRecord record;
  record.name = user_id == kAdminUserId ? "seeded admin key" : "seeded member key";
  record.created_by_user_id = std::string(user_id);
  record.created_at = clock_();
  add_key(std::move(record), key);
  changed();
  return key;
}

void Store::set_persist_hook(std::function<void(const State&)> hook) {
  std::lock_guard lock(mutex_);
  persist_ = std::move(hook);
}

std::vector<Space> Store::spaces() const {
  std::lock_guard lock(mutex_);
  return state_.spaces;
}

State Store::snapshot() const {
  std::lock_guard lock(mutex_);
  return state_;
}

// --- the operations -----------------------------------------------------------------------

ListPage Store::list(std::string_view bearer_token, const ListQuery& query) {
  std::lock_guard lock(mutex_);
  const Principal who = authenticate(bearer_token, clock_());
  if (!query.repeated.empty()) {
    throw ApiError(400, "`" + query.repeated.front() + "` is given more than once");
  }

  std::optional<KeyType> key_type;
  if (query.key_type) {
    key_type = key_type_from_string(*query.key_type);
    if (!key_type) throw ApiError(400, "`key_type` must be one of: user, service");
  }
  const std::string status = query.status.value_or("active");
  if (status != "active" && status != "deleted") {
    throw ApiError(400, "`status` must be one of: active, deleted");
  }
  const std::size_t limit = query.limit ? parse_limit(*query.limit) : kDefaultLimit;
  if (query.space_id && query.space_id->empty()) throw ApiError(400, "`space_id` is empty");
  if (query.user_id && query.user_id->empty()) throw ApiError(400, "`user_id` is empty");

  // A cursor is valid only for the caller and filters that produced it (limit may change).
  // Each value length-prefixed: unambiguous for any bytes (a JSON array would throw on text
  // that is not UTF-8, and query values are whatever the client percent-encoded).
  auto or_empty = [](const std::optional<std::string>& value) {
    return value ? std::string_view(*value) : std::string_view();
  };
  std::string filters;
  for (const std::string_view value :
       {std::string_view(who.user_id), or_empty(query.key_type), std::string_view(status),
        or_empty(query.space_id), or_empty(query.user_id)}) {
    filters += std::to_string(value.size()) + ":" + std::string(value);
  }
  const std::uint64_t after = query.cursor ? read_cursor(*query.cursor, filters) : 0;

  const Space* space = nullptr;
  if (query.space_id) {
    space = find_space(*query.space_id);
    if (space == nullptr || !space_role(who, *space)) throw ApiError(404, "space not found");
  } else if (query.user_id && !who.account_admin()) {
    throw ApiError(403, "only account admins may list other users' keys with `user_id`");
  }
  // Without space_id: user keys, the caller's own unless user_id names another creator.
  // With space_id: that space's service keys, all of them unless user_id names a creator.
  const KeyType listed = space != nullptr ? KeyType::service : KeyType::user;
  std::optional<std::string> creator = query.user_id;
  if (space == nullptr && !creator) creator = who.user_id;
  const bool deleted = status == "deleted";

  ListPage page;
  if (key_type && *key_type != listed) return page;
  auto it = std::partition_point(state_.keys.begin(), state_.keys.end(),
                                 [after](const ApiKeyRecord& k) { return k.seq <= after; });
  for (; it != state_.keys.end(); ++it) {
    const ApiKeyRecord& key = *it;
    if (key.key_type != listed || key.deleted != deleted) continue;
    if (space != nullptr && key.space_id != space->id) continue;
    if (creator && key.created_by_user_id != *creator) continue;
    if (page.keys.size() == limit) {
      page.has_more = true;
      page.next_cursor = make_cursor(page.keys.back().seq, filters);
      break;
    }
    page.keys.push_back(key);
  }
  return page;
}

CreatedKey Store::create(std::string_view bearer_token, std::string_view body_text) {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_();
  const Principal who = authenticate(bearer_token, now);
  const auto parsed = parse_body(body_text);
  if (!parsed) throw ApiError(400, "the request body is required");
  const json& body = *parsed;

  ApiKeyRecord record;
  const auto name = string_member(body, "name");
  if (!name) throw ApiError(400, "`name` is required");
  if (name->empty() || code_points(*name) > kMaxNameLength) {
    throw ApiError(400, "`name` must be 1 to 256 characters long");
  }
  record.name = *name;
  record.description = string_member(body, "description");
  if (record.description && code_points(*record.description) > kMaxDescriptionLength) {
    throw ApiError(400, "`description` must be at most 1000 characters long");
  }
  if (const auto type = string_member(body, "key_type")) {
    const auto parsed = key_type_from_string(*type);
    if (!parsed) throw ApiError(400, "`key_type` must be one of: user, service");
    record.key_type = *parsed;
  }
  record.expires_at = expiry_member(body, now);
  const auto space_id = string_member(body, "space_id");
  const json* roles = member(body, "roles");

  if (record.key_type == KeyType::user) {
    if (space_id || roles != nullptr) {
      throw ApiError(400,
                     "`space_id` and `roles` belong to service keys; leave them out of a "
                     "user key");
    }
    if (who.bot) throw ApiError(403, "a service key cannot create user keys");
  } else {
    if (!space_id) throw ApiError(400, "`space_id` is required for a service key");
    record.roles = roles_member(roles);
    const Space* space = find_space(*space_id);
    const auto role = space != nullptr ? space_role(who, *space) : std::nullopt;
    if (!role) throw ApiError(404, "space not found");
    if (*role < Role::member) {
      throw ApiError(403, "creating a service key needs the member or admin role in its space");
    }
    check_role_ceiling(who, *space, *record.roles);
    record.space_id = space->id;
  }
  record.created_by_user_id = who.user_id;
  record.created_at = now;
  const std::string raw = new_raw_key();
  CreatedKey created{add_key(std::move(record), raw), raw};
  changed();
  return created;
}

void Store::remove(std::string_view bearer_token, std::string_view key_id) {
  std::lock_guard lock(mutex_);
  const Principal who = authenticate(bearer_token, clock_());
  ApiKeyRecord& key = manageable_key(who, key_id);
  key.deleted = true;
  key.valid_until.reset();
  changed();
}

CreatedKey Store::refresh(std::string_view bearer_token, std::string_view key_id,
                          std::string_view body_text) {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_();
  const Principal who = authenticate(bearer_token, now);
  std::optional<TimePoint> expires_at;
  std::int64_t grace_seconds = 0;
  if (const auto body = parse_body(body_text)) {
    expires_at = expiry_member(*body, now);
    grace_seconds = grace_member(*body);
  }

  ApiKeyRecord& old = manageable_key(who, key_id);
  if (old.key_type == KeyType::service) {
    // The caller receives the replacement's secret: its roles must not exceed the caller's.
    // (The space exists: manageable_key has checked that the caller can see it.)
    check_role_ceiling(who, *find_space(*old.space_id), *old.roles);
  }
  ApiKeyRecord replacement;
  replacement.name = old.name;
  replacement.description = old.description;
  replacement.key_type = old.key_type;
  replacement.created_by_user_id = old.created_by_user_id;
  replacement.space_id = old.space_id;
  replacement.roles = old.roles;
  replacement.bot_user_id = old.bot_user_id;
  replacement.created_at = now;
  replacement.expires_at = expires_at;

  old.deleted = true;
  old.valid_until.reset();
  if (grace_seconds > 0) {
    TimePoint until = now + std::chrono::seconds(grace_seconds);
    if (old.expires_at && *old.expires_at < until) until = *old.expires_at;
    old.valid_until = until;
  }
  // `old` dangles from here on: add_key may reallocate the key vector.
  const std::string raw = new_raw_key();
  CreatedKey created{add_key(std::move(replacement), raw), raw};
  changed();
  return created;
}

// --- rules --------------------------------------------------------------------------------

Store::Principal Store::authenticate(std::string_view bearer_token, TimePoint now) {
  if (bearer_token.empty()) {
    throw ApiError(401, "missing API key: send the header `Authorization: Bearer <api key>`");
  }
  const auto it = by_secret_.find(sha256_hex(bearer_token));
  if (it == by_secret_.end()) throw ApiError(401, "the API key is not valid");
  ApiKeyRecord& key = state_.keys[it->second];
  if (key.deleted && !(key.valid_until && now < *key.valid_until)) {
    throw ApiError(401, "the API key has been deleted");
  }
  if (key.expires_at && now >= *key.expires_at) throw ApiError(401, "the API key has expired");
  if (!key.last_used_at || now - *key.last_used_at >= kLastUsedResolution) {
    key.last_used_at = now;
    changed();
  }

  Principal who;
  if (key.key_type == KeyType::service) {
    who.user_id = *key.bot_user_id;
    who.bot = true;
    who.account_role = key.roles->account_role;
    who.org_role = key.roles->org_role;
    who.bot_space_id = key.space_id;
    who.bot_space_role = key.roles->space_role;
  } else {
    who.user_id = key.created_by_user_id;
    const bool admin = who.user_id == kAdminUserId;
    who.account_role = admin ? Role::admin : Role::member;
    who.org_role = admin ? Role::admin : Role::member;
  }
  return who;
}

const Space* Store::find_space(std::string_view id) const {
  const auto it = std::find_if(state_.spaces.begin(), state_.spaces.end(),
                               [id](const Space& s) { return s.id == id; });
  return it == state_.spaces.end() ? nullptr : &*it;
}

std::optional<Role> Store::space_role(const Principal& who, const Space& space) const {
  if (who.bot) {
    return who.bot_space_id == space.id ? std::optional(who.bot_space_role) : std::nullopt;
  }
  if (who.user_id == kAdminUserId) return Role::admin;
  if (who.user_id == kMemberUserId) return space.member_role;
  return std::nullopt;
}

bool Store::can_see(const Principal& who, const ApiKeyRecord& key) const {
  if (key.key_type == KeyType::user) {
    return !who.bot && (key.created_by_user_id == who.user_id || who.account_admin());
  }
  const Space* space = find_space(*key.space_id);
  return space != nullptr && space_role(who, *space).has_value();
}

bool Store::can_manage(const Principal& who, const ApiKeyRecord& key) const {
  if (key.key_type == KeyType::user) return can_see(who, key);
  if (key.created_by_user_id == who.user_id) return true;
  const Space* space = find_space(*key.space_id);
  return space != nullptr && space_role(who, *space) == Role::admin;
}

ApiKeyRecord& Store::manageable_key(const Principal& who, std::string_view id) {
  const auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) throw ApiError(404, "API key not found");
  ApiKeyRecord& key = state_.keys[it->second];
  if (key.deleted || !can_see(who, key)) throw ApiError(404, "API key not found");
  if (!can_manage(who, key)) {
    throw ApiError(403, "only the key's creator or an admin of its space may change this key");
  }
  return key;
}

void Store::check_role_ceiling(const Principal& who, const Space& space, const Roles& roles) const {
  const Role own_space = space_role(who, space).value_or(Role::read_only);
  auto refuse = [](const char* which, Role asked, Role own) {
    throw ApiError(422, std::string("`roles.") + which + "` " + std::string(to_string(asked)) +
                            " is above your own role (" + std::string(to_string(own)) + ")");
  };
  if (roles.space_role > own_space) refuse("space_role", roles.space_role, own_space);
  if (roles.org_role > who.org_role) refuse("org_role", roles.org_role, who.org_role);
  if (roles.account_role > who.account_role) {
    refuse("account_role", roles.account_role, who.account_role);
  }
}

ApiKeyRecord& Store::add_key(ApiKeyRecord record, const std::string& raw_key) {
  record.seq = ++state_.last_seq;
  record.id = make_key_id(record.seq);
  record.secret_sha256 = sha256_hex(raw_key);
  record.redacted_key = redact_key(raw_key);
  if (record.key_type == KeyType::service && !record.bot_user_id) {
    record.bot_user_id = base64_encode("BotUser:" + std::to_string(record.seq));
  }
  const std::size_t index = state_.keys.size();
  by_id_[record.id] = index;
  by_secret_[record.secret_sha256] = index;
  state_.keys.push_back(std::move(record));
  return state_.keys.back();
}

std::string Store::new_raw_key() { return "ak-" + base64url_encode(random_.bytes(30)); }

std::string Store::make_cursor(std::uint64_t last_seq, std::string_view filters) const {
  std::string payload;
  for (int shift = 56; shift >= 0; shift -= 8) {
    payload += static_cast<char>((last_seq >> shift) & 0xFF);
  }
  payload += sha256(filters).substr(0, kCursorDigestSize);
  return base64url_encode(payload +
                          hmac_sha256(state_.cursor_secret, payload).substr(0, kCursorDigestSize));
}

std::uint64_t Store::read_cursor(std::string_view cursor, std::string_view filters) const {
  const auto raw = base64url_decode(cursor);
  if (!raw || raw->size() != kCursorSize ||
      !constant_time_equal(
          raw->substr(kCursorSize - kCursorDigestSize),
          hmac_sha256(state_.cursor_secret, raw->substr(0, kCursorSize - kCursorDigestSize))
              .substr(0, kCursorDigestSize))) {
    throw ApiError(400, "`cursor` is not valid: pass pagination.next_cursor unchanged");
  }
  if (raw->substr(8, kCursorDigestSize) != sha256(filters).substr(0, kCursorDigestSize)) {
    throw ApiError(400,
                   "`cursor` was issued for other filters (or another caller): repeat the "
                   "first call's key_type, status, space_id and user_id");
  }
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < 8; ++i) seq = (seq << 8) | static_cast<unsigned char>((*raw)[i]);
  return seq;
}

void Store::changed() {
  if (persist_) persist_(state_);
}

}  // namespace arize::emulator
