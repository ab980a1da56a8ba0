// Command-line flags of arize-emulator.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "http_server.hpp"

namespace arize::emulator {

struct Options {
  ServerOptions server;
  std::optional<std::string> admin_key;   // --admin-key
  std::optional<std::string> member_key;  // --member-key
  std::vector<std::string> spaces;        // --space (repeatable)
  std::optional<std::string> state_file;  // --state
  std::optional<std::uint64_t> seed;      // --seed
  bool help = false;
};

/// A flag that is unknown, lacks its value or has a value out of range.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses argv ("--flag VALUE" or "--flag=VALUE"). Throws UsageError.
[[nodiscard]] Options parse_options(const std::vector<std::string>& args);

/// The --help text.
[[nodiscard]] std::string usage();

}  // namespace arize::emulator
