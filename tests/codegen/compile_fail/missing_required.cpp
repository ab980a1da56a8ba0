// Must not compile: ApiKeyCreate.name is required and left out.
#include "arize/generated/v2026_06/all.hpp"

void codegen_compile_fail_case() {
  const arize::v2026_06::ApiKeyCreate body{.description = "x"};
  (void)body;
}
