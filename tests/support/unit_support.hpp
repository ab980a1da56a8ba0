// Shared helpers of the unit tests of the core and the runtime (tests/core, tests/runtime): a
// Client over a RecordingTransport, canned response bodies and a log sink that keeps what it
// receives.
#pragma once

#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "arize/api_keys.hpp"
#include "arize/testing/recording_transport.hpp"

namespace rt {

using Json = nlohmann::json;
using arize::testing::RecordingTransport;

inline constexpr const char* token = "test-token";
inline constexpr const char* raw_key = "ak-RAW-secret-0123456789";

/// Options of a Client over `fake` that sends each request once and warns about nothing.
inline arize::ClientOptions options_for(const RecordingTransport& fake) {
  return arize::ClientOptions{
      .api_key = arize::Secret(token),
      .base_url = "http://example.invalid",
      .retry = arize::RetryPolicy::none(),
      .log = arize::null_log_sink,
      .alpha_warning = false,
      .transport = fake,
  };
}

inline arize::Client client_for(const RecordingTransport& fake) {
  return arize::Client(options_for(fake));
}

/// A retry policy with tiny backoffs, for Clients that really sleep.
inline arize::RetryPolicy fast_retry(int attempts = 4) {
  arize::RetryPolicy p;
  p.max_attempts = attempts;
  p.initial_backoff = std::chrono::milliseconds(1);
  p.max_backoff = std::chrono::milliseconds(2);
  return p;
}

inline Json api_key_json(const std::string& id) {
  return Json{
      {"id", id},
      {"name", "key " + id},
      {"description", "about " + id},
      {"key_type", "user"},
      {"status", "active"},
      {"redacted_key", "ak-abc...xyz"},
      {"created_at", "2024-01-15T10:30:00Z"},
      {"expires_at", "2030-06-01T00:00:00.5Z"},
      {"created_by_user_id", "VXNlcjox"},
      {"last_used_at", "2024-02-01T08:00:00+01:00"},
  };
}

inline std::string list_body(const std::vector<std::string>& ids,
                             const std::optional<std::string>& next_cursor, bool has_more) {
  Json keys = Json::array();
  for (const auto& id : ids) keys.push_back(api_key_json(id));
  Json pagination{{"has_more", has_more}};
  if (next_cursor) pagination["next_cursor"] = *next_cursor;
  return Json{{"api_keys", keys}, {"pagination", pagination}}.dump();
}

inline Json created_json(const std::string& id = "QXBpS2V5OjE=") {
  Json j = api_key_json(id);
  j["key"] = raw_key;
  return j;
}

/// A LogSink that keeps every line (thread-safe; copies share the record).
class CapturingLog {
 public:
  struct Line {
    arize::LogLevel level;
    std::string text;
  };

  arize::LogSink sink() const {
    return [state = state_](arize::LogLevel level, std::string_view text) {
      const std::lock_guard lock(state->mutex);
      state->lines.push_back(Line{level, std::string(text)});
    };
  }
  std::vector<Line> lines() const {
    const std::lock_guard lock(state_->mutex);
    return state_->lines;
  }
  std::string all() const {
    std::string out;
    for (const auto& l : lines()) out += l.text + '\n';
    return out;
  }

 private:
  struct State {
    std::mutex mutex;
    std::vector<Line> lines;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

/// Sets (or with nullopt unsets) an environment variable for a scope, restoring it afterwards.
class EnvVar {
 public:
  EnvVar(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = std::string(old);
    apply(value);
  }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;
  ~EnvVar() { apply(old_); }

 private:
  void apply(const std::optional<std::string>& value) {
    if (value) {
      ::setenv(name_, value->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  const char* name_;
  std::optional<std::string> old_;
};

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace rt
