// The compiled part of arize::Client for ARIZE_SEPARATE_COMPILATION builds (core/config.hpp):
// include this in exactly one .cpp of the program; every translation unit, this one too, is
// compiled with ARIZE_SEPARATE_COMPILATION defined. CMake's arize::client_compiled does both.
#pragma once

#ifndef ARIZE_SEPARATE_COMPILATION
#error \
    "arize/compiled.hpp is for ARIZE_SEPARATE_COMPILATION builds: define it in every translation unit (or use the header-only arize/api_keys.hpp alone)"
#endif

#include "arize/api_keys.hpp"
#include "arize/detail/client_impl.hpp"

namespace arize {
template class Pager<ApiKey>;
template class v2026_06::ApiKeysApi<detail::ClientTransport>;
template class v2026_07::ApiKeysApi<detail::ClientTransport>;
}  // namespace arize
