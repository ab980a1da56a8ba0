// Box<T>: a value that lives on the heap, for recursive models (`Node.parent: Node`).
//
// A struct cannot hold a member of its own type, nor std::optional of it; a Box can, because
// it holds a pointer. It behaves as a value: copying a Box copies the T, == compares the Ts,
// and it is never empty (there is no default constructor; a moved-from Box still holds a T).
#pragma once

#include <memory>
#include <utility>

#include "arize/core/json.hpp"
#include "arize/core/validation.hpp"

namespace arize {

template <class T>
class Box {
 public:
  Box(const T& value) : p_(std::make_unique<T>(value)) {}        // NOLINT: implicit, like T
  Box(T&& value) : p_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit, like T
  Box(const Box& other) : p_(std::make_unique<T>(*other.p_)) {}
  Box(Box&& other) : p_(std::make_unique<T>(std::move(*other.p_))) {}
  Box& operator=(const Box& other) {
    if (this != &other) *p_ = *other.p_;
    return *this;
  }
  Box& operator=(Box&& other) {
    if (this != &other) *p_ = std::move(*other.p_);
    return *this;
  }
  ~Box() = default;

  [[nodiscard]] T& operator*() noexcept { return *p_; }
  [[nodiscard]] const T& operator*() const noexcept { return *p_; }
  [[nodiscard]] T* operator->() noexcept { return p_.get(); }
  [[nodiscard]] const T* operator->() const noexcept { return p_.get(); }
  [[nodiscard]] const T& get() const noexcept { return *p_; }

  friend bool operator==(const Box& a, const Box& b) { return *a.p_ == *b.p_; }

 private:
  std::unique_ptr<T> p_;
};

template <class T>
struct Codec<Box<T>> {
  static Box<T> decode(const Json& j, const JsonPath& path) { return Codec<T>::decode(j, path); }
  static Box<T> read(JsonRef j, const JsonPath& path) { return Codec<T>::read(j, path); }
  static void encode(Json& out, const Box<T>& v, const EncodeOptions& options) {
    Codec<T>::encode(out, *v, options);
  }
};

template <class T>
void validate(const Box<T>& v, const JsonPath& path = {}) {
  validate(*v, path);
}

}  // namespace arize
