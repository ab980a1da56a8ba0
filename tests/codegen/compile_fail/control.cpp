// Control for the compile-fail cases: the same headers, used correctly. Must compile.
#include "arize/generated/v2026_06/all.hpp"
#include "arize/generated/v2026_07/all.hpp"

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
  namespace r07 = arize::v2026_07;
  const r07::CreateServiceApiKeyRequest service{
      .key_type = r07::CreateServiceApiKeyRequestKeyType::service,
      .name = "n",
      .organizations = std::vector<r07::ServiceKeyOrgAssignment>{
          {.org_id = "T3JnOjE=",
           .spaces = std::vector<r07::ServiceKeySpaceAssignment>{{.space_id = "U3BhY2U6MQ=="}}}}};
  const r07::PredefinedRoleAssignmentRequest predefined{
      .type = r07::SpaceRoleAssignmentType::predefined, .name = r07::UserSpaceRole::member};
  const r07::CustomRoleAssignmentRequest custom{.type = r07::SpaceRoleAssignmentType::custom,
                                                .id = "Um9sZTox"};
  (void)service;
  (void)predefined;
  (void)custom;
}
