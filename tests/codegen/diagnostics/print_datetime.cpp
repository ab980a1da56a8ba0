// Printing a date: compiles (it was 736 lines of g++ 12 diagnostics).
#include <iostream>

#include "arize/api_keys.hpp"
void f(const arize::ApiKey& key) { std::cout << key.created_at << '\n'; }
