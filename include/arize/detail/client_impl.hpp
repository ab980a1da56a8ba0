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
      : api_key_(resolve_key(check_one_place(options))),
        api_key_hold_(Redactor::global().hold(api_key_)),
        max_consecutive_empty_pages_(options.max_consecutive_empty_pages),
        base_url_(options.base_url ? *options.base_url
                                   : env("ARIZE_BASE_URL").value_or(default_base_url)),
        log_(options.log),
        user_agent_(std::move(options.user_agent)),
        alpha_warning_(options.alpha_warning && !alpha_silenced_by_env()),
        transport_(make_transport(options, base_url_), options.retry, options.log) {}

  HttpResponse send(const HttpRequest& request) {
    HttpRequest r = request;  // the one copy: the retry layer takes it over
    r.headers.set("Authorization", "Bearer " + api_key_.reveal());
    // The one place that adds it: every transport sends it, a custom one too.
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
  /// Each setting has one place: a combination where one option would silently override or
  /// ignore another is a ConfigError naming both.
  static ClientOptions& check_one_place(ClientOptions& o) {
    const auto conflict = [](const std::string& a, const std::string& b, const std::string& why) {
      throw ConfigError(a + " and " + b + " are both set: " + why);
    };
    if (o.transport) {
      for (const auto& member : changed_members(o.http)) {
        conflict("ClientOptions::http." + member, "ClientOptions::transport",
                 "the transport replaces the default one, which alone reads ClientOptions::http");
      }
      if (o.proxy_from_environment) {
        conflict("ClientOptions::proxy_from_environment", "ClientOptions::transport",
                 "the transport replaces the default one, which alone would use the proxy");
      }
    } else if (o.http.base_url != HttplibTransportOptions{}.base_url) {
      conflict("ClientOptions::http.base_url", "ClientOptions::base_url (or ARIZE_BASE_URL)",
               "the client sets the default transport's base URL; set ClientOptions::base_url");
    }
    return o;
  }
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
  return api_.create_api_key({.body = std::move(body)});
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
  return api_.create_api_key({.body = std::move(body)});
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
  return api_.refresh_api_key({.api_key_id = std::string(api_key_id), .body = std::move(body)});
}

ARIZE_INLINE Client::Client(ClientOptions options)
    : core_(std::make_shared<detail::ClientCore>(std::move(options))), api_keys(core_) {}

ARIZE_INLINE const std::string& Client::base_url() const noexcept { return core_->base_url(); }

}  // namespace arize
