#include "wire.hpp"

#include <arize/core/url.hpp>
#include <arize/generated/v2026_06/models.hpp>

#include <algorithm>
#include <unordered_set>
#include <utility>
#include <vector>

namespace arize::emulator {
namespace {

using nlohmann::json;

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
std::optional<json> parse_body(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
  json body;
  try {
    body = parse_json_unique(text);
  } catch (const json::parse_error& e) {
    // e.what() quotes the text it read: name only the position, never the content.
    throw Refusal(
        400, "the request body is not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {
    // Valid syntax nlohmann cannot hold: a number past double's range ("2e308") is its
    // out_of_range 406, which escaped as a 500 (found by fuzz_emulator_request).
    throw Refusal(400, "the request body holds a number out of range");
  } catch (const DuplicateMember&) {
    throw Refusal(400, "the request body holds an object with the same member twice");
  }
  if (!body.is_object()) throw Refusal(400, "the request body must be a JSON object");
  return body;
}

/// "`roles.space_role`: <reason>". The decoders' reasons quote strings they were given
/// (`got "..."`): everything from the first double quote on is cut, so a refusal never
/// repeats text the client sent (a raw key pasted into the wrong member, say).
std::string member_problem(const std::string& path, const std::string& reason) {
  std::string said = reason.substr(0, reason.find('"'));
  while (!said.empty() && (said.back() == ' ' || said.back() == ',')) said.pop_back();
  if (said.ends_with(", got")) said.resize(said.size() - 5);
  return "`" + (path.empty() ? std::string("body") : path) + "`: " + said;
}

/// The body as the generated model M, checked against the description's constraints
/// (lengths, ranges): any mismatch is 400.
template <class M>
M decode_model(const json& body) {
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

// The switches below name every enumerator: a value the description gains is a -Wswitch
// error here, not a silent fallback.
KeyType key_type_of(arize::v2026_06::ApiKeyType type) {
  switch (type) {
    case arize::v2026_06::ApiKeyType::user: return KeyType::user;
    case arize::v2026_06::ApiKeyType::service: return KeyType::service;
  }
  throw Refusal(400, "`key_type`: the emulator does not know this key type");
}

/// Whether a status filter asks for deleted keys.
bool is_deleted(arize::v2026_06::ApiKeyStatus status) {
  switch (status) {
    case arize::v2026_06::ApiKeyStatus::active: return false;
    case arize::v2026_06::ApiKeyStatus::deleted: return true;
  }
  throw Refusal(400, "`status`: the emulator does not know this status");
}

/// A role member (same wire strings as Role), or `fallback` when absent. A role the
/// description lists but Role does not (after a regeneration) is refused, not guessed.
template <class E>
Role role_of(const std::optional<arize::Open<E>>& value, std::string_view member, Role fallback) {
  if (!value) return fallback;
  const std::string_view wire = arize::to_wire(known(*value, member));
  if (const auto role = role_from_string(wire)) return *role;
  throw Refusal(400, "`" + std::string(member) + "`: the emulator does not know this role");
}

NewKey new_key_from(const arize::v2026_06::ApiKeyCreate& asked) {
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
  ServiceGrant grant{.space_id = *asked.space_id, .roles = {}};
  if (asked.roles) {
    Roles& roles = grant.roles;
    roles.space_role = role_of(asked.roles->space_role, "roles.space_role", roles.space_role);
    roles.org_role = role_of(asked.roles->org_role, "roles.org_role", roles.org_role);
    roles.account_role =
        role_of(asked.roles->account_role, "roles.account_role", roles.account_role);
  }
  key.service = std::move(grant);
  return key;
}

/// The page size of a list query: digits only, 1..kMaxPageSize.
std::size_t page_size(const std::string& text) {
  const bool digits =
      !text.empty() && text.size() <= 3 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::size_t limit = digits ? std::stoul(text) : 0;
  if (limit < 1 || limit > kMaxPageSize) {
    throw Refusal(400, "`limit` must be an integer from 1 to " + std::to_string(kMaxPageSize));
  }
  return limit;
}

/// The known parameters of a list query, as received.
struct RawListQuery {
  std::optional<std::string> key_type, status, space_id, user_id, limit, cursor;
};

RawListQuery split_query(std::string_view target) {
  RawListQuery query;
  const auto mark = target.find('?');
  std::string_view rest = mark == std::string_view::npos ? "" : target.substr(mark + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? "" : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string name = arize::url::decode_component(pair.substr(0, eq));
    std::optional<std::string>* slot = name == "key_type"   ? &query.key_type
                                       : name == "status"   ? &query.status
                                       : name == "space_id" ? &query.space_id
                                       : name == "user_id"  ? &query.user_id
                                       : name == "limit"    ? &query.limit
                                       : name == "cursor"   ? &query.cursor
                                                            : nullptr;
    if (slot == nullptr) continue;
    if (slot->has_value()) throw Refusal(400, "`" + name + "` is given more than once");
    *slot = eq == std::string_view::npos ? "" : arize::url::decode_component(pair.substr(eq + 1));
  }
  return query;
}

ListFilter list_filter_from(const RawListQuery& query) {
  ListFilter filter;
  if (query.key_type) {
    filter.key_type = key_type_of(
        known(arize::Open<arize::v2026_06::ApiKeyType>::from_wire(*query.key_type), "key_type"));
  }
  if (query.status) {
    filter.deleted = is_deleted(
        known(arize::Open<arize::v2026_06::ApiKeyStatus>::from_wire(*query.status), "status"));
  }
  if (query.limit) filter.limit = page_size(*query.limit);
  if (query.space_id && query.space_id->empty()) throw Refusal(400, "`space_id` is empty");
  if (query.user_id && query.user_id->empty()) throw Refusal(400, "`user_id` is empty");
  filter.space_id = query.space_id;
  filter.user_id = query.user_id;
  filter.cursor = query.cursor;
  return filter;
}

/// ApiKey and ApiKeyCreated (the description's ApiKey plus `key`): their members in order,
/// then `extra` (the raw key of ApiKeyCreated).
template <class M, class... Extra>
M key_model(const ApiKeyRecord& key, Extra&&... extra) {
  return M{
      key.id,
      key.name,
      key.description,
      key.key_type == KeyType::service ? arize::v2026_06::ApiKeyType::service
                                       : arize::v2026_06::ApiKeyType::user,
      key.deleted ? arize::v2026_06::ApiKeyStatus::deleted : arize::v2026_06::ApiKeyStatus::active,
      key.redacted_key,
      key.created_at,
      key.expires_at,
      key.created_by_user_id,
      key.last_used_at,
      std::forward<Extra>(extra)...};
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 500 ? "Client Error" : "Server Error";
  }
}

}  // namespace

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

Decoded<NewKey> decode_create(std::string_view body) {
  return decoding([body] {
    const auto parsed = parse_body(body);
    if (!parsed) throw Refusal(400, "the request body is required");
    return new_key_from(decode_model<arize::v2026_06::ApiKeyCreate>(*parsed));
  });
}

Decoded<KeyRefresh> decode_refresh(std::string_view body) {
  return decoding([body] {
    KeyRefresh refresh;
    if (const auto parsed = parse_body(body)) {
      const auto asked = decode_model<arize::v2026_06::ApiKeyRefresh>(*parsed);
      refresh.expires_at = asked.expires_at;
      refresh.grace_period_seconds = asked.grace_period_seconds.value_or(0);
    }
    return refresh;
  });
}

Decoded<ListFilter> decode_list_query(std::string_view target) {
  return decoding([target] { return list_filter_from(split_query(target)); });
}

std::string encode_page(const ListPage& page) {
  std::vector<arize::v2026_06::ApiKey> keys;
  keys.reserve(page.keys.size());
  for (const ApiKeyRecord& key : page.keys) keys.push_back(key_model<arize::v2026_06::ApiKey>(key));
  const arize::v2026_06::ApiKeyList list{
      .api_keys = std::move(keys),
      .pagination = arize::v2026_06::PaginationMetadata{.next_cursor = page.next_cursor,
                                                        .has_more = page.has_more},
  };
  return arize::encode(list).dump();
}

std::string encode_created(const CreatedKey& created) {
  return arize::encode(key_model<arize::v2026_06::ApiKeyCreated>(created.record,
                                                                 arize::Secret(created.raw_key)))
      .dump();
}

std::string encode_problem(int status, std::string_view detail, std::string_view instance) {
  const arize::v2026_06::Problem problem{
      .type = "about:blank",
      .title = reason_phrase(status),
      .status = status,
      .detail = detail.empty() ? std::nullopt : std::optional<std::string>(detail),
      .instance = std::string(instance),
  };
  return arize::encode(problem).dump();
}

}  // namespace arize::emulator
