// Must not compile: the path parameter api_key_id of delete_api_key is required.
#include "arize/generated/all.hpp"

void codegen_compile_fail_case() {
  const arize::DeleteApiKeyRequest del{};
  (void)del;
}
