// Randomness, hashing and base64 for the emulator, on OpenSSL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace arize::emulator {

/// Source of random bytes. Unseeded it is OpenSSL's RAND_bytes; seeded (--seed) it is a
/// deterministic stream (SHA-256 of the seed and a counter) so that a test run can be replayed.
/// Thread-safe.
class Random {
 public:
  Random() = default;
  explicit Random(std::uint64_t seed) : seed_(seed) {}

  /// n random bytes.
  [[nodiscard]] std::string bytes(std::size_t n);
  /// A number in [0, 1).
  [[nodiscard]] double uniform();

 private:
  std::mutex mutex_;
  std::optional<std::uint64_t> seed_;
  std::uint64_t counter_ = 0;
};

/// SHA-256 of data, as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view data);
/// SHA-256 of data, as 32 raw bytes.
[[nodiscard]] std::string sha256(std::string_view data);
/// HMAC-SHA-256 of data under key, as 32 raw bytes.
[[nodiscard]] std::string hmac_sha256(std::string_view key, std::string_view data);
/// Compares in time independent of where the inputs differ.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);

/// Base64 with the standard alphabet ("+", "/") and "=" padding.
[[nodiscard]] std::string base64_encode(std::string_view data);
/// Base64 with the URL-safe alphabet ("-", "_") and no padding.
[[nodiscard]] std::string base64url_encode(std::string_view data);
/// Inverse of base64url_encode; nullopt for anything that is not canonical unpadded base64url.
[[nodiscard]] std::optional<std::string> base64url_decode(std::string_view text);

/// Lowercase hex of raw bytes, and back (nullopt when not even-length hex).
[[nodiscard]] std::string hex_encode(std::string_view data);
[[nodiscard]] std::optional<std::string> hex_decode(std::string_view text);

}  // namespace arize::emulator
