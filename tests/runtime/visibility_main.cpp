// Issue 21 item 5: the application's redact_secrets knows the secrets a shared library built
// with -fvisibility=hidden registered (one Redactor::global() per process), and the other way.
// Exit status 0 when both hold.
#include <cstdio>
#include <string>

#include "arize/core/secret.hpp"

void arize_test_dso_remember(const std::string& value);
std::string arize_test_dso_redact(const std::string& text);

int main() {
  int failures = 0;
  arize_test_dso_remember("dso-secret-0123456789");
  const std::string mine = arize::redact_secrets("echo dso-secret-0123456789");
  if (mine != "echo [REDACTED]") {
    std::fprintf(stderr, "the application's redact_secrets missed the library's secret\n");
    ++failures;
  }
  arize::Redactor::global().remember(arize::Secret("app-secret-0123456789"));
  const std::string theirs = arize_test_dso_redact("echo app-secret-0123456789");
  if (theirs != "echo [REDACTED]") {
    std::fprintf(stderr, "the library's redact_secrets missed the application's secret\n");
    ++failures;
  }
  return failures == 0 ? 0 : 1;
}
