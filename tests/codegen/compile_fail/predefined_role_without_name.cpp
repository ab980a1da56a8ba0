// Must not compile: a 2026-07 predefined space role without its name.
#include "arize/generated/v2026_07/all.hpp"

void codegen_compile_fail_case() {
  namespace r07 = arize::v2026_07;
  const r07::PredefinedRoleAssignmentRequest role{.type = r07::SpaceRoleAssignmentType::predefined};
  (void)role;
}
