// The compiled part of arize::AsyncClient for ARIZE_SEPARATE_COMPILATION builds
// (core/config.hpp): include this in exactly one .cpp of the program (it may be the one that
// includes <arize/compiled.hpp>, the sync client's compiled part, which the program needs too);
// every translation unit, this one too, is compiled with ARIZE_SEPARATE_COMPILATION defined.
// CMake's arize::async_compiled does both (and links arize::client_compiled).
#pragma once

#ifndef ARIZE_SEPARATE_COMPILATION
#error \
    "arize/async/compiled.hpp is for ARIZE_SEPARATE_COMPILATION builds: define it in every translation unit (or use the header-only arize/async/client.hpp alone)"
#endif

#include "arize/async/client.hpp"
#include "arize/detail/async_client_impl.hpp"
