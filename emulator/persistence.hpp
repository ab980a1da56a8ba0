// The --state file: the Store's State as JSON, read once at start and rewritten atomically
// (temporary file in the same directory, fsync, rename) after every change. One process at a
// time uses a state file: it holds StateFileLock for its lifetime.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "store.hpp"
#include "wire.hpp"

namespace arize::emulator {

/// A state file that cannot be read, parsed or written. The message names the file.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// nullopt when `file` does not exist (a fresh start); StateError when it exists but cannot be
/// read or is not a valid state. The file is never modified.
[[nodiscard]] std::optional<State> load_state_file(const std::filesystem::path& file);

/// Replaces `file` with `state` atomically; readers see the old or the new file, never a mix.
/// The file is created with mode 0600 (it holds key hashes and the cursor secret).
void save_state_file(const std::filesystem::path& file, const State& state);

/// Removes the temporary files that writers killed mid-save left next to `file` (named
/// "<file>.tmp-<pid>" with no such process any more); returns how many. Errors are ignored.
int remove_stale_temp_files(const std::filesystem::path& file);

/// An exclusive lock on a state file, held while the object lives, so that two emulators never
/// overwrite each other's state. It is a flock(2) on the sibling "<file>.lock" (the state file
/// itself is replaced at every save, so a lock on it would not last), created with mode 0600 and
/// removed on release. Non-blocking: a second holder, in another process or in this one, gets
/// a StateError saying the file is in use. The kernel releases the lock of a killed process;
/// the .lock file it leaves is reused.
class StateFileLock {
 public:
  explicit StateFileLock(const std::filesystem::path& file);
  ~StateFileLock();
  StateFileLock(const StateFileLock&) = delete;
  StateFileLock& operator=(const StateFileLock&) = delete;

  /// "<file>.lock".
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

[[nodiscard]] nlohmann::json state_to_json(const State& state);
/// Throws StateError naming what is wrong.
[[nodiscard]] State state_from_json(const nlohmann::json& json);

}  // namespace arize::emulator
