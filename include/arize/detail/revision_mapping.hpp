// The facade's types (arize/vocabulary.hpp) to and from each revision's generated types: enum
// values by exhaustive switches (a value one side lacks stays an unknown Open<E> holding the
// wire text, never a wrong enumerator), keys and the 2026-07 bot user member by member.
// Used by detail/client_core.hpp only.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "arize/generated/v2026_06/api_keys_api.hpp"
#include "arize/generated/v2026_07/api_keys_api.hpp"
#include "arize/vocabulary.hpp"

namespace arize::detail {

/// Tags of the two revisions, to pick the overload of `in`.
struct In06 {};
struct In07 {};

namespace r06 = ::arize::v2026_06;
namespace r07 = ::arize::v2026_07;

// `in(revision, facade value)`: each facade enumerator as the revision's, one exhaustive switch
// per enum and revision (-Wswitch names a facade enumerator added without its mapping). The
// reverse direction (from_rev) searches these: a revision's value no facade enumerator maps to
// (2026-07's ANNOTATOR) stays unknown.
constexpr r06::ApiKeyType in(In06, ApiKeyType e) noexcept {
  switch (e) {
    case ApiKeyType::user: return r06::ApiKeyType::user;
    case ApiKeyType::service: return r06::ApiKeyType::service;
  }
  return {};
}
constexpr r06::ApiKeyStatus in(In06, ApiKeyStatus e) noexcept {
  switch (e) {
    case ApiKeyStatus::active: return r06::ApiKeyStatus::active;
    case ApiKeyStatus::revoked: return r06::ApiKeyStatus::deleted;
  }
  return {};
}
constexpr r06::SpaceRole in(In06, SpaceRole e) noexcept {
  switch (e) {
    case SpaceRole::admin: return r06::SpaceRole::admin;
    case SpaceRole::member: return r06::SpaceRole::member;
    case SpaceRole::read_only: return r06::SpaceRole::read_only;
  }
  return {};
}
constexpr r06::OrgRole in(In06, OrgRole e) noexcept {
  switch (e) {
    case OrgRole::admin: return r06::OrgRole::admin;
    case OrgRole::member: return r06::OrgRole::member;
    case OrgRole::read_only: return r06::OrgRole::read_only;
  }
  return {};
}
constexpr r06::AccountRole in(In06, AccountRole e) noexcept {
  switch (e) {
    case AccountRole::admin: return r06::AccountRole::admin;
    case AccountRole::member: return r06::AccountRole::member;
  }
  return {};
}
constexpr r07::ApiKeyType in(In07, ApiKeyType e) noexcept {
  switch (e) {
    case ApiKeyType::user: return r07::ApiKeyType::user;
    case ApiKeyType::service: return r07::ApiKeyType::service;
  }
  return {};
}
constexpr r07::ApiKeyStatus in(In07, ApiKeyStatus e) noexcept {
  switch (e) {
    case ApiKeyStatus::active: return r07::ApiKeyStatus::active;
    case ApiKeyStatus::revoked: return r07::ApiKeyStatus::revoked;
  }
  return {};
}
constexpr r07::UserSpaceRole in(In07, SpaceRole e) noexcept {
  switch (e) {
    case SpaceRole::admin: return r07::UserSpaceRole::admin;
    case SpaceRole::member: return r07::UserSpaceRole::member;
    case SpaceRole::read_only: return r07::UserSpaceRole::read_only;
  }
  return {};
}
constexpr r07::OrganizationRole in(In07, OrgRole e) noexcept {
  switch (e) {
    case OrgRole::admin: return r07::OrganizationRole::admin;
    case OrgRole::member: return r07::OrganizationRole::member;
    case OrgRole::read_only: return r07::OrganizationRole::read_only;
  }
  return {};
}
constexpr r07::UserRole in(In07, AccountRole e) noexcept {
  switch (e) {
    case AccountRole::admin: return r07::UserRole::admin;
    case AccountRole::member: return r07::UserRole::member;
  }
  return {};
}

/// A facade value (maybe unknown) as the revision's: unknown text is sent as it is.
template <class Rev, class F>
auto to_rev(const Open<F>& v) -> Open<decltype(in(Rev{}, F{}))> {
  using W = decltype(in(Rev{}, F{}));
  if (const auto known = v.known()) {
    if (to_wire(*known).empty()) {
      throw ValidationError(std::string(EnumTraits<F>::name), "a value outside the enumeration");
    }
    return in(Rev{}, *known);
  }
  return Open<W>::from_wire(v.wire());
}

/// A revision's value as the facade's F: the enumerator `in` maps to it, otherwise unknown,
/// keeping the wire text.
template <class F, class Rev, class W>
Open<F> from_rev(const Open<W>& v) {
  if (const auto known = v.known()) {
    for (const auto& [f, text] : EnumTraits<F>::values) {
      if (in(Rev{}, f) == *known) return f;
    }
  }
  return Open<F>::from_wire(v.wire());
}

/// A 2026-07 role union (predefined | custom) as a ResolvedRole.
template <class E, class Union>
ResolvedRole<E> resolved_role(const Union& u) {
  ResolvedRole<E> out;
  if (const auto* p = std::get_if<0>(&u.value)) {
    out.predefined = from_rev<E, In07>(p->name.get());
  } else if (const auto* c = std::get_if<1>(&u.value)) {
    out.custom_id = c->id.get();
    out.custom_name = c->name;
  }
  return out;
}

inline BotUser bot_user_from(const r07::ServiceKeyBotUser& b) {
  BotUser out{.id = b.id.get(), .name = b.name.get()};
  out.account_role = resolved_role<AccountRole>(b.account_role.get());
  for (const auto& o : b.organizations.get()) {
    BotUserOrganization org{.org_id = o.org_id.get()};
    org.role = resolved_role<OrgRole>(o.role.get());
    for (const auto& s : o.spaces.get()) {
      org.spaces.push_back(
          {.space_id = s.space_id.get(), .role = resolved_role<SpaceRole>(s.role.get())});
    }
    out.organizations.push_back(std::move(org));
  }
  return out;
}

/// A generated key (either revision, list item or created) as the facade's ApiKey; its strings
/// are moved out when `k` is an rvalue (a list page's keys are: list_from).
template <class Rev, class K>
ApiKey key_from(K&& k) {
  return ApiKey{
      .id = std::forward<K>(k).id,
      .name = std::forward<K>(k).name,
      .description = std::forward<K>(k).description,
      .key_type = from_rev<ApiKeyType, Rev>(k.key_type.get()),
      .status = from_rev<ApiKeyStatus, Rev>(k.status.get()),
      .redacted_key = std::forward<K>(k).redacted_key,
      .created_at = k.created_at,
      .expires_at = k.expires_at,
      .created_by_user_id = std::forward<K>(k).created_by_user_id,
      .last_used_at = k.last_used_at,
  };
}

/// A generated created/refreshed key (either revision) as the facade's ApiKeyCreated.
template <class Rev, class K>
ApiKeyCreated created_from(K&& k) {
  return ApiKeyCreated{
      .id = k.id,
      .name = k.name,
      .description = k.description,
      .key_type = from_rev<ApiKeyType, Rev>(k.key_type.get()),
      .status = from_rev<ApiKeyStatus, Rev>(k.status.get()),
      .redacted_key = k.redacted_key,
      .created_at = k.created_at,
      .expires_at = k.expires_at,
      .created_by_user_id = k.created_by_user_id,
      .last_used_at = k.last_used_at,
      .key = std::forward<K>(k).key,
  };
}

/// A generated list page (either revision) as the facade's ApiKeyList, its strings moved out
/// (the page is the decoded response, not kept).
template <class Rev, class L>
ApiKeyList list_from(L&& page) {
  static_assert(!std::is_lvalue_reference_v<L>, "list_from takes the page over: pass an rvalue");
  std::vector<ApiKey> keys;
  keys.reserve(page.api_keys.get().size());
  for (auto& k : page.api_keys.get()) keys.push_back(key_from<Rev>(std::move(k)));
  return ApiKeyList{
      .api_keys = std::move(keys),
      .pagination = Pagination{.next_cursor = std::move(page.pagination.next_cursor),
                               .has_more = page.pagination.has_more},
  };
}

}  // namespace arize::detail
