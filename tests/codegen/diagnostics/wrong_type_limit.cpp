// A user's mistake: a string where a number belongs.
#include "arize/api_keys.hpp"
void f(arize::Client& c) { (void)c.api_keys.list({.limit = "50"}); }
