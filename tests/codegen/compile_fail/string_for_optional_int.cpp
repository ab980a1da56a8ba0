// Must not compile: a string where an (optional) integer belongs.
#include "arize/generated/all.hpp"

void codegen_compile_fail_case() {
  const arize::ApiKeyRefresh refresh{.grace_period_seconds = "10"};
  (void)refresh;
}
