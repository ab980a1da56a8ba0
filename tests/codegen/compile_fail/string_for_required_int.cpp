// Must not compile: a string where a (required) integer belongs.
#include "arize/generated/v2026_06/all.hpp"

void codegen_compile_fail_case() {
  const arize::v2026_06::Problem problem{.title = "t", .status = "500"};
  (void)problem;
}
