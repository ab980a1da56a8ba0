// Reading the process environment, for configuration taken at construction time.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace arize::detail {

/// The value of environment variable `name`; nullopt when it is unset or empty.
[[nodiscard]] inline std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once, at construction
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

/// Whether environment variable `name` is set to the empty string (env() treats it as unset).
[[nodiscard]] inline bool env_is_empty(const char* name) {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once, at construction
  return v != nullptr && *v == '\0';
}

}  // namespace arize::detail
