// Must not compile: a string where an (optional) integer belongs.
#include "arize/generated/v2026_06/all.hpp"

void codegen_compile_fail_case() {
  const arize::v2026_06::ApiKeyRefresh refresh{.grace_period_seconds = "10"};
  (void)refresh;
}
