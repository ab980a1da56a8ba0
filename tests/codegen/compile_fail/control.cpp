// Control for the compile-fail cases: the same headers, used correctly. Must compile.
#include "arize/generated/all.hpp"

void codegen_compile_fail_control() {
  const arize::ApiKeyCreate body{.name = "n", .key_type = arize::ApiKeyType::service};
  const arize::ApiKeyRefresh refresh{.grace_period_seconds = 10};
  const arize::Problem problem{.title = "t", .status = 500};
  const arize::DeleteApiKeyRequest del{.api_key_id = "QXBp1001"};
  (void)body;
  (void)refresh;
  (void)problem;
  (void)del;
}
