// A user's mistake: an RFC 3339 string where a DateTime belongs.
#include "arize/api_keys.hpp"
void f(arize::Client& c) {
  (void)c.api_keys.create_service_key(
      {.name = "n", .space_id = "s", .expires_at = "2027-01-01T00:00:00Z"});
}
