// The emulator's 2026-06 wire format, both directions (2026-07: wire_v2026_07.hpp): request
// bodies and list queries decoded into Store's typed commands, Store's results and refusals
// encoded as response bodies. Bodies go through the generated models of the 2026-06 revision
// (ApiKeyCreate, ApiKeyRefresh, ApiKey, ApiKeyCreated, ApiKeyList, Problem), so the member
// names, types, enumerations and body limits (lengths, ranges) follow regeneration. So do the
// query parameter names, the page size range and the routes with their methods: they are
// read from the generated build_<op> functions (wire_common.hpp). Not generated, and restated
// here by hand: the default page size (store.hpp), the meaning of each query value, the
// parameter defaults (status active, key_type user) and the access rules (store.hpp). The
// emulator's tests send and read hand-written JSON, which keeps them an independent check of
// those models.
//
// Date-times are read by the client's RFC 3339 parser, which takes only what it can write
// back (years 0000-9999 in UTC). Decoding adds what a server must check and a client need
// not: unknown enumeration values, members given twice, and the shape rules of the
// description (a service key needs `space_id`; a user key takes neither it nor `roles`).
// A refusal never quotes the text the client sent.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store.hpp"

namespace arize::emulator {

/// A JSON object that holds the same member twice.
class DuplicateMember : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A JSON text nesting arrays and objects deeper than arize::max_json_depth.
class NestedTooDeep : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// nlohmann::json::parse, but an object holding a member twice (which nlohmann takes "last
/// wins") throws DuplicateMember, and one nesting deeper than arize::max_json_depth (as the
/// client bounds its own parse) throws NestedTooDeep before building the deeper parts. Syntax
/// errors throw nlohmann::json::parse_error; valid syntax nlohmann cannot hold (a number past
/// double's range) its out_of_range.
[[nodiscard]] nlohmann::json parse_json_unique(std::string_view text);

// --- requests -----------------------------------------------------------------------------
// Each returns the command, or the 400 refusing it (Store raises it after authentication).

/// The body of POST /v2/api-keys (ApiKeyCreate), as received.
[[nodiscard]] Decoded<NewKey> decode_create(std::string_view body);
/// The body of POST /v2/api-keys/{id}/refresh (ApiKeyRefresh); empty (or only whitespace)
/// means no body.
[[nodiscard]] Decoded<KeyRefresh> decode_refresh(std::string_view body);
/// The query of GET /v2/api-keys, from the raw request target ("/v2/api-keys?limit=5"):
/// percent-decoded with "+" kept as "+" (ids and cursors are base64, where "+" is a letter; no
/// valid value holds a space). Unknown parameters are ignored; a known one given twice is 400.
[[nodiscard]] Decoded<ListFilter> decode_list_query(std::string_view target);

class WireApi;
/// The 2026-06 wire and routes, for the HTTP layer (wire_common.hpp).
[[nodiscard]] const WireApi& june_wire();

// --- responses ----------------------------------------------------------------------------

/// An ApiKeyList body.
[[nodiscard]] std::string encode_page(const ListPage& page);
/// An ApiKeyCreated body: the key, with its raw secret (shown once).
[[nodiscard]] std::string encode_created(const CreatedKey& created);
/// An RFC 9457 problem body (Problem): type about:blank, the status's reason phrase as title.
/// `instance` names this occurrence (the request id), so a problem never repeats anything the
/// client sent: no path, no parameter, no token. An empty detail is left out.
[[nodiscard]] std::string encode_problem(int status, std::string_view detail,
                                         std::string_view instance);

}  // namespace arize::emulator
