// A user's mistake the compiler can see: a page size above the API's 100.
#include "arize/api_keys.hpp"
void f(arize::Client& c) { (void)c.api_keys.list({.limit = 500}); }
