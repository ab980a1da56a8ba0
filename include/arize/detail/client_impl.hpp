// The definitions of arize/client.hpp. Header-only builds get them through client.hpp; with
// ARIZE_SEPARATE_COMPILATION, only <arize/compiled.hpp> includes this, in one .cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "arize/client.hpp"
#include "arize/core/config.hpp"
#include "arize/detail/client_core.hpp"

namespace arize {

namespace detail {
ARIZE_INLINE HttpResponse ClientTransport::send(const HttpRequest& request) const {
  return core->send(request);
}
}  // namespace detail

ARIZE_INLINE ApiKeysClient::ApiKeysClient(std::shared_ptr<detail::ClientCore> core)
    : core_(core),
      revision_(core->revision()),
      api06_(detail::ClientTransport{core}),
      api07_(detail::ClientTransport{std::move(core)}) {}

ARIZE_INLINE ApiKeyList ApiKeysClient::list(const ListKeysParams& params) {
  return detail::run(*core_, detail::prepare_list(revision_, params));
}

ARIZE_INLINE Pager<ApiKey> ApiKeysClient::list_all(ListKeysParams params) {
  // Validates now (not at the first fetch); the path is the same in every revision.
  (void)v2026_07::ApiKeysApi<detail::ClientTransport>::build_list_api_keys({.limit = params.limit});
  std::optional<std::string> first = std::move(params.cursor);
  params.cursor.reset();
  return Pager<ApiKey>(
      [self = *this, params](const std::optional<std::string>& cursor) mutable {
        ListKeysParams r = params;
        r.cursor = cursor;
        ApiKeyList page = self.list(r);
        return page_from_response(std::move(page.api_keys.get()), page.pagination.has_more,
                                  std::move(page.pagination.next_cursor), cursor,
                                  "GET /v2/api-keys");
      },
      std::move(first), core_->max_consecutive_empty_pages());
}

ARIZE_INLINE ApiKeyCreated ApiKeysClient::create(const CreateKeyParams& params) {
  return detail::run(*core_, detail::prepare_create(revision_, params));
}

ARIZE_INLINE ApiKeyCreated ApiKeysClient::create_service_key(const CreateServiceKeyParams& params) {
  detail::NameResolver names(core_);  // lookups through this client
  return detail::run(*core_, detail::prepare_create_service_key(revision_, params, names));
}

ARIZE_INLINE void ApiKeysClient::revoke(std::string_view api_key_id,
                                        const RevokeParams& /*params*/) {
  detail::run(*core_, detail::prepare_revoke(revision_, api_key_id));
}

ARIZE_INLINE ApiKeyCreated ApiKeysClient::refresh(std::string_view api_key_id,
                                                  const RefreshParams& params) {
  return detail::run(*core_, detail::prepare_refresh(revision_, api_key_id, params));
}

ARIZE_INLINE Client::Client(ClientOptions options)
    : core_(std::make_shared<detail::ClientCore>(std::move(options))), api_keys(core_) {}

ARIZE_INLINE const std::string& Client::base_url() const noexcept { return core_->base_url(); }

ARIZE_INLINE ApiRevision Client::api_revision() const noexcept { return core_->revision(); }

}  // namespace arize
