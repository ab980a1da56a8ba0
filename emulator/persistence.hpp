// The --state file: the Store's State as JSON, read once at start and rewritten atomically
// (temporary file in the same directory, fsync, rename) after every change.
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

[[nodiscard]] nlohmann::json state_to_json(const State& state);
/// Throws StateError naming what is wrong.
[[nodiscard]] State state_from_json(const nlohmann::json& json);

}  // namespace arize::emulator
