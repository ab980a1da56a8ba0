// Must not compile: ApiKeyCreate.name is required and left out.
#include "arize/generated/all.hpp"

void codegen_compile_fail_case() {
  const arize::ApiKeyCreate body{.description = "x"};
  (void)body;
}
