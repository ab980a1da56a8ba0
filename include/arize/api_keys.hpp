// The one header to include: the Arize API keys client.
//
//   #include <arize/api_keys.hpp>
//   arize::Client client;  // reads ARIZE_API_KEY (and ARIZE_BASE_URL)
//   auto created = client.api_keys.create({.name = "CI pipeline key"});
//   store_somewhere_safe(created.key.reveal());
#pragma once

#include "arize/client.hpp"                  // IWYU pragma: export
#include "arize/core/runtime.hpp"            // IWYU pragma: export
#include "arize/generated/v2026_06/all.hpp"  // IWYU pragma: export
#include "arize/version.hpp"                 // IWYU pragma: export
