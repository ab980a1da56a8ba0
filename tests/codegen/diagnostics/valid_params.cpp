// Not a mistake: the uses of the facade's parameter structs that must keep compiling
// (std::optional's operations, designated initializers, comparisons, assignment, passing on).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "arize/api_keys.hpp"

namespace {
void takes_int(const std::optional<std::int32_t>&) {}
void takes_text(const std::optional<std::string>&) {}
}  // namespace

void f(arize::Client& c, int n, const std::string& s, std::string_view sv,
       std::optional<std::int32_t> on) {
  using namespace arize;
  ListKeysParams p{.key_type = ApiKeyType::service,
                   .status = std::nullopt,
                   .space_id = s,
                   .user_id = std::optional<std::string>{"u"},
                   .limit = n,
                   .cursor = {}};
  const ListKeysParams q{.limit = on};
  p.limit = 5;
  p.limit = std::nullopt;
  p.limit = on;
  p.limit = q.limit;
  p.limit = {};
  p.space_id = "x";
  p.space_id = s;
  p.key_type = Open<ApiKeyType>(ApiKeyType::user);
  if (p.limit && p.limit.has_value()) (void)(p.limit.value() + *p.limit);
  const bool same = p == q || p.limit == 5 || p.limit == on || on == p.limit ||
                    p.limit != std::nullopt || p.space_id == "x" || p.key_type == ApiKeyType::user;
  takes_int(p.limit);
  takes_text(p.space_id);
  std::optional<std::int32_t> copy = p.limit;
  copy = p.limit;
  const OptionalParam<std::string> explicit_text(sv);
  CreateKeyParams ck{.name = "n"};
  const CreateKeyParams ck2{.name = s,
                            .description = std::string(sv),
                            .expires_at = parse_datetime("2027-01-01T00:00:00Z")};
  const std::string name = ck.name;
  ck.name = "m";
  const CreateServiceKeyParams cs{
      .name = ck.name,
      .space_id = "s",
      .space_role = SpaceRole::member,
      .org_role = OrgRole::admin,
      .organizations = {{.org = "o",
                         .role = OrgRole::member,
                         .spaces = {{.space = "s", .role = CustomRole{"x"}}}}}};
  const RefreshParams rp{.grace_period_seconds = 10};
  (void)c.api_keys.list({.limit = 100});
  (void)c.api_keys.refresh("id",
                           {.expires_at = std::chrono::time_point_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now())});
  static_assert(!std::is_default_constructible_v<CreateKeyParams>);
  static_assert(!std::is_default_constructible_v<CreateServiceKeyParams>);
  (void)same, (void)explicit_text, (void)ck2, (void)name, (void)cs, (void)rp;
}

void g(std::optional<arize::ApiKeyType> key_type, std::optional<arize::OrgRole> org_role) {
  arize::ListKeysParams p{.key_type = key_type};
  arize::CreateServiceKeyParams cs{.name = "n", .org_role = org_role};
  cs.org_role = org_role;
  cs.org_role = std::optional<arize::OrgRole>{};
  p.key_type = key_type;
  (void)p;
}
