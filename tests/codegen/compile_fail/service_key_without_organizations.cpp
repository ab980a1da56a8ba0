// Must not compile: a 2026-07 service key without organizations (Required) is not a request.
#include "arize/generated/v2026_07/all.hpp"

void codegen_compile_fail_case() {
  namespace r07 = arize::v2026_07;
  const r07::CreateServiceApiKeyRequest body{
      .key_type = r07::CreateServiceApiKeyRequestKeyType::service, .name = "n"};
  (void)body;
}
