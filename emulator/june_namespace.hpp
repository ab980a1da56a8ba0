// TEMPORARY until the per-revision namespaces land: the 2026-06 generated code still lives in
// namespace arize (include/arize/generated/); the emulator names it arize::v2026_06 already.
#pragma once

#include <arize/generated/all.hpp>

namespace arize {
namespace v2026_06 = ::arize;
}  // namespace arize
