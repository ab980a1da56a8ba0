// Must not compile: the path parameter api_key_id of delete_api_key is required.
#include "arize/generated/v2026_06/all.hpp"

void codegen_compile_fail_case() {
  const arize::v2026_06::DeleteApiKeyRequest del{};
  (void)del;
}
