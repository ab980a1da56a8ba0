// arize::Client: configuration, the transport stack, and the API keys facade in the seeds'
// vocabulary (list, list_all, create, create_service_key, delete_key / revoke, refresh).
//
//   arize::Client client;  // ARIZE_API_KEY, ARIZE_BASE_URL from the environment
//   for (const auto& key : client.api_keys.list_all()) std::cout << key.name << '\n';
//
// Each call goes: facade -> generated ApiKeysApi (validate, build, decode) -> credentials
// -> RetryingTransport -> HttplibTransport (or ClientOptions::transport).
//
// Thread-safety: a Client (and copies of it, which share one connection pool) may be used from
// several threads at once: after construction its state is immutable except the connection
// pool and the ALPHA-warning registry, which are locked. A custom transport or log sink must
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

#include "arize/core/any_transport.hpp"
#include "arize/core/config.hpp"
#include "arize/core/log.hpp"
#include "arize/core/pagination.hpp"
#include "arize/core/proxy.hpp"
#include "arize/core/retry.hpp"
#include "arize/core/runtime.hpp"
#include "arize/core/transport_options.hpp"
#include "arize/version.hpp"
#include "arize/vocabulary.hpp"

namespace arize {

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
  /// Where warnings (ALPHA notice) and retry notes go; default: warnings to stderr.
  LogSink log = stderr_log_sink;
  /// The one-time ALPHA warning per operation. Also silenced by ARIZE_NO_ALPHA_WARNING=1.
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
};

namespace detail {

class ClientCore;  // detail/client_impl.hpp: credentials, retries, the transport

/// The Transport the generated ApiKeysApi of a Client sends through.
struct ClientTransport {
  std::shared_ptr<ClientCore> core;
  HttpResponse send(const HttpRequest& request) const;
};

}  // namespace detail

/// Parameters of ApiKeysClient::create (a user key). Python: `create(name, description)`;
/// TypeScript: `createApiKey({name, description, keyType: "user"})`.
struct CreateKeyParams {
  Required<std::string> name;
  std::optional<std::string> description{};
  std::optional<DateTime> expires_at{};
};

/// Parameters of ApiKeysClient::create_service_key. Roles left out get the server's defaults
/// (space member, org read-only, account member).
struct CreateServiceKeyParams {
  Required<std::string> name;
  Required<std::string> space_id;
  std::optional<std::string> description{};
  std::optional<DateTime> expires_at{};
  std::optional<Open<SpaceRole>> space_role{};
  std::optional<Open<OrgRole>> org_role{};
  std::optional<Open<AccountRole>> account_role{};
};

/// Parameters of ApiKeysClient::refresh: a new expiry and a grace period for the old key.
using RefreshParams = ApiKeyRefresh;

/// The API keys operations, in the vocabulary of Arize's Python and TypeScript SDKs.
class ApiKeysClient {
 public:
  explicit ApiKeysClient(std::shared_ptr<detail::ClientCore> core);

  /// One page of keys. Python `client.api_keys.list(...)`, TypeScript `listApiKeys(...)`.
  ApiKeyList list(const ListApiKeysRequest& request = {});

  /// Every key across pages, fetched lazily one page at a time (page size: request.limit).
  /// Starts at request.cursor when given. The request is checked before the first fetch.
  /// Pages that loop, or more than ClientOptions::max_consecutive_empty_pages empty pages in a
  /// row, end the walk with a ProtocolError.
  Pager<ApiKey> list_all(ListApiKeysRequest request = {});

  /// Creates a user key. The raw key is in the result's `key`, once. (The process remembers
  /// it in Redactor::global(), as every Secret it decodes, so that server text echoing it
  /// shows "[REDACTED]".)
  ApiKeyCreated create(const CreateKeyParams& params);

  /// Creates a service key for a space, with roles at or below the caller's.
  ApiKeyCreated create_service_key(const CreateServiceKeyParams& params);

  /// Deletes (revokes) a key at once and for good. Python `delete`, TypeScript `revokeApiKey`.
  void delete_key(std::string_view api_key_id);
  /// The TypeScript SDK's name for delete_key.
  void revoke(std::string_view api_key_id) { delete_key(api_key_id); }

  /// Replaces a key with a new one (same name, description, type and scope); the new raw key is
  /// in the result's `key`, once. No body is sent when `params` is empty.
  ApiKeyCreated refresh(std::string_view api_key_id, const RefreshParams& params = {});

  /// The generated endpoint class underneath, for the raw operations (same transport stack).
  ApiKeysApi<detail::ClientTransport>& raw() noexcept { return api_; }

 private:
  std::shared_ptr<detail::ClientCore> core_;
  ApiKeysApi<detail::ClientTransport> api_;
};

/// The Arize client. Cheap to copy; copies share the connection pool.
class Client {
 public:
  /// Resolves the options (throws ConfigError: no API key, a bad base URL, an unreadable CA
  /// file); connects on first use.
  explicit Client(ClientOptions options = {});

  [[nodiscard]] const std::string& base_url() const noexcept;

 private:
  std::shared_ptr<detail::ClientCore> core_;

 public:
  ApiKeysClient api_keys;
};

#ifdef ARIZE_SEPARATE_COMPILATION
// Compiled once, in <arize/compiled.hpp>; not again in each translation unit.
extern template class Pager<ApiKey>;
extern template class v2026_06::ApiKeysApi<detail::ClientTransport>;
#endif

}  // namespace arize

#ifndef ARIZE_SEPARATE_COMPILATION
#include "arize/detail/client_impl.hpp"  // IWYU pragma: export
#endif
