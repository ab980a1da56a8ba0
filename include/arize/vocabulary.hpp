// The seeds' vocabulary: the revision-neutral types the facade (arize::Client) and the seed
// programs (examples/seeds/) use in namespace arize. They belong to no API revision: the facade
// maps them to and from the generated types of the revision in use (arize::v2026_06 or
// arize::v2026_07, include/arize/generated/) in detail/client_core.hpp. This is the ONE list of
// them. Code that deals with one revision's wire itself names arize::v2026_0X::X.
//
// Enum text is the seeds' lowercase text ("user", "active", "read-only"): what printing and
// EnumTraits give, never what is sent (2026-07 sends "USER", "ACTIVE", "READ_ONLY").
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "arize/core/param.hpp"
#include "arize/core/runtime.hpp"

namespace arize {

/// The revision of the Arize API keys API a Client speaks (ClientOptions::api_revision).
enum class ApiRevision {
  v2026_06,  ///< "2026-06": the seeds' revision (DELETE, lowercase values, flat space_id)
  v2026_07,  ///< "2026-07": the current one, what api.arize.com serves (the default)
};
/// The revision used when neither ClientOptions::api_revision nor ARIZE_API_REVISION is set.
inline constexpr ApiRevision current_api_revision = ApiRevision::v2026_07;

enum class ApiKeyType { user, service };
/// `deleted` (2026-06's word) and `revoked` (2026-07's) are one status.
enum class ApiKeyStatus { active, revoked, deleted = revoked };
/// Predefined roles. 2026-07 also has ANNOTATOR, which service keys may not have (422): it
/// comes back as an unknown Open<...> value ("ANNOTATOR").
enum class SpaceRole { admin, member, read_only };
enum class OrgRole { admin, member, read_only };
enum class AccountRole { admin, member };

}  // namespace arize

template <>
struct arize::EnumTraits<arize::ApiRevision> {
  static constexpr std::string_view name = "ApiRevision";
  static constexpr std::array<std::pair<ApiRevision, std::string_view>, 2> values{{
      {ApiRevision::v2026_06, "2026-06"},
      {ApiRevision::v2026_07, "2026-07"},
  }};
};
template <>
struct arize::EnumTraits<arize::ApiKeyType> {
  static constexpr std::string_view name = "ApiKeyType";
  static constexpr std::array<std::pair<ApiKeyType, std::string_view>, 2> values{{
      {ApiKeyType::user, "user"},
      {ApiKeyType::service, "service"},
  }};
};
template <>
struct arize::EnumTraits<arize::ApiKeyStatus> {
  static constexpr std::string_view name = "ApiKeyStatus";
  // revoked prints "revoked"; "deleted" is read as the same status.
  static constexpr std::array<std::pair<ApiKeyStatus, std::string_view>, 3> values{{
      {ApiKeyStatus::active, "active"},
      {ApiKeyStatus::revoked, "revoked"},
      {ApiKeyStatus::deleted, "deleted"},
  }};
};
template <>
struct arize::EnumTraits<arize::SpaceRole> {
  static constexpr std::string_view name = "SpaceRole";
  static constexpr std::array<std::pair<SpaceRole, std::string_view>, 3> values{{
      {SpaceRole::admin, "admin"},
      {SpaceRole::member, "member"},
      {SpaceRole::read_only, "read-only"},
  }};
};
template <>
struct arize::EnumTraits<arize::OrgRole> {
  static constexpr std::string_view name = "OrgRole";
  static constexpr std::array<std::pair<OrgRole, std::string_view>, 3> values{{
      {OrgRole::admin, "admin"},
      {OrgRole::member, "member"},
      {OrgRole::read_only, "read-only"},
  }};
};
template <>
struct arize::EnumTraits<arize::AccountRole> {
  static constexpr std::string_view name = "AccountRole";
  static constexpr std::array<std::pair<AccountRole, std::string_view>, 2> values{{
      {AccountRole::admin, "admin"},
      {AccountRole::member, "member"},
  }};
};

namespace arize {

// ---- what the facade returns ---------------------------------------------------------------

/// A role as the server resolved it (2026-07's bot_user): a predefined role (an unknown one,
/// e.g. ANNOTATOR, stays unknown) or a custom role by id.
template <class E>
struct ResolvedRole {
  std::optional<Open<E>> predefined{};
  std::optional<std::string> custom_id{};
  std::optional<std::string> custom_name{};
  bool operator==(const ResolvedRole&) const = default;
};

struct BotUserSpace {
  std::string space_id;
  ResolvedRole<SpaceRole> role{};
  bool operator==(const BotUserSpace&) const = default;
};
struct BotUserOrganization {
  std::string org_id;
  ResolvedRole<OrgRole> role{};
  std::vector<BotUserSpace> spaces{};
  bool operator==(const BotUserOrganization&) const = default;
};
/// The service account of a service key, with every role resolved (2026-07 only).
struct BotUser {
  std::string id;
  std::string name;
  ResolvedRole<AccountRole> account_role{};
  std::vector<BotUserOrganization> organizations{};
  bool operator==(const BotUser&) const = default;
};

/// A key as listed (never the raw key).
struct ApiKey {
  Required<std::string> id;
  Required<std::string> name;
  std::optional<std::string> description{};
  Required<Open<ApiKeyType>> key_type;
  Required<Open<ApiKeyStatus>> status;
  Required<std::string> redacted_key;
  Required<DateTime> created_at;
  std::optional<DateTime> expires_at{};
  Required<std::string> created_by_user_id;
  std::optional<DateTime> last_used_at{};
  bool operator==(const ApiKey&) const = default;
  void arize_encode(Json& out, const EncodeOptions& options = {}) const;
};

/// A key just created or refreshed: the raw key is in `key`, once.
struct ApiKeyCreated {
  Required<std::string> id;
  Required<std::string> name;
  std::optional<std::string> description{};
  Required<Open<ApiKeyType>> key_type;
  Required<Open<ApiKeyStatus>> status;
  Required<std::string> redacted_key;
  Required<DateTime> created_at;
  std::optional<DateTime> expires_at{};
  Required<std::string> created_by_user_id;
  std::optional<DateTime> last_used_at{};
  Required<Secret> key;
  /// The service account of a service key created on 2026-07; nullopt otherwise.
  std::optional<BotUser> bot_user{};
  bool operator==(const ApiKeyCreated&) const = default;
  void arize_encode(Json& out, const EncodeOptions& options = {}) const;
};

struct Pagination {
  std::optional<std::string> next_cursor{};
  Required<bool> has_more;
  bool operator==(const Pagination&) const = default;
  void arize_encode(Json& out, const EncodeOptions& options = {}) const;
};

/// One page of list(): `const auto [api_keys, pagination] = client.api_keys.list();`.
struct ApiKeyList {
  Required<std::vector<ApiKey>> api_keys;
  Required<Pagination> pagination;
  bool operator==(const ApiKeyList&) const = default;
  void arize_encode(Json& out, const EncodeOptions& options = {}) const;
};

// ---- what the facade takes (one params struct per operation) --------------------------------
// Members are OptionalParam<T> (a std::optional<T>) and RequiredParam<T, "name"> (a
// Required<T>): core/param.hpp, which makes the compiler's first error line name a mistake.

/// Parameters of list / list_all. Python `list(key_type, status, limit)`, TypeScript
/// `listApiKeys({keyType, status, spaceId, userId, limit})`.
struct ListKeysParams {
  OptionalParam<Open<ApiKeyType>> key_type{};
  OptionalParam<Open<ApiKeyStatus>> status{};
  /// The service keys of this space (an id).
  OptionalParam<std::string> space_id{};
  OptionalParam<std::string> user_id{};
  /// 1..100 (server default 50).
  OptionalParam<std::int32_t, 1, 100> limit{};
  OptionalParam<std::string> cursor{};
  bool operator==(const ListKeysParams&) const = default;
};
/// The name list() took before. Deprecated: each revision's generated request struct has this
/// name too (`arize::v2026_07::ListApiKeysRequest`, another type), so the two read alike.
using ListApiKeysRequest [[deprecated("use arize::ListKeysParams")]] = ListKeysParams;

/// Parameters of create (a user key). Python `create(name, description)`; TypeScript
/// `createApiKey({name, description, keyType: "user"})`.
struct CreateKeyParams {
  RequiredParam<std::string, "name"> name;
  OptionalParam<std::string> description{};
  OptionalParam<DateTime> expires_at{};
};

/// A custom space role, by id (2026-07 only; CUSTOM roles are accepted per space only).
struct CustomRole {
  std::string id;
  bool operator==(const CustomRole&) const = default;
};
/// A space role: predefined (`SpaceRole::member`) or custom (`CustomRole{"Um9sZTox"}`).
using SpaceRoleAssignment = std::variant<Open<SpaceRole>, CustomRole>;

/// One space of a service key, by name or id (see ApiKeysClient::create_service_key).
struct SpaceBinding {
  RequiredParam<std::string, "space"> space;
  OptionalParam<SpaceRoleAssignment> role{};
};
/// One organization of a service key (2026-07), by id or name; without it, the organization
/// of its first space is looked up.
struct OrgBinding {
  OptionalParam<std::string> org{};
  OptionalParam<Open<OrgRole>> role{};
  std::vector<SpaceBinding> spaces{};
};

/// Parameters of create_service_key. Either the seeds' form (space_id with space_role and
/// org_role; `org` optionally names its organization) or `organizations` (2026-07: several
/// organizations and spaces, custom space roles), not both. Roles left out get the server's
/// defaults (space member, org read-only, account member) and are not sent.
struct CreateServiceKeyParams {
  RequiredParam<std::string, "name"> name;
  /// The space: an id, or a name looked up by exact match.
  OptionalParam<std::string> space_id{};
  OptionalParam<std::string> description{};
  OptionalParam<DateTime> expires_at{};
  OptionalParam<SpaceRoleAssignment> space_role{};
  OptionalParam<Open<OrgRole>> org_role{};
  OptionalParam<Open<AccountRole>> account_role{};
  /// The organization of space_id (id or name; 2026-07). Unset: looked up (extra calls).
  OptionalParam<std::string> org{};
  /// 2026-07's form; empty when space_id is used.
  std::vector<OrgBinding> organizations{};
};

/// Parameters of refresh: a new expiry (2026-07: required when the old key expires, and no
/// later than its expiry) and a grace period (0..86400 s) for the old key.
struct RefreshParams {
  OptionalParam<DateTime> expires_at{};
  OptionalParam<std::int32_t, 0, 86400> grace_period_seconds{};
  bool operator==(const RefreshParams&) const = default;
};

/// Parameters of delete_key / revoke (none today; kept for one call shape).
struct RevokeParams {
  bool operator==(const RevokeParams&) const = default;
};

// ---- printing and encoding of the results ---------------------------------------------------

/// The facade's results encode (arize::encode, for JSON output) and print like models, with the
/// seeds' enum text; they are not decoded (they are not any revision's wire form).
template <class T>
concept FacadeResult = !Model<T> && requires(const T& v, Json& out, const EncodeOptions& o) {
  v.arize_encode(out, o);
};
template <FacadeResult T>
struct Codec<T> {
  static void encode(Json& out, const T& v, const EncodeOptions& options) {
    v.arize_encode(out, options);
  }
};
template <FacadeResult T>
std::ostream& operator<<(std::ostream& os, const T& v) {
  return detail::print_model(os, v);
}

namespace detail {
template <class E>
Json encode_role(const ResolvedRole<E>& r) {
  Json j = Json::object();
  if (r.predefined) {
    j["type"] = "PREDEFINED";
    j["name"] = std::string(r.predefined->wire());
  } else {
    j["type"] = "CUSTOM";
    if (r.custom_id) j["id"] = *r.custom_id;
    if (r.custom_name) j["name"] = *r.custom_name;
  }
  return j;
}
inline Json encode_bot_user(const BotUser& b) {
  Json orgs = Json::array();
  for (const auto& o : b.organizations) {
    Json spaces = Json::array();
    for (const auto& s : o.spaces) {
      spaces.push_back({{"space_id", s.space_id}, {"role", encode_role(s.role)}});
    }
    orgs.push_back({{"org_id", o.org_id}, {"role", encode_role(o.role)}, {"spaces", spaces}});
  }
  return {{"id", b.id},
          {"name", b.name},
          {"account_role", encode_role(b.account_role)},
          {"organizations", orgs}};
}
template <class K>
void encode_key_fields(Json& out, const K& k, const EncodeOptions& options) {
  out = Json::object();
  encode_field(out, "id", k.id, options);
  encode_field(out, "name", k.name, options);
  encode_optional_field(out, "description", k.description, options);
  encode_field(out, "key_type", k.key_type, options);
  encode_field(out, "status", k.status, options);
  encode_field(out, "redacted_key", k.redacted_key, options);
  encode_field(out, "created_at", k.created_at, options);
  encode_optional_field(out, "expires_at", k.expires_at, options);
  encode_field(out, "created_by_user_id", k.created_by_user_id, options);
  encode_optional_field(out, "last_used_at", k.last_used_at, options);
}
}  // namespace detail

inline void ApiKey::arize_encode(Json& out, const EncodeOptions& options) const {
  detail::encode_key_fields(out, *this, options);
}
inline void ApiKeyCreated::arize_encode(Json& out, const EncodeOptions& options) const {
  detail::encode_key_fields(out, *this, options);
  detail::encode_field(out, "key", key, options);
  if (bot_user) out["bot_user"] = detail::encode_bot_user(*bot_user);
}
inline void Pagination::arize_encode(Json& out, const EncodeOptions& options) const {
  out = Json::object();
  detail::encode_optional_field(out, "next_cursor", next_cursor, options);
  detail::encode_field(out, "has_more", has_more, options);
}
inline void ApiKeyList::arize_encode(Json& out, const EncodeOptions& options) const {
  out = Json::object();
  detail::encode_field(out, "api_keys", api_keys, options);
  detail::encode_field(out, "pagination", pagination, options);
}

}  // namespace arize
