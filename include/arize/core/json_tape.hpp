// JsonTape: JSON text read into one flat array of values, for decoding straight into models.
//
// Responses are decoded from a tape, not from an nlohmann::json DOM (issue 20): a parser
// (simdjson where the build defines ARIZE_WITH_SIMDJSON and links it, as CMake does when it
// finds simdjson; otherwise nlohmann's SAX parser: the grammar, UTF-8 and number rules of
// Json::parse) appends one 16-byte node per value to a vector, and the bytes of every string
// and member name to one buffer. Define ARIZE_WITH_SIMDJSON alike in every translation unit
// of a program, as any configuration macro, and compile <arize/compiled_simdjson.hpp> in one
// of them (CMake's arize::simdjson does both): only that unit compiles simdjson's header and
// the SAX parser; the others call JsonTape::read. Two growing allocations per body, nothing per
// value; the generated readers (arize_read) then walk the nodes once. A DOM costs a heap node per
// value and per member, a map insertion per member, and as much again to destroy; the tape is freed
// in two calls.
//
// A container's node knows where it ends, so a reader skips a member it does not know in one
// step, and oneOf/anyOf readers can try each alternative on the same value (a JsonRef is a
// position, not a stream). Nesting deeper than max_json_depth is refused as the text is read,
// so every recursive walk of a tape is bounded.
#pragma once
#define ARIZE_JSON_TAPE_HPP_INCLUDED

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <vector>

namespace arize {

/// The deepest nesting of arrays and objects the client reads. Copying, printing and
/// destroying a nlohmann DOM recurse once per level (only parsing does not): bounding the depth
/// where text becomes a DOM or a tape bounds the stack every later walk uses. No Arize body
/// nests deeper than a handful of levels.
inline constexpr int max_json_depth = 256;

class JsonTape;
struct JsonMember;

template <class Item>
class JsonRange;

/// One value inside a JsonTape: a position, cheap to copy. Valid while its tape lives.
class JsonRef {
 public:
  enum class Kind : std::uint8_t {
    null,
    boolean,
    integer,           // a negative integer that fits std::int64_t
    unsigned_integer,  // a non-negative integer that fits std::uint64_t
    floating,          // any other number
    string,
    object,
    array,
  };

  [[nodiscard]] Kind kind() const noexcept;
  [[nodiscard]] bool is_null() const noexcept { return kind() == Kind::null; }
  [[nodiscard]] bool is_object() const noexcept { return kind() == Kind::object; }
  [[nodiscard]] bool is_array() const noexcept { return kind() == Kind::array; }
  [[nodiscard]] bool is_string() const noexcept { return kind() == Kind::string; }
  [[nodiscard]] bool is_boolean() const noexcept { return kind() == Kind::boolean; }

  /// The value of a string, boolean or number of that kind (checked by the caller).
  [[nodiscard]] std::string_view string() const noexcept;
  [[nodiscard]] bool boolean() const noexcept;
  [[nodiscard]] std::int64_t integer() const noexcept;
  [[nodiscard]] std::uint64_t unsigned_integer() const noexcept;
  [[nodiscard]] double floating() const noexcept;

  /// Members of an object / elements of an array (0 for other values).
  [[nodiscard]] std::size_t size() const noexcept;

  /// The members of an object (empty for other values).
  [[nodiscard]] JsonRange<JsonMember> members() const noexcept;
  /// The elements of an array (empty for other values).
  [[nodiscard]] JsonRange<JsonRef> elements() const noexcept;

  /// The value as an nlohmann::json (free-form members of models).
  [[nodiscard]] nlohmann::json to_json() const;

 private:
  friend class JsonTape;
  template <class Item>
  friend class JsonRange;
  JsonRef(const JsonTape* tape, std::uint32_t index) noexcept : tape_(tape), index_(index) {}
  // The index of the node after the value at `index` (past a container's last member).
  static std::uint32_t after(const JsonTape* tape, std::uint32_t index) noexcept;
  const JsonTape* tape_;
  std::uint32_t index_;
};

/// A member of an object: its name and its value.
struct JsonMember {
  std::string_view key;
  JsonRef value;
};

/// Iterates the members of an object (in the text's order, duplicates included) or the
/// elements of an array.
template <class Item>
class JsonRange {
 public:
  class iterator {
   public:
    using value_type = Item;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    [[nodiscard]] Item operator*() const noexcept {
      if constexpr (std::is_same_v<Item, JsonMember>) {
        return JsonMember{JsonRef(tape_, index_).string(), JsonRef(tape_, index_ + 1)};
      } else {
        return JsonRef(tape_, index_);
      }
    }
    iterator& operator++() noexcept {
      index_ = JsonRef::after(tape_, std::is_same_v<Item, JsonMember> ? index_ + 1 : index_);
      return *this;
    }
    iterator operator++(int) noexcept {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
      return a.index_ == b.index_;
    }

   private:
    friend class JsonRange;
    iterator(const JsonTape* tape, std::uint32_t index) noexcept : tape_(tape), index_(index) {}
    const JsonTape* tape_ = nullptr;
    std::uint32_t index_ = 0;
  };
  [[nodiscard]] iterator begin() const noexcept { return {tape_, first_}; }
  [[nodiscard]] iterator end() const noexcept { return {tape_, end_}; }

 private:
  friend class JsonRef;
  JsonRange(const JsonTape* tape, std::uint32_t first, std::uint32_t end) noexcept
      : tape_(tape), first_(first), end_(end) {}
  const JsonTape* tape_;
  std::uint32_t first_;
  std::uint32_t end_;
};

/// JSON text read into a flat array of values (see the top of this file).
class JsonTape {
 public:
  /// Which parser reads the text: simdjson where the build has it (ARIZE_WITH_SIMDJSON; about ten
  /// times nlohmann's speed), nlohmann's SAX parser otherwise. Both fill the same tape under
  /// the same rules; text simdjson refuses is read again by nlohmann, whose grammar decides
  /// (integers beyond 64 bits, for one, are numbers to nlohmann and errors to simdjson).
  enum class Parser : unsigned char { best, nlohmann };
  /// Whether this build reads with simdjson (Parser::best).
  static constexpr bool has_simdjson =
#if defined(ARIZE_WITH_SIMDJSON)
      true;
#else
      false;
#endif

  /// Reads `text`; false (and an empty tape) when it is not JSON, names a member of one object
  /// twice, nests deeper than max_json_depth, or would need more than 2^32 - 1 nodes or string
  /// bytes.
  [[nodiscard]] bool read(std::string_view text, Parser parser = Parser::best);

  /// Which of read()'s rules read_leniently() relaxes.
  struct Leniency {
    /// A member named twice in one object is kept twice (members() yields both).
    bool repeated_names = true;
    /// Only the first JSON value of the text is read; bytes after it are ignored.
    bool trailing_bytes = false;
  };
  /// Reads `text` with nlohmann's parser under read()'s other rules (nesting, sizes), relaxing
  /// `leniency`'s: for server text the client must still make sense of when read() refuses it
  /// (an error body, a body holding a key the server made). False and an empty tape otherwise.
  /// With nothing relaxed, it is read(text, Parser::nlohmann).
  [[nodiscard]] bool read_leniently(std::string_view text, Leniency leniency);

  /// The document (the tape must hold one: read() returned true).
  [[nodiscard]] JsonRef root() const noexcept { return JsonRef(this, 0); }

 private:
  friend class JsonRef;

  // Empties the tape and reserves room for the reading of `text_size` bytes.
  void prepare(std::size_t text_size);
  // `read`, after a reading: empties the tape when it is false.
  bool finish(bool read) noexcept;
  static constexpr Leniency strict{.repeated_names = false, .trailing_bytes = false};

  // A value's node. string: size = length, payload = offset into text_. object/array: size =
  // members/elements, payload = the index of the node after the container. boolean / numbers:
  // the value's bits. An object's members are a string node (the name) followed by the value.
  struct Node {
    JsonRef::Kind kind;
    std::uint32_t size;
    std::uint64_t payload;
  };

  // The handler nlohmann::json::sax_parse calls (its SAX interface).
  class Builder {
   public:
    using Json = nlohmann::json;
    explicit Builder(JsonTape& tape, bool unique_names = true) noexcept
        : tape_(tape), unique_names_(unique_names) {}
    bool null() { return value(JsonRef::Kind::null, 0); }
    bool boolean(bool v) { return value(JsonRef::Kind::boolean, v ? 1 : 0); }
    bool number_integer(Json::number_integer_t v) {
      if (v >= 0) return number_unsigned(static_cast<std::uint64_t>(v));
      std::uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      return value(JsonRef::Kind::integer, bits);
    }
    bool number_unsigned(Json::number_unsigned_t v) {
      return value(JsonRef::Kind::unsigned_integer, v);
    }
    bool number_float(Json::number_float_t v, const Json::string_t&) {
      std::uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      return value(JsonRef::Kind::floating, bits);
    }
    bool string(Json::string_t& s) { return string(std::string_view(s)); }
    bool string(std::string_view s) { return text(s, true); }
    bool binary(Json::binary_t&) { return false; }  // not produced by JSON text
    bool key(Json::string_t& s) { return key(std::string_view(s)); }
    bool key(std::string_view s) { return text(s, false); }
    bool start_object(std::size_t) { return open(JsonRef::Kind::object); }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(JsonRef::Kind::array); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t, const std::string&, const Json::exception&) { return false; }

   private:
    static constexpr std::uint32_t max_index = std::numeric_limits<std::uint32_t>::max() - 1;
    // Up to this many members, a new member name is compared with each earlier one; past it,
    // the object's names go into a hash set (a flat object of a million members stays linear).
    static constexpr std::uint32_t linear_members = 32;
    // Member names as their key nodes' indices, hashed and compared by their text.
    struct NameHash {
      const JsonTape* tape;
      std::size_t operator()(std::uint32_t node) const noexcept {
        return std::hash<std::string_view>{}(JsonRef(tape, node).string());
      }
    };
    struct NameEqual {
      const JsonTape* tape;
      bool operator()(std::uint32_t a, std::uint32_t b) const noexcept {
        return JsonRef(tape, a).string() == JsonRef(tape, b).string();
      }
    };
    using NameSet = std::unordered_set<std::uint32_t, NameHash, NameEqual>;
    struct Open {
      std::uint32_t node;
      std::uint32_t count;
      std::size_t first_name;          // this object's names in names_ (linear part)
      std::unique_ptr<NameSet> names;  // past linear_members
    };
    // Whether the member name at node `key` is new in the innermost object (and records it).
    bool new_name(std::uint32_t key) {
      Open& top = open_.back();
      const std::string_view name = JsonRef(&tape_, key).string();
      if (!top.names) {
        for (std::size_t i = top.first_name; i < names_.size(); ++i) {
          if (JsonRef(&tape_, names_[i]).string() == name) return false;
        }
        if (names_.size() - top.first_name < linear_members) {
          names_.push_back(key);
          return true;
        }
        top.names = std::make_unique<NameSet>(0, NameHash{&tape_}, NameEqual{&tape_});
        top.names->insert(names_.begin() + static_cast<std::ptrdiff_t>(top.first_name),
                          names_.end());
        names_.resize(top.first_name);
      }
      return top.names->insert(key).second;
    }
    bool push(JsonRef::Kind kind, std::uint32_t size, std::uint64_t payload) {
      if (tape_.nodes_.size() >= max_index) return false;
      tape_.nodes_.push_back(Node{kind, size, payload});
      return true;
    }
    // A value counts as an element of the innermost array; in an object its name counted.
    bool value(JsonRef::Kind kind, std::uint64_t payload) {
      if (!open_.empty() && tape_.nodes_[open_.back().node].kind == JsonRef::Kind::array) {
        ++open_.back().count;
      }
      return push(kind, 0, payload);
    }
    // A string value, or a member name (`is_value` false).
    bool text(std::string_view s, bool is_value) {
      constexpr auto kind = JsonRef::Kind::string;
      if (s.size() > max_index || tape_.text_.size() > max_index - s.size()) return false;
      const auto offset = tape_.text_.size();
      tape_.text_.append(s);
      if (!is_value) {  // a member name: one more member of the innermost object, or a duplicate
        ++open_.back().count;
        return push(kind, static_cast<std::uint32_t>(s.size()), offset) &&
               (!unique_names_ || new_name(static_cast<std::uint32_t>(tape_.nodes_.size() - 1)));
      }
      if (!value(kind, offset)) return false;
      tape_.nodes_.back().size = static_cast<std::uint32_t>(s.size());
      return true;
    }
    bool open(JsonRef::Kind kind) {
      if (open_.size() >= static_cast<std::size_t>(max_json_depth)) return false;
      if (!value(kind, 0)) return false;
      open_.push_back({static_cast<std::uint32_t>(tape_.nodes_.size() - 1), 0, names_.size(), {}});
      return true;
    }
    bool close() {
      Node& node = tape_.nodes_[open_.back().node];
      node.size = open_.back().count;
      node.payload = tape_.nodes_.size();
      if (node.kind == JsonRef::Kind::object) names_.resize(open_.back().first_name);
      open_.pop_back();
      return true;
    }
    JsonTape& tape_;
    bool unique_names_;
    std::vector<Open> open_;
    std::vector<std::uint32_t> names_;  // member names of the open objects, innermost last
  };

  std::vector<Node> nodes_;
  std::string text_;
};

// With ARIZE_WITH_SIMDJSON, read() and nlohmann's reading are compiled once, with simdjson's
// (arize/compiled_simdjson.hpp): no other unit compiles a SAX parser (nlohmann's sax_parse
// instantiates its binary formats' readers too).
#if !defined(ARIZE_WITH_SIMDJSON) || defined(ARIZE_COMPILING_JSON_TAPE)
#if defined(ARIZE_WITH_SIMDJSON)
#define ARIZE_TAPE_INLINE
#else
#define ARIZE_TAPE_INLINE inline
#endif
ARIZE_TAPE_INLINE void JsonTape::prepare(std::size_t text_size) {
  nodes_.clear();
  text_.clear();
  // A page of keys is about one node per 16 bytes of text, and two thirds of it string bytes.
  nodes_.reserve(text_size / 16 + 4);
  text_.reserve(text_size * 3 / 4);
}

ARIZE_TAPE_INLINE bool JsonTape::finish(bool read) noexcept {
  if (!read) {
    nodes_.clear();
    text_.clear();
  }
  return read;
}

ARIZE_TAPE_INLINE bool JsonTape::read_leniently(std::string_view text, Leniency leniency) {
  prepare(text.size());
  Builder builder(*this, !leniency.repeated_names);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text, &builder, nlohmann::json::input_format_t::json,
                                   /*strict=*/!leniency.trailing_bytes);
  } catch (const std::length_error&) {  // allocation limits: as too large to read
  }
  return finish(ok);
}

#undef ARIZE_TAPE_INLINE
#endif

#if !defined(ARIZE_WITH_SIMDJSON)
inline bool JsonTape::read(std::string_view text, Parser) { return read_leniently(text, strict); }
#endif

inline JsonRef::Kind JsonRef::kind() const noexcept { return tape_->nodes_[index_].kind; }

inline std::string_view JsonRef::string() const noexcept {
  const auto& n = tape_->nodes_[index_];
  return {tape_->text_.data() + n.payload, n.size};
}
inline bool JsonRef::boolean() const noexcept { return tape_->nodes_[index_].payload != 0; }
inline std::int64_t JsonRef::integer() const noexcept {
  std::int64_t v;
  std::memcpy(&v, &tape_->nodes_[index_].payload, sizeof v);
  return v;
}
inline std::uint64_t JsonRef::unsigned_integer() const noexcept {
  return tape_->nodes_[index_].payload;
}
inline double JsonRef::floating() const noexcept {
  double v;
  std::memcpy(&v, &tape_->nodes_[index_].payload, sizeof v);
  return v;
}
inline std::size_t JsonRef::size() const noexcept {
  const auto& n = tape_->nodes_[index_];
  return n.kind == Kind::object || n.kind == Kind::array ? n.size : 0;
}

inline JsonRange<JsonMember> JsonRef::members() const noexcept {
  const auto& n = tape_->nodes_[index_];
  if (n.kind != Kind::object) return {tape_, index_, index_};
  return {tape_, index_ + 1, static_cast<std::uint32_t>(n.payload)};
}
inline JsonRange<JsonRef> JsonRef::elements() const noexcept {
  const auto& n = tape_->nodes_[index_];
  if (n.kind != Kind::array) return {tape_, index_, index_};
  return {tape_, index_ + 1, static_cast<std::uint32_t>(n.payload)};
}

inline std::uint32_t JsonRef::after(const JsonTape* tape, std::uint32_t index) noexcept {
  const auto& n = tape->nodes_[index];
  return n.kind == Kind::object || n.kind == Kind::array ? static_cast<std::uint32_t>(n.payload)
                                                         : index + 1;
}

inline nlohmann::json JsonRef::to_json() const {
  using Json = nlohmann::json;
  switch (kind()) {
    case Kind::null: return nullptr;
    case Kind::boolean: return boolean();
    case Kind::integer: return integer();
    case Kind::unsigned_integer: return unsigned_integer();
    case Kind::floating: return floating();
    case Kind::string: return std::string(string());
    case Kind::object: {
      Json out = Json::object();
      for (const auto& [key, value] : members()) out[std::string(key)] = value.to_json();
      return out;
    }
    case Kind::array: {
      Json out = Json::array();
      for (const JsonRef item : elements()) out.push_back(item.to_json());
      return out;
    }
  }
  return nullptr;
}

}  // namespace arize
