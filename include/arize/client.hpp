// arize::Client: configuration, the transport stack, and the API keys facade in the seeds'
// vocabulary (list, list_all, create, create_service_key, delete_key / revoke, refresh), for
// either API revision (ClientOptions::api_revision: 2026-06 or 2026-07, the default).
//
//   arize::Client client;  // ARIZE_API_KEY, ARIZE_BASE_URL, ARIZE_API_REVISION
//   for (const auto& key : client.api_keys.list_all()) std::cout << key.name << '\n';
//
// The parameter convention, the same for every operation: one facade params struct, built
// with designated initializers, after the key id where the operation has one:
//   list(ListKeysParams), list_all(ListKeysParams), create(CreateKeyParams),
//   create_service_key(CreateServiceKeyParams), revoke(id, RevokeParams) (= delete_key),
//   refresh(id, RefreshParams).
// The params and results are revision-neutral (arize/vocabulary.hpp); the facade maps them to
// the generated types of the revision in use (detail/revision_mapping.hpp), and refuses what
// that revision cannot express (UnsupportedByRevisionError) before sending anything.
//
// Each call goes: facade -> generated ApiKeysApi of the revision (validate, build, decode) ->
// credentials -> RetryingTransport -> HttplibTransport (or ClientOptions::transport).
//
// Thread-safety: a Client (and copies of it, which share one connection pool) may be used from
// several threads at once: after construction its state is immutable except the connection
// pool and the stage-notice registry, which are locked. A custom transport or log sink must
// then be thread-safe too.
//
// This header declares; detail/client_impl.hpp defines. Header-only (the default), this header
// includes the definitions. With ARIZE_SEPARATE_COMPILATION defined in every translation unit,
// it does not: one .cpp of the program includes <arize/compiled.hpp> (CMake: link
// arize::client_compiled), and the others compile none of the client, the transport,
// cpp-httplib or OpenSSL (bench/compile/ measures both ways).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arize/core/any_transport.hpp"
#include "arize/core/config.hpp"
#include "arize/core/log.hpp"
#include "arize/core/pagination.hpp"
#include "arize/core/proxy.hpp"
#include "arize/core/retry.hpp"
#include "arize/core/runtime.hpp"
#include "arize/core/transport_options.hpp"
#include "arize/generated/v2026_06/api_keys_api.hpp"
#include "arize/generated/v2026_07/api_keys_api.hpp"
#include "arize/version.hpp"
#include "arize/vocabulary.hpp"

namespace arize {

/// A stage as the client's one-time notice spells it: "ALPHA" for "alpha", "BETA" for "beta"
/// (the generated ApiKeysApi::stage_<op> of a revision, "" when the operation has none).
inline std::string stage_label(std::string_view stage) {
  std::string out(stage);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

struct ClientOptions {
  /// The API key; default: the ARIZE_API_KEY environment variable. Neither is a ConfigError,
  /// and so is an empty one (an explicitly empty option does not fall back to the variable).
  std::optional<Secret> api_key{};
  /// scheme://host[:port][/prefix]; default: ARIZE_BASE_URL, else default_base_url
  /// (https://api.arize.com). The one place for the base URL: the client passes it to the
  /// default transport, and http.base_url set to anything else is a ConfigError.
  std::optional<std::string> base_url{};
  /// The default transport's settings: timeouts (connect, each read and write, one attempt in
  /// all), trusted CAs, the response size cap, keep-alive, an HTTP forward proxy
  /// (e.g. ProxyConfig::parse("http://user:pass@proxy.corp:3128")). With `transport`, a
  /// member changed from its default is a ConfigError (it would be ignored).
  /// The whole call, retries included, is bounded by retry.max_total.
  HttplibTransportOptions http{};
  /// Sent as User-Agent by every transport, a custom one too, when a request has none.
  std::string user_agent = ::arize::user_agent;
  RetryPolicy retry{};
  /// Where warnings (the ALPHA/BETA notice) and retry notes go; default: warnings to stderr.
  LogSink log = stderr_log_sink;
  /// The one-time notice per operation that it is ALPHA or BETA (the stage the API description
  /// of the revision in use marks it with). Also silenced by ARIZE_NO_ALPHA_WARNING=1.
  bool alpha_warning = true;
  /// Opt-in: without http.proxy, use https_proxy / http_proxy / all_proxy and no_proxy from
  /// the environment, as curl does (ProxyConfig::from_environment). Default transport only:
  /// with `transport` it is a ConfigError.
  bool proxy_from_environment = false;
  /// list_all skips empty pages that still say has_more, at most this many in a row; one more
  /// is a ProtocolError naming the cursor (a server could otherwise keep the walk busy for ever).
  std::size_t max_consecutive_empty_pages = default_max_consecutive_empty_pages;
  /// Replaces the default HttplibTransport (`http` and proxy_from_environment must then keep
  /// their defaults). Credentials, User-Agent and retries are still added around it.
  std::optional<AnyTransport> transport{};
  /// The API revision spoken; default: ARIZE_API_REVISION ("2026-06" or "2026-07"), else
  /// current_api_revision (2026-07, what api.arize.com serves). Another value of the variable
  /// is a ConfigError.
  std::optional<ApiRevision> api_revision{};
};

namespace detail {

class ClientCore;  // detail/client_core.hpp: credentials, retries, the transport

/// The Transport the generated ApiKeysApi of a Client sends through.
struct ClientTransport {
  std::shared_ptr<ClientCore> core;
  HttpResponse send(const HttpRequest& request) const;
};

}  // namespace detail

/// What the API revision in use cannot do (e.g. two spaces, several organizations or a CUSTOM
/// role on 2026-06). Raised before anything is sent.
class UnsupportedByRevisionError : public ConfigError {
 public:
  UnsupportedByRevisionError(ApiRevision revision, std::string feature)
      : ConfigError("API revision " + std::string(to_wire(revision)) + " cannot do this: " +
                    feature + " (set ClientOptions::api_revision or ARIZE_API_REVISION to " +
                    std::string(to_wire(current_api_revision)) + ")"),
        revision_(revision),
        feature_(std::move(feature)) {}
  [[nodiscard]] ApiRevision revision() const noexcept { return revision_; }
  [[nodiscard]] const std::string& feature() const noexcept { return feature_; }

 private:
  ApiRevision revision_;
  std::string feature_;
};

/// A space or organization name that matches no entity, or several (candidates() holds their
/// ids). Raised after the lookup calls, before the operation itself is sent.
class NameResolutionError : public Error {
 public:
  /// `none`: what the message says when there is no candidate.
  NameResolutionError(std::string what, std::string name, std::vector<std::string> candidates,
                      std::string_view none = "no such name (an exact match is needed)")
      : Error("arize: " + what + " " + quote(name) +
              (candidates.empty() ? ": " + std::string(none)
                                  : ": several have this name, ids: " + joined(candidates))),
        name_(std::move(name)),
        candidates_(std::move(candidates)) {}
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::vector<std::string>& candidates() const noexcept { return candidates_; }

 private:
  static std::string quote(const std::string& s) { return "\"" + s + "\""; }
  static std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }
  std::string name_;
  std::vector<std::string> candidates_;
};

/// The API keys operations, in the vocabulary of Arize's Python and TypeScript SDKs, for
/// either API revision (Client::api_revision()).
class ApiKeysClient {
 public:
  using Transport06 = v2026_06::ApiKeysApi<detail::ClientTransport>;
  using Transport07 = v2026_07::ApiKeysApi<detail::ClientTransport>;

  explicit ApiKeysClient(std::shared_ptr<detail::ClientCore> core);

  /// One page of keys. Python `client.api_keys.list(...)`, TypeScript `listApiKeys(...)`.
  ApiKeyList list(const ListKeysParams& params = {});

  /// Every key across pages, fetched lazily one page at a time (page size: params.limit).
  /// Starts at params.cursor when given. The params are checked before the first fetch.
  /// Pages that loop, or more than ClientOptions::max_consecutive_empty_pages empty pages in a
  /// row, end the walk with a ProtocolError.
  Pager<ApiKey> list_all(ListKeysParams params = {});

  /// Creates a user key. The raw key is in the result's `key`, once. (The process remembers
  /// it in Redactor::global(), as every Secret it decodes, so that server text echoing it
  /// shows "[REDACTED]".)
  ApiKeyCreated create(const CreateKeyParams& params);

  /// Creates a service key, with roles at or below the caller's. Space names are looked up
  /// (GET /v2/spaces?name=..., all pages, exact match); ids pass through. On 2026-07 a space
  /// without its organization costs GET /v2/organizations (all pages) and GET
  /// /v2/spaces?org_id=... per organization until the space is found; `org` skips that.
  ApiKeyCreated create_service_key(const CreateServiceKeyParams& params);

  /// Revokes a key at once and for good (2026-06: DELETE, 2026-07: PUT .../revoke). Python
  /// `delete`, TypeScript `revokeApiKey`.
  void revoke(std::string_view api_key_id, const RevokeParams& params = {});
  /// The Python SDK's name for revoke.
  void delete_key(std::string_view api_key_id, const RevokeParams& params = {}) {
    revoke(api_key_id, params);
  }

  /// Replaces a key with a new one (same name, description, type and scope); the new raw key is
  /// in the result's `key`, once. No body is sent when `params` is empty.
  /// - Expiry: without `expires_at` the new key never expires in 2026-06; in 2026-07 a key that
  ///   expires must be given one, no later than its own (else UnprocessableEntityError).
  /// - `grace_period_seconds` keeps the old key working that long (at most until its own
  ///   expiry), but its status changes at once, and the API has no call that ends a grace
  ///   period early (revoking the old key again does not).
  /// - Not resent on a 429 unless RetryPolicy::retry_non_idempotent_on_429 (nor is create).
  ApiKeyCreated refresh(std::string_view api_key_id, const RefreshParams& params = {});

  /// The generated endpoint classes underneath, for the raw operations of each revision (same
  /// transport stack, whichever revision the client uses).
  Transport06& raw_v2026_06() noexcept { return api06_; }
  Transport07& raw_v2026_07() noexcept { return api07_; }
  /// The old name of raw_v2026_06().
  Transport06& raw() noexcept { return api06_; }

 private:
  std::shared_ptr<detail::ClientCore> core_;
  ApiRevision revision_;
  Transport06 api06_;
  Transport07 api07_;
};

/// The Arize client. Cheap to copy; copies share the connection pool.
class Client {
 public:
  /// Resolves the options (throws ConfigError: no API key, a bad base URL, an unreadable CA
  /// file); connects on first use.
  explicit Client(ClientOptions options = {});

  [[nodiscard]] const std::string& base_url() const noexcept;
  /// The API revision in use (ClientOptions::api_revision).
  [[nodiscard]] ApiRevision api_revision() const noexcept;

 private:
  std::shared_ptr<detail::ClientCore> core_;

 public:
  ApiKeysClient api_keys;
};

#ifdef ARIZE_SEPARATE_COMPILATION
// Compiled once, in <arize/compiled.hpp>; not again in each translation unit.
extern template class Pager<ApiKey>;
extern template class v2026_06::ApiKeysApi<detail::ClientTransport>;
extern template class v2026_07::ApiKeysApi<detail::ClientTransport>;
#endif

}  // namespace arize

#ifndef ARIZE_SEPARATE_COMPILATION
#include "arize/detail/client_impl.hpp"  // IWYU pragma: export
#endif
