// arize::Client: configuration, the transport stack, and the API keys facade in the seeds'
// vocabulary (list, list_all, create, create_service_key, delete_key / revoke, refresh).
//
//   arize::Client client;                       // ARIZE_API_KEY, ARIZE_BASE_URL from the
//   environment for (const auto& key : client.api_keys.list_all()) std::cout << key.name << '\n';
//
// Each call goes: facade -> generated ApiKeysApi (validate, build, decode) -> credentials
// -> RetryingTransport -> HttplibTransport (or ClientOptions::transport).
//
// Thread-safety: a Client (and copies of it, which share one connection pool) may be used from
// several threads at once: after construction its state is immutable except the connection
// pool and the ALPHA-warning registry, which are locked. A custom transport or log sink must
// then be thread-safe too.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "arize/core/any_transport.hpp"
#include "arize/core/env.hpp"
#include "arize/core/httplib_transport.hpp"
#include "arize/core/log.hpp"
#include "arize/core/pagination.hpp"
#include "arize/core/retry.hpp"
#include "arize/core/runtime.hpp"
#include "arize/generated/all.hpp"
#include "arize/version.hpp"

namespace arize {

inline constexpr const char* default_base_url = "https://api.arize.com";

struct ClientOptions {
  /// The API key; default: the ARIZE_API_KEY environment variable. Neither is a ConfigError.
  std::optional<Secret> api_key{};
  /// scheme://host[:port][/prefix]; default: ARIZE_BASE_URL, else https://api.arize.com.
  std::optional<std::string> base_url{};
  /// Read and write timeout of each socket operation.
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  /// Longest time one attempt may take in all (connect to last byte). The whole call, retries
  /// included, is bounded by retry.max_total.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(120)};
  /// Trusted CA certificates (PEM file, or hashed directory); default: the system's.
  std::optional<std::string> ca_file{};
  std::optional<std::string> ca_dir{};
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  RetryPolicy retry{};
  /// Where warnings (ALPHA notice) and retry notes go; default: warnings to stderr.
  LogSink log = stderr_log_sink;
  /// The one-time ALPHA warning per operation. Also silenced by ARIZE_NO_ALPHA_WARNING=1.
  bool alpha_warning = true;
  /// An HTTP forward proxy, e.g. ProxyConfig::parse("http://user:pass@proxy.corp:3128").
  std::optional<ProxyConfig> proxy{};
  /// Opt-in: without `proxy`, use https_proxy / http_proxy / all_proxy and no_proxy from the
  /// environment, as curl does (ProxyConfig::from_environment).
  bool proxy_from_environment = false;
  /// list_all skips empty pages that still say has_more, at most this many in a row; one more
  /// is a ProtocolError naming the cursor (a server could otherwise keep the walk busy for ever).
  std::size_t max_consecutive_empty_pages = default_max_consecutive_empty_pages;
  /// Replaces the default HttplibTransport (base_url, timeouts, CA and proxy options are then
  /// the transport's business). Credentials and retries are still added around it.
  std::optional<AnyTransport> transport{};
};

namespace detail {

/// Emits the ALPHA warning for `operation` once per process.
inline void warn_alpha_once(const LogSink& log, std::string_view operation) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> warned;
  {
    const std::lock_guard lock(mutex);
    if (!warned.emplace(operation).second) return;
  }
  if (log) {
    log(LogLevel::warning,
        std::string(operation) +
            " is in ALPHA: the Arize API keys API may change without notice. (Shown "
            "once; silence with ClientOptions::alpha_warning = false or "
            "ARIZE_NO_ALPHA_WARNING=1.)");
  }
}

/// What every call of a Client goes through: credentials, then retries, then the transport.
class ClientCore {
 public:
  explicit ClientCore(ClientOptions options)
      : api_key_(resolve_key(options)),
        api_key_hold_(Redactor::global().hold(api_key_)),
        max_consecutive_empty_pages_(options.max_consecutive_empty_pages),
        base_url_(options.base_url ? *options.base_url
                                   : env("ARIZE_BASE_URL").value_or(default_base_url)),
        log_(options.log),
        alpha_warning_(options.alpha_warning && !alpha_silenced_by_env()),
        transport_(make_transport(options, base_url_), options.retry, options.log) {}

  HttpResponse send(const HttpRequest& request) {
    HttpRequest r = request;
    r.headers.set("Authorization", "Bearer " + api_key_.reveal());
    if (!r.headers.contains("User-Agent")) r.headers.set("User-Agent", ::arize::user_agent);
    return transport_.send(r);
  }

  void on_first_use(std::string_view operation) const {
    if (alpha_warning_) warn_alpha_once(log_, operation);
  }

  [[nodiscard]] const std::string& base_url() const noexcept { return base_url_; }
  [[nodiscard]] std::size_t max_consecutive_empty_pages() const noexcept {
    return max_consecutive_empty_pages_;
  }

 private:
  static Secret resolve_key(ClientOptions& options) {
    if (options.api_key && !options.api_key->empty()) return std::move(*options.api_key);
    if (auto k = env("ARIZE_API_KEY")) return Secret(std::move(*k));
    throw ConfigError(
        "no API key: set ClientOptions::api_key or the ARIZE_API_KEY environment variable");
  }
  static bool alpha_silenced_by_env() {
    const auto v = env("ARIZE_NO_ALPHA_WARNING");
    return v && *v != "0" && *v != "false";
  }
  static AnyTransport make_transport(const ClientOptions& o, const std::string& base_url) {
    if (o.transport) return *o.transport;
    return HttplibTransport(HttplibTransportOptions{
        .base_url = base_url,
        .connect_timeout = o.connect_timeout,
        .read_timeout = o.timeout,
        .write_timeout = o.timeout,
        .request_timeout = o.request_timeout,
        .ca_file = o.ca_file,
        .ca_dir = o.ca_dir,
        .max_response_bytes = o.max_response_bytes,
        .proxy = o.proxy ? o.proxy
                 : o.proxy_from_environment
                     ? ProxyConfig::from_environment(BaseUrl::parse(base_url))
                     : std::nullopt,
    });
  }

  Secret api_key_;
  Redactor::Registration api_key_hold_;  // server text never shows the token (errors.hpp)
  std::size_t max_consecutive_empty_pages_;
  std::string base_url_;
  LogSink log_;
  bool alpha_warning_;
  RetryingTransport<AnyTransport> transport_;
};

/// The Transport the generated ApiKeysApi of a Client sends through.
struct ClientTransport {
  std::shared_ptr<ClientCore> core;
  HttpResponse send(const HttpRequest& request) const { return core->send(request); }
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
  explicit ApiKeysClient(std::shared_ptr<detail::ClientCore> core)
      : core_(core), api_(detail::ClientTransport{std::move(core)}) {}

  /// One page of keys. Python `client.api_keys.list(...)`, TypeScript `listApiKeys(...)`.
  ApiKeyList list(const ListApiKeysRequest& request = {}) {
    core_->on_first_use("api_keys.list");
    return api_.list_api_keys(request);
  }

  /// Every key across pages, fetched lazily one page at a time (page size: request.limit).
  /// Starts at request.cursor when given. The request is checked before the first fetch.
  /// Pages that loop, or more than ClientOptions::max_consecutive_empty_pages empty pages in a
  /// row, end the walk with a ProtocolError.
  Pager<ApiKey> list_all(ListApiKeysRequest request = {}) {
    (void)ApiKeysApi<detail::ClientTransport>::build_list_api_keys(request);  // validate now
    std::optional<std::string> first = std::move(request.cursor);
    request.cursor.reset();
    return Pager<ApiKey>(
        [self = *this, request](const std::optional<std::string>& cursor) mutable {
          ListApiKeysRequest r = request;
          r.cursor = cursor;
          ApiKeyList page = self.list(r);
          PaginationMetadata& meta = page.pagination;
          if (meta.has_more && !meta.next_cursor) {
            throw ProtocolError("pagination", "has_more is true but there is no next_cursor",
                                cursor, "GET /v2/api-keys");
          }
          return PageOf<ApiKey>{
              .items = std::move(page.api_keys.get()),
              .next_cursor = meta.has_more ? std::move(meta.next_cursor) : std::nullopt,
          };
        },
        std::move(first), core_->max_consecutive_empty_pages());
  }

  /// Creates a user key. The raw key is in the result's `key`, once. (The process remembers
  /// it in Redactor::global(), so that server text echoing it shows "[REDACTED]".)
  ApiKeyCreated create(const CreateKeyParams& params) {
    core_->on_first_use("api_keys.create");
    return remembered(api_.create_api_key({.body = ApiKeyCreate{
                                               .name = params.name.get(),
                                               .description = params.description,
                                               .key_type = ApiKeyType::user,
                                               .expires_at = params.expires_at,
                                           }}));
  }

  /// Creates a service key for a space, with roles at or below the caller's.
  ApiKeyCreated create_service_key(const CreateServiceKeyParams& params) {
    core_->on_first_use("api_keys.create_service_key");
    std::optional<ApiKeyRoles> roles;
    if (params.space_role || params.org_role || params.account_role) {
      roles = ApiKeyRoles{
          .space_role = params.space_role,
          .org_role = params.org_role,
          .account_role = params.account_role,
      };
    }
    return remembered(api_.create_api_key({.body = ApiKeyCreate{
                                               .name = params.name.get(),
                                               .description = params.description,
                                               .key_type = ApiKeyType::service,
                                               .expires_at = params.expires_at,
                                               .space_id = params.space_id.get(),
                                               .roles = std::move(roles),
                                           }}));
  }

  /// Deletes (revokes) a key at once and for good. Python `delete`, TypeScript `revokeApiKey`.
  void delete_key(std::string_view api_key_id) {
    core_->on_first_use("api_keys.delete");
    api_.delete_api_key({.api_key_id = std::string(api_key_id)});
  }
  /// The TypeScript SDK's name for delete_key.
  void revoke(std::string_view api_key_id) { delete_key(api_key_id); }

  /// Replaces a key with a new one (same name, description, type and scope); the new raw key is
  /// in the result's `key`, once. No body is sent when `params` is empty.
  ApiKeyCreated refresh(std::string_view api_key_id, const RefreshParams& params = {}) {
    core_->on_first_use("api_keys.refresh");
    std::optional<ApiKeyRefresh> body;
    if (params != ApiKeyRefresh{}) body = params;
    return remembered(
        api_.refresh_api_key({.api_key_id = std::string(api_key_id), .body = std::move(body)}));
  }

  /// The generated endpoint class underneath, for the raw operations (same transport stack).
  ApiKeysApi<detail::ClientTransport>& raw() noexcept { return api_; }

 private:
  static ApiKeyCreated remembered(ApiKeyCreated created) {
    Redactor::global().remember(created.key);
    return created;
  }

  std::shared_ptr<detail::ClientCore> core_;
  ApiKeysApi<detail::ClientTransport> api_;
};

/// The Arize client. Cheap to copy; copies share the connection pool.
class Client {
 public:
  /// Resolves the options (throws ConfigError: no API key, a bad base URL, an unreadable CA
  /// file); connects on first use.
  explicit Client(ClientOptions options = {})
      : core_(std::make_shared<detail::ClientCore>(std::move(options))), api_keys(core_) {}

  [[nodiscard]] const std::string& base_url() const noexcept { return core_->base_url(); }

 private:
  std::shared_ptr<detail::ClientCore> core_;

 public:
  ApiKeysClient api_keys;
};

}  // namespace arize
