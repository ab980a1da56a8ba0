// What the wire modules of the API revisions share (wire.hpp: 2026-06, wire_v2026_07.hpp:
// 2026-07): body parsing, decoding through a revision's generated models, query splitting,
// and the table of operations a revision serves, read from its generated request builders.
#pragma once

#include <arize/core/runtime.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "store.hpp"

namespace arize::emulator {

/// Runs `decode`; a Refusal it throws becomes the Decoded's refusal.
template <class Decode>
auto decoding(Decode decode) -> Decoded<decltype(decode())> {
  try {
    return decode();
  } catch (const Refusal& refusal) {
    return refusal;
  }
}

/// Parses a request body: 400 unless it is one JSON object. Empty text is nullopt.
[[nodiscard]] std::optional<nlohmann::json> parse_body(std::string_view text);

/// "`roles.space_role`: <reason>", cut before the first double quote of `reason` so that a
/// refusal never repeats text the client sent.
[[nodiscard]] std::string member_problem(const std::string& path, const std::string& reason);

/// The body as the generated model M, checked against the description's constraints
/// (lengths, ranges): any mismatch is 400.
template <class M>
M decode_model(const nlohmann::json& body) {
  try {
    M model = arize::decode<M>(body);
    arize::validate(model);
    return model;
  } catch (const arize::DecodeError& e) {
    throw Refusal(400, member_problem(e.path(), e.reason()));
  } catch (const arize::ValidationError& e) {
    throw Refusal(400, member_problem(e.path(), e.reason()));
  }
}

/// "a, b, c": the wire values of E, for messages.
template <class E>
std::string one_of() {
  std::string out;
  for (const auto& [value, wire] : arize::EnumTraits<E>::values) {
    if (!out.empty()) out += ", ";
    out += wire;
  }
  return out;
}

/// The known value of an enumeration member; 400 for a value the description does not list
/// (a client keeps those, Open<E>; the server refuses them).
template <class E>
E known(const arize::Open<E>& value, std::string_view member) {
  if (const auto e = value.known()) return *e;
  throw Refusal(400, "`" + std::string(member) + "` must be one of: " + one_of<E>());
}

/// The query parameter that generated builder `build` emits for member `field` of its
/// request struct Req (all of whose members are optional): the parameter names come from the
/// generated code, not from the emulator.
template <class Req, class Build, class Field, class Value>
std::string query_name(Build build, std::optional<Field> Req::*field, Value probe) {
  Req req{};
  req.*field = std::move(probe);
  return build(req).query.at(0).first;
}

/// The query of a list request, from the raw request target ("/v2/api-keys?limit=5"):
/// percent-decoded with "+" kept as "+" (ids and cursors are base64, where "+" is a letter).
/// Only `names` are kept; one given twice is 400.
[[nodiscard]] std::map<std::string, std::string> split_query(std::string_view target,
                                                             const std::vector<std::string>& names);

/// A page size: digits, then accepted by `check` (a generated builder given the value as its
/// `limit`, which throws arize::ValidationError beyond the description's range): else 400.
template <class Check>
std::size_t page_size(const std::string& name, const std::string& text, Check check) {
  const bool digits = !text.empty() && text.size() <= 9 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  const std::int32_t limit = digits ? static_cast<std::int32_t>(std::stol(text)) : 0;
  try {
    if (!digits) throw arize::ValidationError(name, "must be an integer");
    check(limit);
  } catch (const arize::ValidationError& e) {
    throw Refusal(400, member_problem(name, e.reason()));
  }
  return static_cast<std::size_t>(limit);
}

/// The Store key type of a generated ApiKeyType (both revisions name them user and service).
template <class E>
KeyType key_type_of(E type) {
  return type == E::service ? KeyType::service : KeyType::user;
}

/// A value of `query`, if given.
[[nodiscard]] std::optional<std::string> param(const std::map<std::string, std::string>& query,
                                               const std::string& name);

/// The filter of list_api_keys (request struct Req, built by `build`): parameter names, enum
/// values and the page size range are the generated code's. Any status but active asks for
/// revoked (2026-06: deleted) keys.
template <class Req, class Build>
ListFilter list_filter_from(std::string_view target, Build build) {
  using Type = typename std::remove_cvref_t<decltype(*Req{}.key_type)>::enum_type;
  using Status = typename std::remove_cvref_t<decltype(*Req{}.status)>::enum_type;
  const std::string n_type = query_name(build, &Req::key_type, arize::Open<Type>(Type::user));
  const std::string n_status = query_name(build, &Req::status, arize::Open<Status>(Status::active));
  const std::string n_space = query_name(build, &Req::space_id, "s");
  const std::string n_user = query_name(build, &Req::user_id, "u");
  const std::string n_limit = query_name(build, &Req::limit, 1);
  const std::string n_cursor = query_name(build, &Req::cursor, "c");
  const auto query = split_query(target, {n_type, n_status, n_space, n_user, n_limit, n_cursor});
  ListFilter filter;
  if (const auto type = param(query, n_type)) {
    filter.key_type = key_type_of(known(arize::Open<Type>::from_wire(*type), n_type));
  }
  if (const auto status = param(query, n_status)) {
    filter.deleted = known(arize::Open<Status>::from_wire(*status), n_status) != Status::active;
  }
  if (const auto limit = param(query, n_limit)) {
    filter.limit = page_size(n_limit, *limit, [&build](std::int32_t value) {
      Req req{};
      req.limit = value;
      (void)build(req);
    });
  }
  filter.space_id = param(query, n_space);
  filter.user_id = param(query, n_user);
  if (filter.space_id && filter.space_id->empty()) throw Refusal(400, "`" + n_space + "` is empty");
  if (filter.user_id && filter.user_id->empty()) throw Refusal(400, "`" + n_user + "` is empty");
  filter.cursor = param(query, n_cursor);
  return filter;
}

/// The filter of a list of spaces or organizations (Req, built by `build`).
template <class Req, class Build>
DirectoryFilter directory_filter_from(std::string_view target, Build build) {
  const std::string name = query_name(build, &Req::name, "n");
  const std::string limit = query_name(build, &Req::limit, 1);
  const std::string cursor = query_name(build, &Req::cursor, "c");
  std::vector<std::string> names = {name, limit, cursor};
  std::string org_id;
  if constexpr (requires(Req r) { r.org_id; }) {
    org_id = query_name(build, &Req::org_id, "o");
    names.push_back(org_id);
  }
  const auto query = split_query(target, names);
  DirectoryFilter filter;
  filter.name = param(query, name);
  if (!org_id.empty()) filter.org_id = param(query, org_id);
  if (const auto text = param(query, limit)) {
    filter.limit = page_size(limit, *text, [&build](std::int32_t value) {
      Req req{};
      req.limit = value;
      (void)build(req);
    });
  }
  if (filter.name) {  // the name's maxLength is the builder's to check
    Req req{};
    req.name = *filter.name;
    try {
      (void)build(req);
    } catch (const arize::ValidationError& e) {
      throw Refusal(400, member_problem(name, e.reason()));
    }
  }
  filter.cursor = param(query, cursor);
  return filter;
}

/// An operation a revision serves: its method and its path, prefix + {id} + suffix when
/// with_id, else prefix alone.
struct Operation {
  enum Kind {
    list_keys,
    create_key,
    delete_key,
    refresh_key,
    revoke_key,
    list_spaces,
    list_organizations
  } kind;
  std::string method;
  std::string prefix;
  std::string suffix;
  bool with_id = false;
};

/// The Operation of a generated HttpRequest (`built` from builder with id "ID" when with_id).
[[nodiscard]] Operation operation_of(Operation::Kind kind, const arize::HttpRequest& built,
                                     bool with_id);

/// A transport that is never used: the generated Api classes are templates on one, and the
/// emulator calls only their static build_<op> functions.
struct NoTransport {
  arize::HttpResponse send(const arize::HttpRequest&) { return {}; }
};

/// The designated initializers of the members every revision's ApiKey-like models share
/// (ApiKey, the created and refreshed keys), by name: a reordering of the generated members
/// cannot swap two of them. `type_value` and `status_value` are the revision's enumerators.
#define ARIZE_EMULATOR_API_KEY_MEMBERS(record, type_value, status_value)                     \
  .id = (record).id, .name = (record).name, .description = (record).description,             \
  .key_type = (type_value), .status = (status_value), .redacted_key = (record).redacted_key, \
  .created_at = (record).created_at, .expires_at = (record).expires_at,                      \
  .created_by_user_id = (record).created_by_user_id, .last_used_at = (record).last_used_at

/// A fixed creation time for the seeded organizations and spaces (the store keeps none).
[[nodiscard]] arize::DateTime seeded_at();

/// The refresh body as generated model M (empty: no body).
template <class M>
Decoded<KeyRefresh> decode_refresh_as(std::string_view body) {
  return decoding([body] {
    KeyRefresh refresh;
    if (const auto parsed = parse_body(body)) {
      const auto asked = decode_model<M>(*parsed);
      refresh.expires_at = asked.expires_at;
      refresh.grace_period_seconds = asked.grace_period_seconds.value_or(0);
    }
    return refresh;
  });
}

/// The PaginationMetadata P of a page of keys, spaces or organizations.
template <class P, class Page>
P pagination_of(const Page& page) {
  return P{.next_cursor = page.next_cursor, .has_more = page.has_more};
}

/// The Space or Organization models M of a page (2026-07's Space adds is_private).
template <class M, class Entry>
std::vector<M> directory_models(const DirectoryPage<Entry>& page) {
  std::vector<M> out;
  for (const Entry& e : page.items) {
    if constexpr (requires { &M::is_private; }) {
      out.push_back(M{.id = e.id,
                      .name = e.name,
                      .description = "",
                      .created_at = seeded_at(),
                      .is_private = false});
    } else {
      out.push_back(M{.id = e.id, .name = e.name, .description = "", .created_at = seeded_at()});
    }
  }
  return out;
}

/// The reason phrase of an HTTP status, for a problem's title.
[[nodiscard]] const char* reason_phrase(int status);

/// One API revision's wire format and routes (wire_api(revision) in http_server.hpp's users).
class WireApi {
 public:
  virtual ~WireApi() = default;
  [[nodiscard]] virtual Rules rules() const = 0;
  [[nodiscard]] virtual const std::vector<Operation>& operations() const = 0;
  [[nodiscard]] virtual Decoded<NewKey> create(std::string_view body) const = 0;
  [[nodiscard]] virtual Decoded<KeyRefresh> refresh(std::string_view body) const = 0;
  [[nodiscard]] virtual Decoded<ListFilter> list_query(std::string_view target) const = 0;
  [[nodiscard]] virtual Decoded<DirectoryFilter> spaces_query(std::string_view target) const = 0;
  [[nodiscard]] virtual Decoded<DirectoryFilter> organizations_query(
      std::string_view target) const = 0;
  [[nodiscard]] virtual std::string page(const ListPage& page) const = 0;
  [[nodiscard]] virtual std::string created(const CreatedKey& created) const = 0;
  [[nodiscard]] virtual std::string refreshed(const CreatedKey& refreshed) const = 0;
  [[nodiscard]] virtual std::string spaces(const DirectoryPage<Space>& page) const = 0;
  [[nodiscard]] virtual std::string organizations(
      const DirectoryPage<Organization>& page) const = 0;
  [[nodiscard]] virtual std::string problem(int status, std::string_view detail,
                                            std::string_view instance) const = 0;
};

/// The API revisions the emulator speaks.
enum class ApiRevision { v2026_06, v2026_07 };
inline constexpr ApiRevision kCurrentRevision = ApiRevision::v2026_07;
[[nodiscard]] std::string_view to_string(ApiRevision revision);  // "2026-06"
[[nodiscard]] std::optional<ApiRevision> revision_from_string(std::string_view text);
[[nodiscard]] const WireApi& wire_api(ApiRevision revision);

}  // namespace arize::emulator
