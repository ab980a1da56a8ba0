// Secret: a raw API key. It prints as "[REDACTED]" everywhere (streams, models' operator<<,
// error messages); the value comes out only through reveal(). Its memory is wiped on
// destruction.
//
// Redactor: the secrets of this process (every live Client's bearer token, the last raw keys
// it received) that must never come back through text a server sent: a server that echoes the
// token in a problem detail must not get it printed. Exceptions scrub server text through it
// (errors.hpp); redact_secrets() does the same for any text a program shows.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// Default symbol visibility where the compiler has the notion (GCC, Clang on ELF and
/// Mach-O): for the one function-local static that must be one instance per process even when
/// the client is compiled into shared libraries built with -fvisibility=hidden.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(_WIN32)
#define ARIZE_VISIBLE [[gnu::visibility("default")]]
#else
#define ARIZE_VISIBLE
#endif

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

/// The process-wide set of secret values that scrub() replaces with "[REDACTED]" in text: the
/// bearer token of every live Client (held for the Client's lifetime) and the raw keys the
/// process received most recently (create and refresh; the last `remembered_keys`). Values
/// shorter than `min_length` are not scrubbed: they would match ordinary words, and no Arize
/// key is that short. Thread-safe; scrub() costs nothing while the set is empty.
class Redactor {
 public:
  static constexpr std::size_t min_length = 8;
  static constexpr std::size_t remembered_keys = 64;

  /// The process's Redactor (never destroyed, so that Clients in static storage can leave it).
  /// One per process also across shared libraries that each compile the client with
  /// -fvisibility=hidden: this function (and so its static) has default visibility, and the
  /// dynamic linker binds every copy to one. Not across Windows DLLs, a shared library linked
  /// with -Bsymbolic or loaded with dlopen(RTLD_LOCAL) before the others, nor a
  /// statically linked copy hidden by a version script (README: "Secrets across shared
  /// libraries").
  ARIZE_VISIBLE static Redactor& global() {
    static Redactor* const instance = new Redactor();  // NOLINT: intentionally never freed
    return *instance;
  }

  /// Keeps a value in the set until destroyed.
  class Registration {
   public:
    Registration() = default;
    Registration(Registration&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)), id_(other.id_) {}
    Registration& operator=(Registration&& other) noexcept {
      if (this != &other) {
        release();
        owner_ = std::exchange(other.owner_, nullptr);
        id_ = other.id_;
      }
      return *this;
    }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    ~Registration() { release(); }

   private:
    friend class Redactor;
    Registration(Redactor* owner, std::uint64_t id) : owner_(owner), id_(id) {}
    void release() noexcept {
      if (owner_ != nullptr) owner_->drop(id_);
      owner_ = nullptr;
    }
    Redactor* owner_ = nullptr;
    std::uint64_t id_ = 0;
  };

  /// Adds `value` (a bearer token) until the returned Registration is destroyed.
  [[nodiscard]] Registration hold(const Secret& value) {
    if (value.reveal().size() < min_length) return {};
    const std::lock_guard lock(mutex_);
    const std::uint64_t id = ++last_id_;
    held_.push_back(Held{id, value});
    count_.store(held_.size() + recent_.size(), std::memory_order_release);
    return Registration(this, id);
  }

  /// Adds a raw key the process received; the oldest is dropped (and wiped) beyond
  /// `remembered_keys`.
  void remember(const Secret& value) {
    if (value.reveal().size() < min_length) return;
    const std::lock_guard lock(mutex_);
    if (std::find(recent_.begin(), recent_.end(), value) != recent_.end()) return;
    recent_.push_back(value);
    if (recent_.size() > remembered_keys) recent_.pop_front();
    count_.store(held_.size() + recent_.size(), std::memory_order_release);
  }

  /// Replaces every occurrence of every value in the set with "[REDACTED]" (longer values
  /// first, so that one holding another is replaced whole). True when anything was replaced.
  bool scrub(std::string& text) const {
    if (count_.load(std::memory_order_acquire) == 0 || text.size() < min_length) return false;
    const std::lock_guard lock(mutex_);
    std::vector<const std::string*> values;
    values.reserve(held_.size() + recent_.size());
    for (const auto& h : held_) values.push_back(&h.value.reveal());
    for (const auto& r : recent_) values.push_back(&r.reveal());
    std::sort(values.begin(), values.end(),
              [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
    bool replaced = false;
    for (const std::string* value : values) {
      for (std::size_t at = text.find(*value); at != std::string::npos;
           at = text.find(*value, at + Secret::redacted_text.size())) {
        text.replace(at, value->size(), Secret::redacted_text);
        replaced = true;
      }
    }
    return replaced;
  }

  /// How many values the set holds (for tests).
  [[nodiscard]] std::size_t size() const noexcept { return count_.load(std::memory_order_acquire); }

 private:
  Redactor() = default;
  struct Held {
    std::uint64_t id;
    Secret value;
  };
  void drop(std::uint64_t id) noexcept {
    const std::lock_guard lock(mutex_);
    std::erase_if(held_, [id](const Held& h) { return h.id == id; });
    count_.store(held_.size() + recent_.size(), std::memory_order_release);
  }

  mutable std::mutex mutex_;
  std::vector<Held> held_;
  std::deque<Secret> recent_;
  std::uint64_t last_id_ = 0;
  std::atomic<std::size_t> count_ = 0;
};

/// `text` with every secret of Redactor::global() replaced by "[REDACTED]": for any server
/// text a program shows (the arize-keys CLI passes every field it prints through this).
[[nodiscard]] inline std::string redact_secrets(std::string text) {
  Redactor::global().scrub(text);
  return text;
}

}  // namespace arize
