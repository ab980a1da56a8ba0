// Must not compile: an int where an enum (Open<ApiKeyType>) belongs.
#include "arize/generated/all.hpp"

void codegen_compile_fail_case() {
  const arize::ApiKeyCreate body{.name = "n", .key_type = 3};
  (void)body;
}
