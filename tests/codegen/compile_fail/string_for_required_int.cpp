// Must not compile: a string where a (required) integer belongs.
#include "arize/generated/all.hpp"

void codegen_compile_fail_case() {
  const arize::Problem problem{.title = "t", .status = "500"};
  (void)problem;
}
