// Secret: a raw API key. It prints as "[REDACTED]" everywhere (streams, models' operator<<,
// error messages); the value comes out only through reveal(). Its memory is wiped on
// destruction.
#pragma once

#include <openssl/crypto.h>

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
    return a.value_.size() == b.value_.size() &&
           CRYPTO_memcmp(a.value_.data(), b.value_.data(), a.value_.size()) == 0;
  }
  friend std::ostream& operator<<(std::ostream& os, const Secret&) { return os << redacted_text; }

 private:
  void wipe() noexcept {
    if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
    value_.clear();
  }
  std::string value_;
};

/// The redacted text, for formatting libraries and logs.
[[nodiscard]] inline std::string to_string(const Secret&) {
  return std::string(Secret::redacted_text);
}

}  // namespace arize
