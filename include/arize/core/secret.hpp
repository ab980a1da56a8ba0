// Secret: a raw API key. It prints as "[REDACTED]" everywhere (streams, models' operator<<,
// error messages); the value comes out only through reveal(). Its memory is wiped on
// destruction.
#pragma once

#include <atomic>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace arize {

class Secret {
 public:
  static constexpr std::string_view redacted_text = "[REDACTED]";

  Secret() = default;
  explicit Secret(std::string value) noexcept : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
  Secret& operator=(const Secret& other) {
    if (this != &other) {
      wipe();
      value_ = other.value_;
    }
    return *this;
  }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe();
      value_ = std::move(other.value_);
      other.wipe();
    }
    return *this;
  }
  ~Secret() { wipe(); }

  /// The secret value. Every use of it should be deliberate: store it, send it, never log it.
  [[nodiscard]] const std::string& reveal() const noexcept { return value_; }
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }

  /// Compares in time independent of where the values differ.
  friend bool operator==(const Secret& a, const Secret& b) noexcept {
    if (a.value_.size() != b.value_.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.value_.size(); ++i) {
      diff |= static_cast<unsigned char>(a.value_[i] ^ b.value_[i]);
    }
    return diff == 0;
  }
  friend std::ostream& operator<<(std::ostream& os, const Secret&) { return os << redacted_text; }

 private:
  // Overwrites every byte (the capacity too) through a volatile pointer, which the optimiser
  // may not remove, then forgets the value.
  void wipe() noexcept {
    volatile char* p = value_.data();
    for (std::size_t i = 0; i < value_.capacity(); ++i) p[i] = 0;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    value_.clear();
  }
  std::string value_;
};

/// The redacted text, for formatting libraries and logs.
[[nodiscard]] inline std::string to_string(const Secret&) {
  return std::string(Secret::redacted_text);
}

}  // namespace arize
