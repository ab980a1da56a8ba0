// A user's mistake: a required field (name) left out.
#include "arize/api_keys.hpp"
arize::ApiKeyCreated f(arize::Client& c) { return c.api_keys.create({.description = "x"}); }
