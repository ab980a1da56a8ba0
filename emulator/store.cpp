#include "store.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <unordered_set>
#include <utility>

namespace arize::emulator {
namespace {

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

bool is_token_text(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 127; });
}

/// ASCII lower case, for the case-insensitive name filters.
std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// 400 for an expiry that is not in the future.
void check_future(const std::optional<TimePoint>& expires_at, TimePoint now) {
  if (expires_at && *expires_at <= now) throw Refusal(400, "`expires_at` must be in the future");
}

}  // namespace

TimePoint system_now() {
  return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
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
/// acts as its bot user, which holds the key's roles and may act only within the key's
/// organizations and spaces (`grant`).
struct Store::Principal {
  std::string user_id;
  bool bot = false;
  Role account_role = Role::member;
  std::optional<ServiceGrant> grant;  // a bot's

  /// Account-wide powers over user keys; a bot never has them (it stays in its space).
  [[nodiscard]] bool account_admin() const { return !bot && account_role == Role::admin; }
};

State Store::fresh_state(Random& random) {
  State state;
  state.cursor_secret = random.bytes(32);
  state.organizations = seeded_organizations();
  const std::string org1(kOrganizationId);
  const std::string org2(kSecondOrganizationId);
  state.spaces = {
      {"U3BhY2U6MQ==", "production", Role::member, org1},     // "Space:1"
      {"U3BhY2U6Mg==", "staging", Role::read_only, org1},     // "Space:2"
      {"U3BhY2U6Mw==", "restricted", std::nullopt, org1},     // "Space:3": the member has no access
      {"U3BhY2U6NA==", "production", Role::read_only, org2},  // "Space:4": a name used twice
      {"U3BhY2U6NQ==", "research", std::nullopt, org2},       // "Space:5"
  };
  return state;
}

std::vector<Organization> Store::seeded_organizations() {
  return {
      {std::string(kOrganizationId), "default", Role::member},
      {std::string(kSecondOrganizationId), "research-lab", Role::read_only},
  };
}

Store::Store(State state, Clock clock, Random& random, Rules rules)
    : state_(std::move(state)), clock_(std::move(clock)), random_(random), rules_(rules) {
  if (state_.organizations.empty()) state_.organizations = seeded_organizations();
  std::unordered_set<std::string> org_ids;
  for (const Organization& org : state_.organizations) {
    if (!is_token_text(org.id) || !org_ids.insert(org.id).second) {
      throw std::invalid_argument("an organization id is empty, unprintable or given twice");
    }
  }
  for (Space& space : state_.spaces) {
    if (space.org_id.empty()) space.org_id = kOrganizationId;
    if (!org_ids.contains(space.org_id)) {
      throw std::invalid_argument("a space belongs to no known organization");
    }
  }
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
    if (key.key_type == KeyType::service) {
      bool bound = key.grant && key.bot_user_id && !key.grant->orgs.empty();
      for (const OrgBinding& org : bound ? key.grant->orgs : std::vector<OrgBinding>{}) {
        bound = bound && org.org_id && org_ids.contains(*org.org_id) && !org.spaces.empty();
        for (const SpaceBinding& space : org.spaces) {
          const Space* found = find_space(space.space_id);
          bound = bound && found != nullptr && found->org_id == *org.org_id;
        }
      }
      if (!bound) throw std::invalid_argument("a service key lacks its spaces, roles or bot user");
    }
  }
}

void Store::ensure_space(const std::string& id) {
  if (!is_token_text(id)) throw std::invalid_argument("a space id must be printable, no spaces");
  std::lock_guard lock(mutex_);
  if (find_space(id) != nullptr) return;
  state_.spaces.push_back({id, "space-" + std::to_string(state_.spaces.size() + 1), std::nullopt,
                           std::string(kOrganizationId)});
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

ListPage Store::list(std::string_view bearer_token, const Decoded<ListFilter>& request) {
  std::lock_guard lock(mutex_);
  const Principal who = authenticate(bearer_token, clock_());
  const ListFilter& query = request.get();
  // wire.cpp refuses other sizes; a ListFilter built in-process is held to the same range.
  const std::size_t limit = std::max(query.limit, std::size_t{1});

  // A cursor is valid only for the caller and filters that produced it (limit may change).
  // Each value length-prefixed: unambiguous for any bytes (a JSON array would throw on text
  // that is not UTF-8, and query values are whatever the client percent-encoded).
  // The values are the query's wire text (key_type and status as the API spells them), so
  // cursors stay valid across versions of the emulator and in state files.
  auto or_empty = [](const std::optional<std::string>& value) {
    return value ? std::string_view(*value) : std::string_view();
  };
  std::string filters;
  for (const std::string_view value :
       {std::string_view(who.user_id),
        query.key_type ? to_string(*query.key_type) : std::string_view(),
        std::string_view(query.deleted ? "deleted" : "active"), or_empty(query.space_id),
        or_empty(query.user_id)}) {
    filters += std::to_string(value.size()) + ":" + std::string(value);
  }
  const std::uint64_t after = query.cursor ? read_cursor(*query.cursor, filters) : 0;

  const Space* space = nullptr;
  if (query.space_id) {
    space = find_space(*query.space_id);
    if (space == nullptr || !space_role(who, *space)) throw Refusal(404, "space not found");
  } else if (query.user_id && !who.account_admin()) {
    throw Refusal(403, "only account admins may list other users' keys with `user_id`");
  }
  // Without space_id: user keys, the caller's own unless user_id names another creator.
  // With space_id: that space's service keys, all of them unless user_id names a creator.
  const KeyType listed = space != nullptr ? KeyType::service : KeyType::user;
  std::optional<std::string> creator = query.user_id;
  if (space == nullptr && !creator) creator = who.user_id;

  ListPage page;
  if (query.key_type && *query.key_type != listed) return page;
  auto it = std::partition_point(state_.keys.begin(), state_.keys.end(),
                                 [after](const ApiKeyRecord& k) { return k.seq <= after; });
  for (; it != state_.keys.end(); ++it) {
    const ApiKeyRecord& key = *it;
    if (key.key_type != listed || key.deleted != query.deleted) continue;
    if (space != nullptr && !binds(key, space->id)) continue;
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

CreatedKey Store::create(std::string_view bearer_token, const Decoded<NewKey>& request) {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_();
  const Principal who = authenticate(bearer_token, now);
  const NewKey& asked = request.get();
  check_future(asked.expires_at, now);

  ApiKeyRecord record;
  record.name = asked.name;
  record.description = asked.description;
  record.expires_at = asked.expires_at;
  if (!asked.service) {
    if (who.bot) throw Refusal(403, "a service key cannot create user keys");
  } else {
    record.key_type = KeyType::service;
    record.grant = resolve_grant(who, *asked.service);
  }
  record.created_by_user_id = who.user_id;
  record.created_at = now;
  const std::string raw = new_raw_key();
  CreatedKey created{add_key(std::move(record), raw), raw};
  changed();
  return created;
}

void Store::revoke(std::string_view bearer_token, std::string_view key_id) {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_();
  const Principal who = authenticate(bearer_token, now);
  ApiKeyRecord& key = manageable_key(who, key_id, rules_.revoke_idempotent);
  // Revoking a revoked key changes nothing, unless a grace period still let it authenticate.
  if (key.deleted && !(key.valid_until && now < *key.valid_until)) return;
  key.deleted = true;
  key.valid_until.reset();
  changed();
}

CreatedKey Store::refresh(std::string_view bearer_token, std::string_view key_id,
                          const Decoded<KeyRefresh>& request) {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_();
  const Principal who = authenticate(bearer_token, now);
  const KeyRefresh& asked = request.get();
  check_future(asked.expires_at, now);

  ApiKeyRecord& old = manageable_key(who, key_id);
  if (old.key_type == KeyType::service) {
    // The caller receives the replacement's secret: its roles must not exceed the caller's.
    check_role_ceiling(who, *old.grant);
  }
  if (rules_.refresh_keeps_lifetime && old.expires_at) {
    if (!asked.expires_at) {
      throw Refusal(422, "`expires_at` is required: the key expires, and so must its replacement");
    }
    if (*asked.expires_at > *old.expires_at) {
      throw Refusal(422,
                    "`expires_at` is later than the key's own expiry: a refresh cannot lengthen a "
                    "key's life (create a new key instead)");
    }
  }
  ApiKeyRecord replacement;
  replacement.name = old.name;
  replacement.description = old.description;
  replacement.key_type = old.key_type;
  replacement.created_by_user_id = old.created_by_user_id;
  replacement.grant = old.grant;
  replacement.bot_user_id = old.bot_user_id;
  replacement.created_at = now;
  replacement.expires_at = asked.expires_at;

  old.deleted = true;
  old.valid_until.reset();
  if (asked.grace_period_seconds > 0) {
    // The wire allows 0..86400; a KeyRefresh built in-process may hold any value, so the sum
    // saturates at the last writable instant instead of overflowing.
    const auto room =
        std::chrono::duration_cast<std::chrono::seconds>(arize::max_datetime - now).count();
    TimePoint until = now + std::chrono::seconds(std::min(asked.grace_period_seconds, room));
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
    throw Refusal(401, "missing API key: send the header `Authorization: Bearer <api key>`");
  }
  const auto it = by_secret_.find(sha256_hex(bearer_token));
  if (it == by_secret_.end()) throw Refusal(401, "the API key is not valid");
  ApiKeyRecord& key = state_.keys[it->second];
  if (key.deleted && !(key.valid_until && now < *key.valid_until)) {
    throw Refusal(401, "the API key has been deleted");
  }
  if (key.expires_at && now >= *key.expires_at) throw Refusal(401, "the API key has expired");
  if (!key.last_used_at || now - *key.last_used_at >= kLastUsedResolution) {
    key.last_used_at = now;
    changed();
  }

  Principal who;
  if (key.key_type == KeyType::service) {
    who.user_id = *key.bot_user_id;
    who.bot = true;
    who.account_role = key.grant->account_role;
    who.grant = key.grant;
  } else {
    who.user_id = key.created_by_user_id;
    who.account_role = who.user_id == kAdminUserId ? Role::admin : Role::member;
  }
  return who;
}

const Space* Store::find_space(std::string_view id) const {
  const auto it = std::find_if(state_.spaces.begin(), state_.spaces.end(),
                               [id](const Space& s) { return s.id == id; });
  return it == state_.spaces.end() ? nullptr : &*it;
}

const Organization* Store::find_organization(std::string_view id) const {
  const auto it = std::find_if(state_.organizations.begin(), state_.organizations.end(),
                               [id](const Organization& o) { return o.id == id; });
  return it == state_.organizations.end() ? nullptr : &*it;
}

std::optional<Role> Store::space_role(const Principal& who, const Space& space) const {
  if (who.bot) {
    for (const OrgBinding& org : who.grant->orgs) {
      for (const SpaceBinding& bound : org.spaces) {
        // A custom role has the powers of a member here.
        if (bound.space_id == space.id) return bound.custom_role_id ? Role::member : bound.role;
      }
    }
    return std::nullopt;
  }
  if (who.user_id == kAdminUserId) return Role::admin;
  if (who.user_id == kMemberUserId) return space.member_role;
  return std::nullopt;
}

std::optional<Role> Store::org_role(const Principal& who, const Organization& org) const {
  if (who.bot) {
    for (const OrgBinding& bound : who.grant->orgs) {
      if (bound.org_id == org.id) return bound.role;
    }
    return std::nullopt;
  }
  if (who.user_id == kAdminUserId) return Role::admin;
  if (who.user_id == kMemberUserId) return org.member_role;
  return std::nullopt;
}

bool Store::binds(const ApiKeyRecord& key, std::string_view space_id) {
  if (!key.grant) return false;
  for (const OrgBinding& org : key.grant->orgs) {
    for (const SpaceBinding& space : org.spaces) {
      if (space.space_id == space_id) return true;
    }
  }
  return false;
}

bool Store::can_see(const Principal& who, const ApiKeyRecord& key) const {
  if (key.key_type == KeyType::user) {
    return !who.bot && (key.created_by_user_id == who.user_id || who.account_admin());
  }
  // A service key is visible to whoever can access one of its spaces.
  for (const OrgBinding& org : key.grant->orgs) {
    for (const SpaceBinding& bound : org.spaces) {
      const Space* space = find_space(bound.space_id);
      if (space != nullptr && space_role(who, *space)) return true;
    }
  }
  return false;
}

bool Store::can_manage(const Principal& who, const ApiKeyRecord& key) const {
  if (key.key_type == KeyType::user) return can_see(who, key);
  if (key.created_by_user_id == who.user_id) return true;
  // Otherwise: an admin of every space the key is bound to.
  for (const OrgBinding& org : key.grant->orgs) {
    for (const SpaceBinding& bound : org.spaces) {
      const Space* space = find_space(bound.space_id);
      if (space == nullptr || space_role(who, *space) != Role::admin) return false;
    }
  }
  return true;
}

ApiKeyRecord& Store::manageable_key(const Principal& who, std::string_view id, bool revoked_ok) {
  const auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) throw Refusal(404, "API key not found");
  ApiKeyRecord& key = state_.keys[it->second];
  if ((key.deleted && !revoked_ok) || !can_see(who, key)) throw Refusal(404, "API key not found");
  if (!can_manage(who, key)) {
    throw Refusal(403, "only the key's creator or an admin of its space may change this key");
  }
  return key;
}

ServiceGrant Store::resolve_grant(const Principal& who, const ServiceGrant& asked) const {
  ServiceGrant grant = asked;
  std::unordered_set<std::string> orgs_seen;
  std::unordered_set<std::string> spaces_seen;
  auto check_org = [&](const std::string& id) {
    const Organization* found = find_organization(id);
    if (found == nullptr || !org_role(who, *found)) throw Refusal(404, "organization not found");
    if (!orgs_seen.insert(found->id).second) throw Refusal(400, "an organization is listed twice");
  };
  for (OrgBinding& org : grant.orgs) {
    if (org.spaces.empty()) throw Refusal(400, "each organization needs at least one space");
    // The 2026-07 wire names the organization; the 2026-06 wire only the space.
    const bool named = org.org_id.has_value();
    if (named) check_org(*org.org_id);
    for (const SpaceBinding& bound : org.spaces) {
      const Space* space = find_space(bound.space_id);
      const auto role = space != nullptr ? space_role(who, *space) : std::nullopt;
      if (!role) throw Refusal(404, "space not found");
      if (*role < Role::member) {
        throw Refusal(403, "creating a service key needs the member or admin role in its spaces");
      }
      if (!org.org_id) org.org_id = space->org_id;
      if (space->org_id != *org.org_id) {
        throw Refusal(422, "a space is listed under an organization it does not belong to");
      }
      if (!spaces_seen.insert(space->id).second) throw Refusal(400, "a space is listed twice");
    }
    if (!named) check_org(*org.org_id);
  }
  if (grant.orgs.empty()) throw Refusal(400, "a service key needs at least one organization");
  check_role_ceiling(who, grant);
  return grant;
}

void Store::check_role_ceiling(const Principal& who, const ServiceGrant& grant) const {
  auto refuse = [this](const std::string& which, Role asked, Role own) {
    throw Refusal(rules_.role_above_caller, which + " " + std::string(to_string(asked)) +
                                                " is above your own role (" +
                                                std::string(to_string(own)) + ")");
  };
  if (grant.account_role > who.account_role) {
    refuse("the account role", grant.account_role, who.account_role);
  }
  for (const OrgBinding& org : grant.orgs) {
    const Organization* found = org.org_id ? find_organization(*org.org_id) : nullptr;
    const Role own_org =
        found != nullptr ? org_role(who, *found).value_or(Role::read_only) : Role::read_only;
    if (org.role > own_org) refuse("an organization role", org.role, own_org);
    for (const SpaceBinding& bound : org.spaces) {
      const Space* space = find_space(bound.space_id);
      const Role own =
          space != nullptr ? space_role(who, *space).value_or(Role::read_only) : Role::read_only;
      // Assigning a custom role takes a space admin (the emulator does not know its powers).
      const Role asked = bound.custom_role_id ? Role::admin : bound.role;
      if (asked > own)
        refuse(bound.custom_role_id ? "a custom space role" : "a space role", asked, own);
    }
  }
}

template <class Item>
DirectoryPage<Item> Store::directory_page(const Principal& who, const std::vector<Item>& items,
                                          const DirectoryFilter& query, std::string_view kind,
                                          const std::function<bool(const Item&)>& visible) const {
  auto or_empty = [](const std::optional<std::string>& value) {
    return value ? std::string_view(*value) : std::string_view();
  };
  std::string filters;
  for (const std::string_view value :
       {kind, std::string_view(who.user_id), or_empty(query.org_id), or_empty(query.name)}) {
    filters += std::to_string(value.size()) + ":" + std::string(value);
  }
  const std::uint64_t after = query.cursor ? read_cursor(*query.cursor, filters) : 0;
  const std::size_t limit = std::max(query.limit, std::size_t{1});
  const std::string needle = lower(or_empty(query.name));
  DirectoryPage<Item> page;
  for (std::size_t i = after; i < items.size(); ++i) {
    const Item& item = items[i];
    if (!visible(item) || lower(item.name).find(needle) == std::string::npos) continue;
    if (page.items.size() == limit) {
      page.has_more = true;
      page.next_cursor = make_cursor(i, filters);  // the position after the last item sent
      break;
    }
    page.items.push_back(item);
  }
  return page;
}

DirectoryPage<Space> Store::list_spaces(std::string_view bearer_token,
                                        const Decoded<DirectoryFilter>& request) {
  std::lock_guard lock(mutex_);
  const Principal who = authenticate(bearer_token, clock_());
  const DirectoryFilter& query = request.get();
  return directory_page<Space>(who, state_.spaces, query, "spaces", [&](const Space& space) {
    return (!query.org_id || space.org_id == *query.org_id) && space_role(who, space).has_value();
  });
}

DirectoryPage<Organization> Store::list_organizations(std::string_view bearer_token,
                                                      const Decoded<DirectoryFilter>& request) {
  std::lock_guard lock(mutex_);
  const Principal who = authenticate(bearer_token, clock_());
  return directory_page<Organization>(
      who, state_.organizations, request.get(), "organizations",
      [&](const Organization& org) { return org_role(who, org).has_value(); });
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
    throw Refusal(400, "`cursor` is not valid: pass pagination.next_cursor unchanged");
  }
  if (raw->substr(8, kCursorDigestSize) != sha256(filters).substr(0, kCursorDigestSize)) {
    throw Refusal(400,
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
