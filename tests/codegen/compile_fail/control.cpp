// Control for the compile-fail cases: the same headers, used correctly. Must compile.
#include "arize/generated/v2026_06/all.hpp"

void codegen_compile_fail_control() {
  const arize::v2026_06::ApiKeyCreate body{.name = "n",
                                           .key_type = arize::v2026_06::ApiKeyType::service};
  const arize::v2026_06::ApiKeyRefresh refresh{.grace_period_seconds = 10};
  const arize::v2026_06::Problem problem{.title = "t", .status = 500};
  const arize::v2026_06::DeleteApiKeyRequest del{.api_key_id = "QXBp1001"};
  (void)body;
  (void)refresh;
  (void)problem;
  (void)del;
}
