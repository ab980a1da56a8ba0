// A shared library built with -fvisibility=hidden -fvisibility-inlines-hidden that holds its
// own copy of the header-only client (tests/runtime/CMakeLists.txt: runtime.redactor_dso).
#include <string>

#include "arize/core/secret.hpp"

[[gnu::visibility("default")]] void arize_test_dso_remember(const std::string& value) {
  arize::Redactor::global().remember(arize::Secret(value));
}

[[gnu::visibility("default")]] std::string arize_test_dso_redact(const std::string& text) {
  return arize::redact_secrets(text);
}
