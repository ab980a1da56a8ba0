#include "wire.hpp"

#include "wire_common.hpp"

#include <arize/generated/v2026_06/all.hpp>

#include <arize/core/url.hpp>

#include <algorithm>
#include <unordered_set>
#include <utility>
#include <vector>

namespace arize::emulator {
namespace {

using nlohmann::json;
namespace api = arize::v2026_06;
using Api = api::ApiKeysApi<NoTransport>;
using SpacesApi = api::SpacesApi<NoTransport>;
using OrganizationsApi = api::OrganizationsApi<NoTransport>;

// The switches below name every enumerator: a value the description gains is a -Wswitch
// error here, not a silent fallback.

/// A role member (same wire strings as Role), or `fallback` when absent. A role the
/// description lists but Role does not (after a regeneration) is refused, not guessed.
template <class E>
Role role_of(const std::optional<arize::Open<E>>& value, std::string_view member, Role fallback) {
  if (!value) return fallback;
  const std::string_view wire = arize::to_wire(known(*value, member));
  if (const auto role = role_from_string(wire)) return *role;
  throw Refusal(400, "`" + std::string(member) + "`: the emulator does not know this role");
}

NewKey new_key_from(const api::ApiKeyCreate& asked) {
  NewKey key{.name = asked.name.get(),
             .description = asked.description,
             .expires_at = asked.expires_at,
             .service = std::nullopt};
  const KeyType type =
      asked.key_type ? key_type_of(known(*asked.key_type, "key_type")) : KeyType::user;
  if (type == KeyType::user) {
    if (asked.space_id || asked.roles) {
      throw Refusal(400,
                    "`space_id` and `roles` belong to service keys; leave them out of a user key");
    }
    return key;
  }
  if (!asked.space_id) throw Refusal(400, "`space_id` is required for a service key");
  // The 2026-06 wire names one space and three roles; the organization is the space's.
  SpaceBinding space{.space_id = *asked.space_id, .role = Role::member, .custom_role_id = {}};
  OrgBinding org{.org_id = std::nullopt, .role = Role::read_only, .spaces = {}};
  ServiceGrant grant{.orgs = {}, .account_role = Role::member};
  if (asked.roles) {
    space.role = role_of(asked.roles->space_role, "roles.space_role", space.role);
    org.role = role_of(asked.roles->org_role, "roles.org_role", org.role);
    grant.account_role =
        role_of(asked.roles->account_role, "roles.account_role", grant.account_role);
  }
  org.spaces.push_back(std::move(space));
  grant.orgs.push_back(std::move(org));
  key.service = std::move(grant);
  return key;
}

api::ApiKeyType type_of(const ApiKeyRecord& key) {
  return key.key_type == KeyType::service ? api::ApiKeyType::service : api::ApiKeyType::user;
}

api::ApiKeyStatus status_of(const ApiKeyRecord& key) {
  return key.deleted ? api::ApiKeyStatus::deleted : api::ApiKeyStatus::active;
}

/// The 2026-06 wire, for the HTTP layer.
class JuneWire final : public WireApi {
 public:
  JuneWire()
      : operations_{
            operation_of(Operation::list_keys, Api::build_list_api_keys({}), false),
            operation_of(Operation::create_key,
                         Api::build_create_api_key({.body = api::ApiKeyCreate{.name = "n"}}),
                         false),
            operation_of(Operation::delete_key, Api::build_delete_api_key({.api_key_id = "ID"}),
                         true),
            operation_of(Operation::refresh_key, Api::build_refresh_api_key({.api_key_id = "ID"}),
                         true),
            operation_of(Operation::list_spaces, SpacesApi::build_spaces_list({}), false),
            operation_of(Operation::list_organizations,
                         OrganizationsApi::build_organizations_list({}), false),
        } {}
  [[nodiscard]] Rules rules() const override { return {}; }
  [[nodiscard]] const std::vector<Operation>& operations() const override { return operations_; }
  [[nodiscard]] Decoded<NewKey> create(std::string_view body) const override {
    return decode_create(body);
  }
  [[nodiscard]] Decoded<KeyRefresh> refresh(std::string_view body) const override {
    return decode_refresh(body);
  }
  [[nodiscard]] Decoded<ListFilter> list_query(std::string_view target) const override {
    return decode_list_query(target);
  }
  [[nodiscard]] Decoded<DirectoryFilter> spaces_query(std::string_view target) const override {
    return decoding([target] {
      return directory_filter_from<api::SpacesListRequest>(target, SpacesApi::build_spaces_list);
    });
  }
  [[nodiscard]] Decoded<DirectoryFilter> organizations_query(
      std::string_view target) const override {
    return decoding([target] {
      return directory_filter_from<api::OrganizationsListRequest>(
          target, OrganizationsApi::build_organizations_list);
    });
  }
  [[nodiscard]] std::string page(const ListPage& page) const override { return encode_page(page); }
  [[nodiscard]] std::string created(const CreatedKey& created) const override {
    return encode_created(created);
  }
  [[nodiscard]] std::string refreshed(const CreatedKey& refreshed) const override {
    return encode_created(refreshed);
  }
  [[nodiscard]] std::string spaces(const DirectoryPage<Space>& page) const override {
    return arize::encode(
               api::SpaceListResponse{.spaces = directory_models<api::Space>(page),
                                      .pagination = pagination_of<api::PaginationMetadata>(page)})
        .dump();
  }
  [[nodiscard]] std::string organizations(const DirectoryPage<Organization>& page) const override {
    return arize::encode(api::OrganizationListResponse{
                             .organizations = directory_models<api::Organization>(page),
                             .pagination = pagination_of<api::PaginationMetadata>(page)})
        .dump();
  }
  [[nodiscard]] std::string problem(int status, std::string_view detail,
                                    std::string_view instance) const override {
    return encode_problem(status, detail, instance);
  }

 private:
  std::vector<Operation> operations_;
};

}  // namespace

json parse_json_unique(std::string_view text) {
  // The member names seen so far in each object being parsed, innermost last.
  std::vector<std::unordered_set<std::string>> open_objects;
  const json::parser_callback_t check = [&open_objects](int depth, json::parse_event_t event,
                                                        json& parsed) {
    // The client's bound (arize::max_json_depth): no later walk of the DOM recurses deeper.
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= arize::max_json_depth) {
      throw NestedTooDeep("arrays and objects nest too deeply");
    }
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

const WireApi& june_wire() {
  static const JuneWire wire;
  return wire;
}

Decoded<NewKey> decode_create(std::string_view body) {
  return decoding([body] {
    const auto parsed = parse_body(body);
    if (!parsed) throw Refusal(400, "the request body is required");
    return new_key_from(decode_model<api::ApiKeyCreate>(*parsed));
  });
}

Decoded<KeyRefresh> decode_refresh(std::string_view body) {
  return decode_refresh_as<api::ApiKeyRefresh>(body);
}

Decoded<ListFilter> decode_list_query(std::string_view target) {
  return decoding([target] {
    return list_filter_from<api::ListApiKeysRequest>(target, Api::build_list_api_keys);
  });
}

std::string encode_page(const ListPage& page) {
  std::vector<api::ApiKey> keys;
  keys.reserve(page.keys.size());
  for (const ApiKeyRecord& key : page.keys) {
    keys.push_back(api::ApiKey{ARIZE_EMULATOR_API_KEY_MEMBERS(key, type_of(key), status_of(key))});
  }
  const api::ApiKeyList list{.api_keys = std::move(keys),
                             .pagination = pagination_of<api::PaginationMetadata>(page)};
  return arize::encode(list).dump();
}

std::string encode_created(const CreatedKey& created) {
  const ApiKeyRecord& key = created.record;
  return arize::encode(
             api::ApiKeyCreated{ARIZE_EMULATOR_API_KEY_MEMBERS(key, type_of(key), status_of(key)),
                                .key = arize::Secret(created.raw_key)})
      .dump();
}

std::string encode_problem(int status, std::string_view detail, std::string_view instance) {
  const api::Problem problem{
      .type = "about:blank",
      .title = reason_phrase(status),
      .status = status,
      .detail = detail.empty() ? std::nullopt : std::optional<std::string>(detail),
      .instance = std::string(instance),
  };
  return arize::encode(problem).dump();
}

}  // namespace arize::emulator
