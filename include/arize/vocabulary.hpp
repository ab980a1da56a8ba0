// The seeds' vocabulary: the names the facade (arize::Client) and the seed programs
// (examples/seeds/) use in namespace arize, brought in from the generated code of the June 2026
// revision (arize::v2026_06, include/arize/generated/v2026_06/). This is the ONE list of them:
// a later step replaces these declarations with revision-neutral facade types. Code that deals
// with the June wire itself names arize::v2026_06::X.
#pragma once

#include "arize/generated/v2026_06/all.hpp"

namespace arize {

// Enums: arize::ApiKeyStatus::active, arize::SpaceRole::member, arize::OrgRole::read_only, ...
using v2026_06::AccountRole;
using v2026_06::ApiKeyStatus;
using v2026_06::ApiKeyType;
using v2026_06::OrgRole;
using v2026_06::SpaceRole;

// What the facade returns and takes.
using v2026_06::ApiKey;
using v2026_06::ApiKeyCreated;
using v2026_06::ApiKeyList;
using v2026_06::ApiKeyRefresh;
using v2026_06::ListApiKeysRequest;

// The generated endpoint class behind Client::raw().
using v2026_06::ApiKeysApi;

}  // namespace arize
