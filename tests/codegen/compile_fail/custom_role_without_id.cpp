// Must not compile: a 2026-07 custom space role without its id.
#include "arize/generated/v2026_07/all.hpp"

void codegen_compile_fail_case() {
  namespace r07 = arize::v2026_07;
  const r07::CustomRoleAssignmentRequest role{.type = r07::SpaceRoleAssignmentType::custom};
  (void)role;
}
