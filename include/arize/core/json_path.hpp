// Where in a JSON document a value sits, for error messages: "api_keys[3].created_at".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace arize {

/// A location inside a JSON document, built while decoding or validating.
///
/// A JsonPath is a cheap chain of views on its parents: build children with field() and
/// index() and pass them down the call stack; never store one beyond the call that made it.
/// Nothing is allocated until str() is called (that is, on the error path only).
class JsonPath {
 public:
  /// The document's root.
  constexpr JsonPath() noexcept = default;

  /// The member `name` of the object at this path.
  [[nodiscard]] JsonPath field(std::string_view name) const noexcept {
    return JsonPath(this, name, 0, Kind::field);
  }
  /// The element `i` of the array at this path.
  [[nodiscard]] JsonPath index(std::size_t i) const noexcept {
    return JsonPath(this, {}, i, Kind::index);
  }

  /// "api_keys[3].created_at"; the root is the empty string.
  [[nodiscard]] std::string str() const {
    std::vector<const JsonPath*> chain;
    for (const JsonPath* p = this; p != nullptr && p->kind_ != Kind::root; p = p->parent_) {
      chain.push_back(p);
    }
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const JsonPath& p = **it;
      if (p.kind_ == Kind::index) {
        out += '[';
        out += std::to_string(p.index_);
        out += ']';
      } else {
        if (!out.empty()) out += '.';
        out += p.name_;
      }
    }
    return out;
  }

 private:
  enum class Kind : unsigned char { root, field, index };
  constexpr JsonPath(const JsonPath* parent, std::string_view name, std::size_t i,
                     Kind kind) noexcept
      : parent_(parent), name_(name), index_(i), kind_(kind) {}

  const JsonPath* parent_ = nullptr;
  std::string_view name_;
  std::size_t index_ = 0;
  Kind kind_ = Kind::root;
};

}  // namespace arize
