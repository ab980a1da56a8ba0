// What arize::Client and arize::AsyncClient share behind their declarations, all of it inline:
// ClientCore (credentials, revision, retry policy, the default transport), the requests each
// operation builds and the decoding of its answer (PreparedCall, prepare_<op>), the name
// lookups (NameSearch, NameResolver). Header-only builds get it through client.hpp; with
// ARIZE_SEPARATE_COMPILATION, only the compiled parts include it (detail/client_impl.hpp and
// detail/async_client_impl.hpp), each in the one .cpp that compiles it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "arize/client.hpp"
#include "arize/core/config.hpp"
#include "arize/core/env.hpp"
#include "arize/core/httplib_transport.hpp"
#include "arize/core/validation.hpp"
#include "arize/detail/revision_mapping.hpp"
#include "arize/generated/v2026_06/organizations_api.hpp"
#include "arize/generated/v2026_06/spaces_api.hpp"
#include "arize/generated/v2026_07/organizations_api.hpp"
#include "arize/generated/v2026_07/spaces_api.hpp"

namespace arize {

namespace detail {

/// Emits the pre-release notice for `operation` once per process. `stage` is what the API
/// description marks the operation with (the generated ApiKeysApi::stage_<op>: "alpha" in
/// 2026-06, "beta" in 2026-07); an unmarked operation ("") gets none.
inline void warn_stage_once(const LogSink& log, std::string_view operation,
                            std::string_view stage) {
  if (stage.empty()) return;
  static std::mutex mutex;
  static std::set<std::string, std::less<>> warned;
  {
    const std::lock_guard lock(mutex);
    if (!warned.emplace(operation).second) return;
  }
  if (log) {
    log(LogLevel::warning, std::string(operation) + " is in " + stage_label(stage) +
                               ": the Arize API keys API may change without notice. (Shown "
                               "once; silence with ClientOptions::alpha_warning = false or "
                               "ARIZE_NO_ALPHA_WARNING=1.)");
  }
}

/// What every call of a Client goes through: credentials, then retries, then the transport.
/// The sync transport of a ClientCore that has none (ClientCore::WithoutTransport).
struct NoTransport {
  [[noreturn]] HttpResponse send(const HttpRequest& request) const {
    throw TransportError(TransportError::Kind::invalid_request,
                         request.method + " " + request.path +
                             ": this client has no synchronous transport (use its async calls)",
                         false);
  }
};

class ClientCore {
 public:
  explicit ClientCore(ClientOptions options)
      : ClientCore(check_one_place(options, options.transport ? "ClientOptions::transport" : ""),
                   &make_transport) {}

  /// For a client that sends through its own (async) transport: the credentials, revision,
  /// retry policy and stage notices of `options`, no sync transport (send() refuses).
  /// `options.transport` must keep its default (the proxy settings are the async transport's:
  /// default_transport_options).
  struct WithoutTransport {};
  ClientCore(ClientOptions options, WithoutTransport)
      : ClientCore(options, [](const ClientOptions&, const std::string&) {
          return AnyTransport(NoTransport{});
        }) {}

  HttpResponse send(const HttpRequest& request) {
    HttpRequest r = request;  // the one copy: the retry layer takes it over
    authorize(r);
    return transport_.send(std::move(r));
  }

  /// Adds the credentials and the User-Agent (unless the request has one): the one place that
  /// adds them, for every transport, a custom or an async one too.
  void authorize(HttpRequest& r) const {
    r.headers.set("Authorization", "Bearer " + api_key_.reveal());
    if (!r.headers.contains("User-Agent")) r.headers.set("User-Agent", user_agent_);
  }

  [[nodiscard]] const RetryPolicy& retry_policy() const noexcept { return transport_.policy(); }

  /// The options of the default transport (HttplibTransport, or the async client's
  /// BeastTransport): options.http for `base_url`, with the proxy from the environment when
  /// options.proxy_from_environment asks for it and http.proxy is unset.
  [[nodiscard]] static HttplibTransportOptions default_transport_options(
      const ClientOptions& o, const std::string& base_url) {
    HttplibTransportOptions http = o.http;
    http.base_url = base_url;
    if (!http.proxy && o.proxy_from_environment) {
      http.proxy = ProxyConfig::from_environment(BaseUrl::parse(base_url));
    }
    return http;
  }

  void on_first_use(std::string_view operation, std::string_view stage) const {
    if (alpha_warning_) warn_stage_once(log_, operation, stage);
  }

  [[nodiscard]] const std::string& base_url() const noexcept { return base_url_; }
  [[nodiscard]] ApiRevision revision() const noexcept { return revision_; }
  [[nodiscard]] const LogSink& log() const noexcept { return log_; }
  [[nodiscard]] std::size_t max_consecutive_empty_pages() const noexcept {
    return max_consecutive_empty_pages_;
  }

  /// Each setting has one place: a combination where one option would silently override or
  /// ignore another is a ConfigError naming both. `replacement` names the transport given in
  /// place of the default one ("ClientOptions::transport", or the async client's "an
  /// AsyncTransport"), empty when the default one is used.
  static ClientOptions& check_one_place(ClientOptions& o, std::string_view replacement) {
    const auto conflict = [](const std::string& a, std::string_view b, const std::string& why) {
      throw ConfigError(a + " and " + std::string(b) + " are both set: " + why);
    };
    if (!replacement.empty()) {
      for (const auto& member : changed_members(o.http)) {
        conflict("ClientOptions::http." + member, replacement,
                 "the transport replaces the default one, which alone reads ClientOptions::http");
      }
      if (o.proxy_from_environment) {
        conflict("ClientOptions::proxy_from_environment", replacement,
                 "the transport replaces the default one, which alone would use the proxy");
      }
    } else if (o.http.base_url != HttplibTransportOptions{}.base_url) {
      conflict("ClientOptions::http.base_url", "ClientOptions::base_url (or ARIZE_BASE_URL)",
               "the client sets the default transport's base URL; set ClientOptions::base_url");
    }
    return o;
  }

 private:
  using MakeTransport = AnyTransport (*)(const ClientOptions&, const std::string& base_url);
  ClientCore(ClientOptions& options, MakeTransport make)
      : api_key_(resolve_key(options)),
        api_key_hold_(Redactor::global().hold(api_key_)),
        max_consecutive_empty_pages_(options.max_consecutive_empty_pages),
        revision_(resolve_revision(options.api_revision)),
        base_url_(options.base_url ? *options.base_url
                                   : env("ARIZE_BASE_URL").value_or(default_base_url)),
        log_(options.log),
        user_agent_(std::move(options.user_agent)),
        alpha_warning_(options.alpha_warning && !alpha_silenced_by_env()),
        transport_(make(options, base_url_), options.retry, options.log) {}

  /// An explicitly empty key (option or variable) is an error, never a fallback: a vault
  /// lookup that returned nothing must not make the call as whoever the environment names.
  static Secret resolve_key(ClientOptions& options) {
    if (options.api_key) {
      if (options.api_key->empty()) throw ConfigError("ClientOptions::api_key is set but empty");
      return std::move(*options.api_key);
    }
    if (auto k = env("ARIZE_API_KEY")) return Secret(std::move(*k));
    if (env_is_empty("ARIZE_API_KEY")) {
      throw ConfigError(
          "the ARIZE_API_KEY environment variable is set but empty (and ClientOptions::api_key "
          "is not set)");
    }
    throw ConfigError(
        "no API key: set ClientOptions::api_key or the ARIZE_API_KEY environment variable");
  }
  static ApiRevision resolve_revision(std::optional<ApiRevision> option) {
    if (option) {
      if (to_wire(*option).empty()) {
        throw ConfigError("ClientOptions::api_revision is not a revision (2026-06 or 2026-07)");
      }
      return *option;
    }
    const auto v = env("ARIZE_API_REVISION");
    if (!v) return current_api_revision;
    if (auto r = enum_from_wire<ApiRevision>(*v)) return *r;
    throw ConfigError("the ARIZE_API_REVISION environment variable is not 2026-06 or 2026-07");
  }
  static bool alpha_silenced_by_env() {
    const auto v = env("ARIZE_NO_ALPHA_WARNING");
    return v && *v != "0" && *v != "false";
  }
  static AnyTransport make_transport(const ClientOptions& o, const std::string& base_url) {
    if (o.transport) return *o.transport;
    return HttplibTransport(default_transport_options(o, base_url));
  }

  Secret api_key_;
  Redactor::Registration api_key_hold_;  // server text never shows the token (errors.hpp)
  std::size_t max_consecutive_empty_pages_;
  ApiRevision revision_;
  std::string base_url_;
  LogSink log_;
  std::string user_agent_;
  bool alpha_warning_;
  RetryingTransport<AnyTransport> transport_;
};

}  // namespace detail

namespace detail {

/// The vendor's rule for an id (PY utils/resolve.py): the value strict-base64-decodes to UTF-8
/// text containing ':' ("Space:2001:aBcD" encoded). Anything else is a name.
inline bool looks_like_id(std::string_view v) {
  if (v.empty() || v.size() % 4 != 0) return false;
  std::string decoded;
  std::uint32_t bits = 0;
  int count = 0;
  std::size_t pad = 0;
  for (const char c : v) {
    int value = -1;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+')
      value = 62;
    else if (c == '/')
      value = 63;
    else if (c == '=')
      ++pad;
    else
      return false;
    if (value < 0) continue;
    if (pad != 0) return false;  // '=' only at the end
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    if (++count == 4) {
      decoded += static_cast<char>((bits >> 16) & 0xFF);
      decoded += static_cast<char>((bits >> 8) & 0xFF);
      decoded += static_cast<char>(bits & 0xFF);
      bits = 0;
      count = 0;
    }
  }
  if (pad > 2) return false;
  if (pad != 0) {
    if (count + static_cast<int>(pad) != 4) return false;
    bits <<= 6 * pad;
    decoded += static_cast<char>((bits >> 16) & 0xFF);
    if (pad == 1) decoded += static_cast<char>((bits >> 8) & 0xFF);
    // strict: the unused low bits are zero
    if ((pad == 2 && (bits & 0xFFFF) != 0) || (pad == 1 && (bits & 0xFF) != 0)) return false;
  }
  for (std::size_t i = 0; i < decoded.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(std::string_view(decoded).substr(i), cp);
    if (len == 0) return false;
    i += len;
  }
  return decoded.find(':') != std::string::npos;
}

/// The service key's bindings in one form: the seeds' space_id form becomes one OrgBinding.
inline std::vector<OrgBinding> bindings_of(const CreateServiceKeyParams& p) {
  if (p.space_id && !p.organizations.empty()) {
    throw ValidationError("space_id", "set space_id or organizations, not both");
  }
  if (!p.organizations.empty()) {
    if (p.space_role || p.org_role || p.org) {
      throw ValidationError("organizations",
                            "with organizations, give the organization and the roles in each "
                            "OrgBinding (space_role, org_role and org must stay unset)");
    }
    for (std::size_t i = 0; i < p.organizations.size(); ++i) {
      if (p.organizations[i].spaces.empty()) {
        throw ValidationError("organizations[" + std::to_string(i) + "].spaces",
                              "each organization needs at least one space");
      }
    }
    return p.organizations;
  }
  if (!p.space_id) {
    throw ValidationError("space_id", "a service key needs a space: set space_id");
  }
  return {OrgBinding{.org = p.org,
                     .role = p.org_role,
                     .spaces = {SpaceBinding{.space = *p.space_id, .role = p.space_role}}}};
}

/// One facade call, prepared: the request of the revision in use (mapped from the vocabulary
/// params, validated and built by the generated build_<op>) and how its response becomes the
/// vocabulary result (the generated decode_<op>, then the mapping back). The one place that
/// knows each call's wire, for the sync ApiKeysClient (run below) and the async client
/// (async/client.hpp) alike. Credentials and retries are added around it (ClientCore).
template <class Result>
struct PreparedCall {
  std::string_view operation;  ///< for the stage notice: "api_keys.list"
  std::string_view stage;      ///< what the revision's description marks the operation with
  HttpRequest request;
  Result (*finish)(const HttpRequest&, const HttpResponse&);
};

using Api06 = v2026_06::ApiKeysApi<ClientTransport>;
using Api07 = v2026_07::ApiKeysApi<ClientTransport>;

inline ApiKeyCreated finish_created06(const HttpRequest& request, const HttpResponse& response) {
  return created_from<In06>(Api06::decode_create_api_key(request, response));
}
template <class Api, class Rev>
ApiKeyCreated finish_refreshed(const HttpRequest& request, const HttpResponse& response) {
  return created_from<Rev>(Api::decode_refresh_api_key(request, response));
}
/// 2026-07 answers a create with a user or a service key (the latter with its bot user).
inline ApiKeyCreated finish_created07(const HttpRequest& request, const HttpResponse& response) {
  auto created = Api07::decode_create_api_key(request, response);
  if (auto* service = std::get_if<v2026_07::ServiceApiKeyCreated>(&created.value)) {
    ApiKeyCreated out = created_from<In07>(std::move(*service));
    out.bot_user = bot_user_from(service->bot_user.get());
    return out;
  }
  return created_from<In07>(std::get<v2026_07::UserApiKeyCreated>(std::move(created.value)));
}

inline PreparedCall<ApiKeyList> prepare_list(ApiRevision revision, const ListKeysParams& params) {
  // The same query in both revisions; only the enum values differ.
  const auto list_in = [&params]<class Api, class Rev>(std::type_identity<Api>, auto request,
                                                       Rev) -> PreparedCall<ApiKeyList> {
    request.space_id = params.space_id;
    request.user_id = params.user_id;
    request.limit = params.limit;
    request.cursor = params.cursor;
    if (params.key_type) request.key_type = to_rev<Rev>(*params.key_type);
    if (params.status) request.status = to_rev<Rev>(*params.status);
    return {"api_keys.list", Api::stage_list_api_keys, Api::build_list_api_keys(request),
            [](const HttpRequest& q, const HttpResponse& r) {
              return list_from<Rev>(Api::decode_list_api_keys(q, r));
            }};
  };
  switch (revision) {
    case ApiRevision::v2026_06:
      return list_in(std::type_identity<Api06>{}, v2026_06::ListApiKeysRequest{}, In06{});
    case ApiRevision::v2026_07:
      return list_in(std::type_identity<Api07>{}, v2026_07::ListApiKeysRequest{}, In07{});
  }
  throw ConfigError("unknown API revision");
}

inline PreparedCall<ApiKeyCreated> prepare_create(ApiRevision revision,
                                                  const CreateKeyParams& params) {
  switch (revision) {
    case ApiRevision::v2026_06: {
      v2026_06::ApiKeyCreate body{.name = params.name.get(),
                                  .description = params.description,
                                  .key_type = v2026_06::ApiKeyType::user,
                                  .expires_at = params.expires_at};
      return {"api_keys.create", Api06::stage_create_api_key,
              Api06::build_create_api_key({.body = std::move(body)}), &finish_created06};
    }
    case ApiRevision::v2026_07: {
      v2026_07::CreateUserApiKeyRequest body{
          .key_type = v2026_07::CreateUserApiKeyRequestKeyType::user,
          .name = params.name.get(),
          .description = params.description,
          .expires_at = params.expires_at};
      return {"api_keys.create", Api07::stage_create_api_key,
              Api07::build_create_api_key({.body = v2026_07::CreateApiKeyRequest{body}}),
              &finish_created07};
    }
  }
  throw ConfigError("unknown API revision");
}

/// `names` turns space and organization names into ids (NameResolver), asked in the order the
/// request needs them.
template <class Names>
PreparedCall<ApiKeyCreated> prepare_create_service_key(ApiRevision revision,
                                                       const CreateServiceKeyParams& params,
                                                       Names& names) {
  const std::vector<OrgBinding> orgs = bindings_of(params);
  switch (revision) {
    case ApiRevision::v2026_06: {
      // What 2026-06 cannot say, refused before any call.
      if (orgs.size() > 1) {
        throw UnsupportedByRevisionError(revision, "a service key in several organizations");
      }
      const OrgBinding& org = orgs.front();
      if (org.spaces.size() > 1) {
        throw UnsupportedByRevisionError(revision, "a service key in several spaces");
      }
      const SpaceBinding& space = org.spaces.front();
      std::optional<Open<SpaceRole>> space_role;
      if (space.role) {
        if (std::holds_alternative<CustomRole>(*space.role)) {
          throw UnsupportedByRevisionError(revision, "a CUSTOM space role");
        }
        space_role = std::get<Open<SpaceRole>>(*space.role);
      }
      // The organization is not part of a 2026-06 request; given, it narrows a space name's
      // lookup (GET /v2/spaces?org_id=...), and an id needs no lookup at all.
      std::optional<std::string> org_id;
      if (org.org && !looks_like_id(space.space.get())) org_id = names.org_id(*org.org);
      v2026_06::ApiKeyCreate body{.name = params.name.get(),
                                  .description = params.description,
                                  .key_type = v2026_06::ApiKeyType::service,
                                  .expires_at = params.expires_at,
                                  .space_id = names.space_id(space.space.get(), org_id)};
      if (space_role || org.role || params.account_role) {
        v2026_06::ApiKeyRoles roles;
        if (space_role) roles.space_role = to_rev<In06>(*space_role);
        if (org.role) roles.org_role = to_rev<In06>(*org.role);
        if (params.account_role) roles.account_role = to_rev<In06>(*params.account_role);
        body.roles = roles;
      }
      return {"api_keys.create_service_key", Api06::stage_create_api_key,
              Api06::build_create_api_key({.body = std::move(body)}), &finish_created06};
    }
    case ApiRevision::v2026_07: {
      namespace r07 = v2026_07;
      std::vector<r07::ServiceKeyOrgAssignment> assignments;
      for (const OrgBinding& org : orgs) {
        // A named organization is resolved first: it narrows its spaces' name lookups.
        const std::optional<std::string> org_id =
            org.org ? std::optional(names.org_id(*org.org)) : std::nullopt;
        std::vector<r07::ServiceKeySpaceAssignment> spaces;
        for (const SpaceBinding& space : org.spaces) {
          r07::ServiceKeySpaceAssignment s{.space_id = names.space_id(space.space.get(), org_id)};
          if (space.role) {
            if (const auto* custom = std::get_if<CustomRole>(&*space.role)) {
              s.role = r07::SpaceRoleAssignmentRequest{r07::CustomRoleAssignmentRequest{
                  .type = r07::SpaceRoleAssignmentType::custom, .id = custom->id}};
            } else {
              s.role = r07::SpaceRoleAssignmentRequest{r07::PredefinedRoleAssignmentRequest{
                  .type = r07::SpaceRoleAssignmentType::predefined,
                  .name = to_rev<In07>(std::get<Open<SpaceRole>>(*space.role))}};
            }
          }
          spaces.push_back(std::move(s));
        }
        r07::ServiceKeyOrgAssignment a{
            .org_id = org_id ? *org_id : names.org_of_space(spaces.front().space_id.get()),
            .spaces = std::move(spaces)};
        if (org.role) {
          a.role = r07::OrganizationRoleAssignmentRequest{
              r07::OrganizationPredefinedRoleAssignmentRequest{
                  .type = r07::OrganizationRoleAssignmentType::predefined,
                  .name = to_rev<In07>(*org.role)}};
        }
        assignments.push_back(std::move(a));
      }
      r07::CreateServiceApiKeyRequest body{
          .key_type = r07::CreateServiceApiKeyRequestKeyType::service,
          .name = params.name.get(),
          .description = params.description,
          .expires_at = params.expires_at,
          .organizations = std::move(assignments)};
      if (params.account_role) {
        body.account_role = r07::UserRoleAssignmentRequest{r07::PredefinedUserRoleAssignmentRequest{
            .type = r07::UserRoleAssignmentType::predefined,
            .name = to_rev<In07>(*params.account_role)}};
      }
      return {"api_keys.create_service_key", Api07::stage_create_api_key,
              Api07::build_create_api_key({.body = r07::CreateApiKeyRequest{std::move(body)}}),
              &finish_created07};
    }
  }
  throw ConfigError("unknown API revision");
}

inline PreparedCall<void> prepare_revoke(ApiRevision revision, std::string_view api_key_id) {
  switch (revision) {
    case ApiRevision::v2026_06:
      return {"api_keys.delete", Api06::stage_delete_api_key,
              Api06::build_delete_api_key({.api_key_id = std::string(api_key_id)}),
              &Api06::decode_delete_api_key};
    case ApiRevision::v2026_07:
      return {"api_keys.delete", Api07::stage_revoke_api_key,
              Api07::build_revoke_api_key({.api_key_id = std::string(api_key_id)}),
              &Api07::decode_revoke_api_key};
  }
  throw ConfigError("unknown API revision");
}

inline PreparedCall<ApiKeyCreated> prepare_refresh(ApiRevision revision,
                                                   std::string_view api_key_id,
                                                   const RefreshParams& params) {
  // The same body in both revisions (ApiKeyRefresh / RefreshApiKeyRequest); none when empty.
  const auto refresh_in = [&]<class Api, class Rev, class Body>(
                              std::type_identity<Api>, Rev, Body) -> PreparedCall<ApiKeyCreated> {
    std::optional<Body> body;
    if (params != RefreshParams{}) {
      body = Body{.expires_at = params.expires_at,
                  .grace_period_seconds = params.grace_period_seconds};
    }
    return {"api_keys.refresh", Api::stage_refresh_api_key,
            Api::build_refresh_api_key(
                {.api_key_id = std::string(api_key_id), .body = std::move(body)}),
            &finish_refreshed<Api, Rev>};
  };
  switch (revision) {
    case ApiRevision::v2026_06:
      return refresh_in(std::type_identity<Api06>{}, In06{}, v2026_06::ApiKeyRefresh{});
    case ApiRevision::v2026_07:
      return refresh_in(std::type_identity<Api07>{}, In07{}, v2026_07::RefreshApiKeyRequest{});
  }
  throw ConfigError("unknown API revision");
}

/// A prepared call, synchronously: the stage notice, credentials, retries, the transport.
template <class Result>
Result run(ClientCore& core, const PreparedCall<Result>& call) {
  core.on_first_use(call.operation, call.stage);
  const HttpResponse response = core.send(call.request);
  return call.finish(call.request, response);
}

/// An entity of a spaces or organizations listing.
struct Named {
  std::string id;
  std::string name;
};

/// One page of a spaces or organizations listing, as a name lookup reads it.
struct NamedPage {
  std::vector<Named> items;
  bool has_more = false;
  std::optional<std::string> next_cursor;
};

/// A listing page a name lookup asks for: GET /v2/spaces or GET /v2/organizations.
struct ListingQuery {
  enum class Of { spaces, organizations };
  Of of = Of::spaces;
  std::optional<std::string> name;    ///< the server's filter (substrings, any case)
  std::optional<std::string> org_id;  ///< spaces only: the organization's spaces
  std::optional<std::string> cursor;
};

template <class Page, class Items>
NamedPage named_page(const Page& page, const Items& items) {
  NamedPage out{.items = {},
                .has_more = page.pagination.has_more,
                .next_cursor = page.pagination.next_cursor};
  for (const auto& i : items) out.items.push_back({i.id.get(), i.name.get()});
  return out;
}

/// A listing call: `Build` and `Decode` of a generated SpacesApi / OrganizationsApi, `Items` the
/// list member of its response.
template <auto Build, auto Decode, auto Items, class Request>
PreparedCall<NamedPage> listing_call(std::string_view operation, const Request& request) {
  return {operation, "", Build(request), [](const HttpRequest& r, const HttpResponse& s) {
            const auto page = Decode(r, s);
            return named_page(page, (page.*Items).get());
          }};
}

/// A listing page through the generated SpacesApi / OrganizationsApi of `revision`. No stage
/// notice of its own: a lookup is part of the create_service_key call that needs it.
inline PreparedCall<NamedPage> prepare_listing(ApiRevision revision, const ListingQuery& q) {
  namespace r06 = v2026_06;
  namespace r07 = v2026_07;
  using Spaces06 = r06::SpacesApi<ClientTransport>;
  using Spaces07 = r07::SpacesApi<ClientTransport>;
  using Orgs06 = r06::OrganizationsApi<ClientTransport>;
  using Orgs07 = r07::OrganizationsApi<ClientTransport>;
  const bool spaces = q.of == ListingQuery::Of::spaces;
  switch (revision) {
    case ApiRevision::v2026_06:
      if (spaces) {
        return listing_call<&Spaces06::build_spaces_list, &Spaces06::decode_spaces_list,
                            &r06::SpaceListResponse::spaces>(
            "spaces.list",
            r06::SpacesListRequest{
                .org_id = q.org_id, .name = q.name, .limit = 100, .cursor = q.cursor});
      }
      return listing_call<&Orgs06::build_organizations_list, &Orgs06::decode_organizations_list,
                          &r06::OrganizationListResponse::organizations>(
          "organizations.list",
          r06::OrganizationsListRequest{.name = q.name, .limit = 100, .cursor = q.cursor});
    case ApiRevision::v2026_07:
      if (spaces) {
        return listing_call<&Spaces07::build_list_spaces, &Spaces07::decode_list_spaces,
                            &r07::ListSpacesResponse::spaces>(
            "spaces.list",
            r07::ListSpacesRequest{
                .org_id = q.org_id, .name = q.name, .limit = 100, .cursor = q.cursor});
      }
      return listing_call<&Orgs07::build_list_organizations, &Orgs07::decode_list_organizations,
                          &r07::ListOrganizationsResponse::organizations>(
          "organizations.list",
          r07::ListOrganizationsRequest{.name = q.name, .limit = 100, .cursor = q.cursor});
  }
  throw ConfigError("unknown API revision");
}

/// The rules of one name lookup, as steps over listing pages (no I/O: the sync NameResolver
/// and the async client fetch the pages): next() is the page to fetch, take() reads it. Every
/// listing is walked under the pager's rules (CursorWalk, ClientOptions::
/// max_consecutive_empty_pages).
/// - space / organization: an exact match of the name over all pages (the server matches
///   substrings, any case); none or several is a NameResolutionError.
/// - org_of_space (a Space does not say): the organizations (all pages), then the spaces of
///   each (all pages) until the space is found.
class NameSearch {
 public:
  /// A space by name, among the spaces of `org_id` when given (a name may be used in two
  /// organizations).
  static NameSearch space(std::string name, std::optional<std::string> org_id,
                          std::size_t max_empty) {
    return {Goal::space, std::move(name), std::move(org_id), max_empty};
  }
  static NameSearch organization(std::string name, std::size_t max_empty) {
    return {Goal::organization, std::move(name), std::nullopt, max_empty};
  }
  static NameSearch org_of_space(std::string space_id, std::size_t max_empty) {
    return {Goal::org_of_space, std::move(space_id), std::nullopt, max_empty};
  }

  /// The page to fetch next.
  [[nodiscard]] ListingQuery next() const {
    using Of = ListingQuery::Of;
    switch (goal_) {
      case Goal::space: return {Of::spaces, key_, org_id_, walk_.cursor()};
      case Goal::organization: return {Of::organizations, key_, std::nullopt, walk_.cursor()};
      case Goal::org_of_space:
        if (spaces_) return {Of::spaces, std::nullopt, orgs_[index_].id, spaces_->cursor()};
        return {Of::organizations, std::nullopt, std::nullopt, walk_.cursor()};
    }
    throw std::logic_error("unknown name search");
  }

  /// Takes the page fetched for next(). True: the lookup is over (result()); false: fetch
  /// next(). Throws NameResolutionError, or ProtocolError for a page that breaks the rules.
  [[nodiscard]] bool take(NamedPage fetched) {
    if (goal_ != Goal::org_of_space) {
      const PageOf<Named> page = page_in(walk_, std::move(fetched));
      if (!walk_.accept(page)) return false;
      for (const Named& n : page.items) {
        if (n.name == key_) ids_.push_back(n.id);
      }
      if (walk_.more()) {
        walk_.advance();
        return false;
      }
      if (ids_.size() != 1) {
        throw NameResolutionError(goal_ == Goal::space ? "space" : "organization", key_,
                                  std::move(ids_));
      }
      result_ = ids_.front();
      return true;
    }
    if (spaces_) {
      const PageOf<Named> page = page_in(*spaces_, std::move(fetched));
      if (!spaces_->accept(page)) return false;
      for (const Named& space : page.items) {
        if (space.id == key_) {
          result_ = orgs_[index_].id;
          return true;
        }
      }
      if (spaces_->more()) {
        spaces_->advance();
        return false;
      }
      ++index_;
    } else {
      PageOf<Named> page = page_in(walk_, std::move(fetched));
      if (!walk_.accept(page)) return false;
      orgs_ = std::move(page.items);
      index_ = 0;
    }
    // The spaces of the next organization, or the next page of organizations.
    spaces_.reset();
    if (index_ < orgs_.size()) {
      spaces_.emplace(std::nullopt, max_empty_);
      return false;
    }
    if (walk_.more()) {
      walk_.advance();
      return false;
    }
    throw NameResolutionError("the organization of space", key_, {},
                              "the space is in none of the organizations this key can list "
                              "(name the space's organization to skip this lookup)");
  }

  /// The id found (after take() said true).
  [[nodiscard]] const std::string& result() const noexcept { return result_; }

 private:
  enum class Goal { space, organization, org_of_space };
  NameSearch(Goal goal, std::string key, std::optional<std::string> org_id, std::size_t max_empty)
      : goal_(goal),
        key_(std::move(key)),
        org_id_(std::move(org_id)),
        max_empty_(max_empty),
        walk_(std::nullopt, max_empty) {}

  PageOf<Named> page_in(const CursorWalk& walk, NamedPage fetched) const {
    const bool spaces = goal_ == Goal::space || (goal_ == Goal::org_of_space && spaces_);
    return page_from_response(std::move(fetched.items), fetched.has_more,
                              std::move(fetched.next_cursor), walk.cursor(),
                              spaces ? "GET /v2/spaces" : "GET /v2/organizations");
  }

  Goal goal_;
  std::string key_;  // the name, or (org_of_space) the space id
  std::optional<std::string> org_id_;
  std::size_t max_empty_;
  CursorWalk walk_;                   // the listing of the name, or of the organizations
  std::optional<CursorWalk> spaces_;  // org_of_space: the spaces of orgs_[index_]
  std::vector<Named> orgs_;           // org_of_space: the page of organizations being tried
  std::size_t index_ = 0;
  std::vector<std::string> ids_;  // exact matches so far
  std::string result_;
};

/// Space and organization names to ids, for prepare_create_service_key: an id unchanged (no
/// lookup), a name by the NameSearch that `lookup` carries out. The sync client's fetches the
/// pages through the client (same transport stack); the async client's answers from the
/// lookups it has carried out before (async/client.hpp).
class NameResolver {
 public:
  using Lookup = std::function<std::string(NameSearch)>;
  NameResolver(std::size_t max_consecutive_empty_pages, Lookup lookup)
      : max_empty_(max_consecutive_empty_pages), lookup_(std::move(lookup)) {}
  /// Each page a call through `core`, with its credentials and retries.
  explicit NameResolver(const std::shared_ptr<ClientCore>& core)
      : NameResolver(core->max_consecutive_empty_pages(), [core](NameSearch search) {
          while (!search.take(run(*core, prepare_listing(core->revision(), search.next())))) {
          }
          return search.result();
        }) {}

  /// A space id: an id unchanged, a name by exact match (GET /v2/spaces?name=..., all pages),
  /// among the spaces of `org_id` when given.
  std::string space_id(const std::string& space, const std::optional<std::string>& org_id = {}) {
    if (looks_like_id(space)) return space;
    return lookup_(NameSearch::space(space, org_id, max_empty_));
  }
  /// An organization id: an id unchanged, a name by exact match.
  std::string org_id(const std::string& org) {
    if (looks_like_id(org)) return org;
    return lookup_(NameSearch::organization(org, max_empty_));
  }
  /// The organization a space belongs to (NameSearch::org_of_space).
  std::string org_of_space(const std::string& space_id) {
    return lookup_(NameSearch::org_of_space(space_id, max_empty_));
  }

 private:
  std::size_t max_empty_;
  Lookup lookup_;
};

}  // namespace detail

}  // namespace arize
