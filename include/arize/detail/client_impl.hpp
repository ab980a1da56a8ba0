// The definitions of arize/client.hpp. Header-only builds get them through client.hpp; with
// ARIZE_SEPARATE_COMPILATION, only <arize/compiled.hpp> includes this, in one .cpp.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "arize/client.hpp"
#include "arize/core/config.hpp"
#include "arize/core/env.hpp"
#include "arize/core/httplib_transport.hpp"

namespace arize {

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
        user_agent_(options.http.user_agent),
        alpha_warning_(options.alpha_warning && !alpha_silenced_by_env()),
        transport_(make_transport(options, base_url_), options.retry, options.log) {}

  HttpResponse send(const HttpRequest& request) {
    HttpRequest r = request;  // the one copy: the retry layer takes it over
    r.headers.set("Authorization", "Bearer " + api_key_.reveal());
    // Every transport sends it, a custom one too (HttplibTransport would add the same).
    if (!r.headers.contains("User-Agent")) r.headers.set("User-Agent", user_agent_);
    return transport_.send(std::move(r));
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
    HttplibTransportOptions http = o.http;
    http.base_url = base_url;
    if (!http.proxy && o.proxy_from_environment) {
      http.proxy = ProxyConfig::from_environment(BaseUrl::parse(base_url));
    }
    return HttplibTransport(std::move(http));
  }

  Secret api_key_;
  Redactor::Registration api_key_hold_;  // server text never shows the token (errors.hpp)
  std::size_t max_consecutive_empty_pages_;
  std::string base_url_;
  LogSink log_;
  std::string user_agent_;
  bool alpha_warning_;
  RetryingTransport<AnyTransport> transport_;
};

ARIZE_INLINE HttpResponse ClientTransport::send(const HttpRequest& request) const {
  return core->send(request);
}

}  // namespace detail

ARIZE_INLINE ApiKeysClient::ApiKeysClient(std::shared_ptr<detail::ClientCore> core)
    : core_(core), api_(detail::ClientTransport{std::move(core)}) {}

ARIZE_INLINE ApiKeyList ApiKeysClient::list(const ListApiKeysRequest& request) {
  core_->on_first_use("api_keys.list");
  return api_.list_api_keys(request);
}

ARIZE_INLINE Pager<ApiKey> ApiKeysClient::list_all(ListApiKeysRequest request) {
  // Validates now (not at the first fetch), and names the operation in errors as sent.
  const HttpRequest probe = ApiKeysApi<detail::ClientTransport>::build_list_api_keys(request);
  std::optional<std::string> first = std::move(request.cursor);
  request.cursor.reset();
  return Pager<ApiKey>(
      [self = *this, request, operation = probe.method + " " + probe.path](
          const std::optional<std::string>& cursor) mutable {
        ListApiKeysRequest r = request;
        r.cursor = cursor;
        ApiKeyList page = self.list(r);
        return page_from_response(std::move(page.api_keys.get()), page.pagination.has_more,
                                  std::move(page.pagination.next_cursor), cursor, operation);
      },
      std::move(first), core_->max_consecutive_empty_pages());
}

ARIZE_INLINE ApiKeyCreated ApiKeysClient::create(const CreateKeyParams& params) {
  core_->on_first_use("api_keys.create");
  v2026_06::ApiKeyCreate body{.name = params.name.get(), .key_type = ApiKeyType::user};
  body.description = params.description;
  body.expires_at = params.expires_at;
  return minted(Api::build_create_api_key({.body = std::move(body)}), &Api::decode_create_api_key);
}

ARIZE_INLINE ApiKeyCreated ApiKeysClient::create_service_key(const CreateServiceKeyParams& params) {
  core_->on_first_use("api_keys.create_service_key");
  v2026_06::ApiKeyCreate body{.name = params.name.get(), .key_type = ApiKeyType::service};
  body.description = params.description;
  body.expires_at = params.expires_at;
  body.space_id = params.space_id.get();
  if (params.space_role || params.org_role || params.account_role) {
    body.roles = v2026_06::ApiKeyRoles{
        .space_role = params.space_role,
        .org_role = params.org_role,
        .account_role = params.account_role,
    };
  }
  return minted(Api::build_create_api_key({.body = std::move(body)}), &Api::decode_create_api_key);
}

ARIZE_INLINE void ApiKeysClient::delete_key(std::string_view api_key_id) {
  core_->on_first_use("api_keys.delete");
  api_.delete_api_key({.api_key_id = std::string(api_key_id)});
}

ARIZE_INLINE ApiKeyCreated ApiKeysClient::refresh(std::string_view api_key_id,
                                                  const RefreshParams& params) {
  core_->on_first_use("api_keys.refresh");
  std::optional<ApiKeyRefresh> body;
  if (params != ApiKeyRefresh{}) body = params;
  return minted(
      Api::build_refresh_api_key({.api_key_id = std::string(api_key_id), .body = std::move(body)}),
      &Api::decode_refresh_api_key);
}

namespace detail {
/// What can be read of a success response to a create or refresh that does not decode: the
/// raw key and the id, when the body is a JSON object holding them as strings.
[[nodiscard]] inline UndecodedKeyError undecoded_key(const DecodeError& cause,
                                                     const HttpResponse& response) {
  std::optional<Secret> key;
  std::optional<std::string> id;
  const Json body = parse_json_or_discarded(response.body);
  if (body.is_object()) {
    if (const Json* k = find_member(body, "key"); k != nullptr && k->is_string()) {
      key = Secret(k->get<std::string>());
      Redactor::global().remember(*key);
    }
    if (const Json* i = find_member(body, "id"); i != nullptr && i->is_string()) {
      id = i->get<std::string>();
    }
  }
  return UndecodedKeyError(cause, std::move(key), std::move(id));
}
}  // namespace detail

ARIZE_INLINE ApiKeyCreated ApiKeysClient::minted(const HttpRequest& request, MintedDecoder decode) {
  const HttpResponse response = api_.transport().send(request);
  try {
    return decode(request, response);  // decoding remembers the key (Codec<Secret>)
  } catch (const DecodeError& e) {
    // The server has made a key: keep it if the body holds it, rather than lose it.
    if (response.status < 200 || response.status > 299) throw;
    throw detail::undecoded_key(e, response);
  } catch (const ApiError&) {
    // A success status the description does not declare for this operation (200 for a
    // create, say): the server has made a key all the same. The ApiError would have carried
    // the body, raw key included, as text; the key goes where a created key goes instead.
    if (response.status < 200 || response.status > 299) throw;
    throw detail::undecoded_key(DecodeError("",
                                            "status " + std::to_string(response.status) +
                                                " is a success this operation does not declare",
                                            detail::describe(request, response)),
                                response);
  }
}

ARIZE_INLINE Client::Client(ClientOptions options)
    : core_(std::make_shared<detail::ClientCore>(std::move(options))), api_keys(core_) {}

ARIZE_INLINE const std::string& Client::base_url() const noexcept { return core_->base_url(); }

}  // namespace arize
