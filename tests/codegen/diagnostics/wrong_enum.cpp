// A user's mistake: a value of the wrong enum.
#include "arize/api_keys.hpp"
void f(arize::Client& c) { (void)c.api_keys.list({.key_type = arize::ApiKeyStatus::active}); }
