// Must not compile: an int where an enum (Open<ApiKeyType>) belongs.
#include "arize/generated/v2026_06/all.hpp"

void codegen_compile_fail_case() {
  const arize::v2026_06::ApiKeyCreate body{.name = "n", .key_type = 3};
  (void)body;
}
