#include "wire_v2026_07.hpp"

#include <arize/generated/v2026_07/all.hpp>

#include <utility>
#include <vector>

#include "wire_common.hpp"

namespace arize::emulator {
namespace {

namespace api = arize::v2026_07;
using Api = api::ApiKeysApi<NoTransport>;
using SpacesApi = api::SpacesApi<NoTransport>;
using OrganizationsApi = api::OrganizationsApi<NoTransport>;

[[noreturn]] void refuse_annotator(std::string_view member) {
  throw Refusal(422, "`" + std::string(member) + "`: ANNOTATOR is not a role for service keys");
}

// The switches below name every enumerator: a value the description gains is a -Wswitch
// error here, not a silent fallback.
Role role_of(api::UserRole role, std::string_view member) {
  switch (role) {
    case api::UserRole::admin: return Role::admin;
    case api::UserRole::member: return Role::member;
    case api::UserRole::annotator: refuse_annotator(member);
  }
  refuse_annotator(member);
}

Role role_of(api::OrganizationRole role, std::string_view member) {
  switch (role) {
    case api::OrganizationRole::admin: return Role::admin;
    case api::OrganizationRole::member: return Role::member;
    case api::OrganizationRole::read_only: return Role::read_only;
    case api::OrganizationRole::annotator: refuse_annotator(member);
  }
  refuse_annotator(member);
}

Role role_of(api::UserSpaceRole role, std::string_view member) {
  switch (role) {
    case api::UserSpaceRole::admin: return Role::admin;
    case api::UserSpaceRole::member: return Role::member;
    case api::UserSpaceRole::read_only: return Role::read_only;
    case api::UserSpaceRole::annotator: refuse_annotator(member);
  }
  refuse_annotator(member);
}

/// A predefined role of union U (its first alternative); CUSTOM is 422 at this level.
template <class U>
Role predefined_role(const U& assigned, std::string_view member) {
  const auto* predefined = std::get_if<0>(&assigned.value);
  if (predefined == nullptr) {
    throw Refusal(422, "`" + std::string(member) +
                           "`: CUSTOM roles are accepted only for spaces, not at this level");
  }
  return role_of(known(predefined->name.get(), member), member);
}

NewKey new_key_from(const api::CreateApiKeyRequest& asked) {
  if (const auto* user = std::get_if<api::CreateUserApiKeyRequest>(&asked.value)) {
    return NewKey{.name = user->name.get(),
                  .description = user->description,
                  .expires_at = user->expires_at,
                  .service = std::nullopt};
  }
  const auto& service = std::get<api::CreateServiceApiKeyRequest>(asked.value);
  ServiceGrant grant{.orgs = {}, .account_role = Role::member};
  if (service.account_role)
    grant.account_role = predefined_role(*service.account_role, "account_role");
  for (const api::ServiceKeyOrgAssignment& org : service.organizations.get()) {
    OrgBinding binding{.org_id = org.org_id.get(), .role = Role::read_only, .spaces = {}};
    if (org.role) binding.role = predefined_role(*org.role, "organizations[].role");
    for (const api::ServiceKeySpaceAssignment& space : org.spaces.get()) {
      SpaceBinding bound{
          .space_id = space.space_id.get(), .role = Role::member, .custom_role_id = std::nullopt};
      if (space.role) {
        if (const auto* custom =
                std::get_if<api::CustomRoleAssignmentRequest>(&space.role->value)) {
          bound.custom_role_id = custom->id.get();
        } else {
          bound.role = predefined_role(*space.role, "organizations[].spaces[].role");
        }
      }
      binding.spaces.push_back(std::move(bound));
    }
    grant.orgs.push_back(std::move(binding));
  }
  return NewKey{.name = service.name.get(),
                .description = service.description,
                .expires_at = service.expires_at,
                .service = std::move(grant)};
}

api::ApiKeyType type_of(const ApiKeyRecord& key) {
  return key.key_type == KeyType::service ? api::ApiKeyType::service : api::ApiKeyType::user;
}

api::ApiKeyStatus status_of(const ApiKeyRecord& key) {
  return key.deleted ? api::ApiKeyStatus::revoked : api::ApiKeyStatus::active;
}

api::UserRole user_role(Role role) {
  return role == Role::admin ? api::UserRole::admin : api::UserRole::member;
}

api::OrganizationRole org_role(Role role) {
  switch (role) {
    case Role::admin: return api::OrganizationRole::admin;
    case Role::member: return api::OrganizationRole::member;
    case Role::read_only: return api::OrganizationRole::read_only;
  }
  return api::OrganizationRole::read_only;
}

api::UserSpaceRole space_role(Role role) {
  switch (role) {
    case Role::admin: return api::UserSpaceRole::admin;
    case Role::member: return api::UserSpaceRole::member;
    case Role::read_only: return api::UserSpaceRole::read_only;
  }
  return api::UserSpaceRole::read_only;
}

/// The bot user of a service key, every role resolved.
api::ServiceKeyBotUser bot_user(const ApiKeyRecord& key) {
  const ServiceGrant& grant = *key.grant;
  std::vector<api::ServiceKeyBotUserOrgAssignment> orgs;
  for (const OrgBinding& org : grant.orgs) {
    std::vector<api::ServiceKeyBotUserSpaceAssignment> spaces;
    for (const SpaceBinding& space : org.spaces) {
      api::SpaceRoleAssignment role =
          space.custom_role_id
              ? api::SpaceRoleAssignment{.value =
                                             api::CustomRoleAssignment{
                                                 .type = api::SpaceRoleAssignmentType::custom,
                                                 .id = *space.custom_role_id}}
              : api::SpaceRoleAssignment{.value = api::PredefinedRoleAssignment{
                                             .type = api::SpaceRoleAssignmentType::predefined,
                                             .name = space_role(space.role)}};
      spaces.push_back({.space_id = space.space_id, .role = std::move(role)});
    }
    orgs.push_back({.org_id = org.org_id.value_or(""),
                    .role =
                        api::OrganizationRoleAssignment{
                            .value =
                                api::OrganizationPredefinedRoleAssignment{
                                    .type = api::OrganizationRoleAssignmentType::predefined,
                                    .name = org_role(org.role)}},
                    .spaces = std::move(spaces)});
  }
  return {.id = *key.bot_user_id,
          .name = key.name + " (service account)",
          .account_role =
              api::UserRoleAssignment{.value =
                                          api::PredefinedUserRoleAssignment{
                                              .type = api::UserRoleAssignmentType::predefined,
                                              .name = user_role(grant.account_role)}},
          .organizations = std::move(orgs)};
}

class JulyWire final : public WireApi {
 public:
  JulyWire()
      : operations_{
            operation_of(Operation::list_keys, Api::build_list_api_keys({}), false),
            operation_of(Operation::create_key,
                         Api::build_create_api_key(
                             {.body =
                                  api::CreateApiKeyRequest{
                                      .value =
                                          api::CreateUserApiKeyRequest{
                                              .key_type = api::CreateUserApiKeyRequestKeyType::user,
                                              .name = "n"}}}),
                         false),
            operation_of(Operation::refresh_key, Api::build_refresh_api_key({.api_key_id = "ID"}),
                         true),
            operation_of(Operation::revoke_key, Api::build_revoke_api_key({.api_key_id = "ID"}),
                         true),
            operation_of(Operation::list_spaces, SpacesApi::build_list_spaces({}), false),
            operation_of(Operation::list_organizations,
                         OrganizationsApi::build_list_organizations({}), false),
        } {}
  [[nodiscard]] Rules rules() const override {
    return {.role_above_caller = 422, .refresh_keeps_lifetime = true, .revoke_idempotent = true};
  }
  [[nodiscard]] const std::vector<Operation>& operations() const override { return operations_; }
  [[nodiscard]] Decoded<NewKey> create(std::string_view body) const override {
    return decode_create_v2026_07(body);
  }
  [[nodiscard]] Decoded<KeyRefresh> refresh(std::string_view body) const override {
    return decode_refresh_as<api::RefreshApiKeyRequest>(body);
  }
  [[nodiscard]] Decoded<ListFilter> list_query(std::string_view target) const override {
    return decoding([target] {
      return list_filter_from<api::ListApiKeysRequest>(target, Api::build_list_api_keys);
    });
  }
  [[nodiscard]] Decoded<DirectoryFilter> spaces_query(std::string_view target) const override {
    return decoding([target] {
      return directory_filter_from<api::ListSpacesRequest>(target, SpacesApi::build_list_spaces);
    });
  }
  [[nodiscard]] Decoded<DirectoryFilter> organizations_query(
      std::string_view target) const override {
    return decoding([target] {
      return directory_filter_from<api::ListOrganizationsRequest>(
          target, OrganizationsApi::build_list_organizations);
    });
  }
  [[nodiscard]] std::string page(const ListPage& page) const override {
    std::vector<api::ApiKey> keys;
    for (const ApiKeyRecord& key : page.keys) {
      keys.push_back(
          api::ApiKey{ARIZE_EMULATOR_API_KEY_MEMBERS(key, type_of(key), status_of(key))});
    }
    return arize::encode(
               api::ListApiKeysResponse{.api_keys = std::move(keys),
                                        .pagination = pagination_of<api::PaginationMetadata>(page)})
        .dump();
  }
  [[nodiscard]] std::string created(const CreatedKey& created) const override {
    const ApiKeyRecord& key = created.record;
    if (key.key_type == KeyType::service) {
      return arize::encode(
                 api::CreateApiKeyResponse{
                     .value =
                         api::ServiceApiKeyCreated{
                             ARIZE_EMULATOR_API_KEY_MEMBERS(key, type_of(key), status_of(key)),
                             .key = arize::Secret(created.raw_key), .bot_user = bot_user(key)}})
          .dump();
    }
    return arize::encode(
               api::CreateApiKeyResponse{
                   .value = api::UserApiKeyCreated{ARIZE_EMULATOR_API_KEY_MEMBERS(key, type_of(key),
                                                                                  status_of(key)),
                                                   .key = arize::Secret(created.raw_key)}})
        .dump();
  }
  [[nodiscard]] std::string refreshed(const CreatedKey& refreshed) const override {
    const ApiKeyRecord& key = refreshed.record;
    return arize::encode(api::RefreshApiKeyResponse{
                             ARIZE_EMULATOR_API_KEY_MEMBERS(key, type_of(key), status_of(key)),
                             .key = arize::Secret(refreshed.raw_key)})
        .dump();
  }
  [[nodiscard]] std::string spaces(const DirectoryPage<Space>& page) const override {
    return arize::encode(
               api::ListSpacesResponse{.spaces = directory_models<api::Space>(page),
                                       .pagination = pagination_of<api::PaginationMetadata>(page)})
        .dump();
  }
  [[nodiscard]] std::string organizations(const DirectoryPage<Organization>& page) const override {
    return arize::encode(api::ListOrganizationsResponse{
                             .organizations = directory_models<api::Organization>(page),
                             .pagination = pagination_of<api::PaginationMetadata>(page)})
        .dump();
  }
  [[nodiscard]] std::string problem(int status, std::string_view detail,
                                    std::string_view instance) const override {
    return arize::encode(api::Problem{.type = "about:blank",
                                      .title = reason_phrase(status),
                                      .status = status,
                                      .detail = detail.empty() ? std::nullopt
                                                               : std::optional<std::string>(detail),
                                      .instance = std::string(instance)})
        .dump();
  }

 private:
  std::vector<Operation> operations_;
};

}  // namespace

Decoded<NewKey> decode_create_v2026_07(std::string_view body) {
  return decoding([body] {
    const auto parsed = parse_body(body);
    if (!parsed) throw Refusal(400, "the request body is required");
    return new_key_from(decode_model<api::CreateApiKeyRequest>(*parsed));
  });
}

const WireApi& july_wire() {
  static const JulyWire wire;
  return wire;
}

}  // namespace arize::emulator
