// Logging hook: the client reports warnings (the ALPHA notice) and retries through a LogSink.
// Nothing logged ever holds a bearer token or a raw key; requests are named by method and path.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace arize {

enum class LogLevel { debug, info, warning };

[[nodiscard]] constexpr std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
  }
  return "unknown";
}

/// Receives one log line (without a trailing newline). May be called from any thread that uses
/// the client; it must be thread-safe if the client is shared.
using LogSink = std::function<void(LogLevel, std::string_view)>;

/// The default sink: warnings to stderr, one line each; debug and info are dropped.
inline void stderr_log_sink(LogLevel level, std::string_view message) {
  if (level != LogLevel::warning) return;
  std::string line = "arize: ";
  line += to_string(level);
  line += ": ";
  line += message;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);  // one write: lines from threads stay whole
}

/// A sink that drops everything.
inline void null_log_sink(LogLevel, std::string_view) {}

}  // namespace arize
