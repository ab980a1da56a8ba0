// The emulator's 2026-07 wire format (the current revision), both directions: the same
// Store commands as the 2026-06 wire (wire.hpp), decoded from and encoded through the
// generated models of arize::v2026_07 (CreateApiKeyRequest and its role unions,
// CreateApiKeyResponse with bot_user, RefreshApiKeyResponse, ListApiKeysResponse, Problem,
// ListSpacesResponse, ListOrganizationsResponse). Query names, page size ranges, routes and
// methods come from the generated build_<op> functions (wire_common.hpp).
//
// What a 2026-07 server refuses with 422 and the schema cannot say is decided here: an
// ANNOTATOR role at any level, a CUSTOM role at account or organization level. The other
// 2026-07 rules (role above the caller 422, refresh expiry, idempotent revoke) are Rules given
// to the Store.
#pragma once

#include <string_view>

#include "store.hpp"

namespace arize::emulator {

class WireApi;
/// The 2026-07 wire and routes, for the HTTP layer (wire_common.hpp).
[[nodiscard]] const WireApi& july_wire();

/// The body of POST /v2/api-keys (CreateApiKeyRequest), as received.
[[nodiscard]] Decoded<NewKey> decode_create_v2026_07(std::string_view body);

}  // namespace arize::emulator
