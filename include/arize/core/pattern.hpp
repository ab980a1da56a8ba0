// The JSON Schema `pattern` check: an ECMA-262 regular expression subset, searched (not
// anchored) in the code points of UTF-8 text by a Thompson-NFA simulation (a Pike VM without
// captures). Time O(program * input), memory O(program), stack bounded: no recursion over the
// input (libstdc++'s std::regex recursed once per character and overflowed the stack on a few
// tens of kilobytes). The parser recurses once per group level, at most max_nesting.
//
// Subset: literals; escapes \d \w \s \D \W \S \b \B \t \n \v \f \r \0 \cX \xHH \uHHHH (surrogate
// pairs joined) and any non-alphanumeric character escaped; `.`; classes with ranges, negation
// and class escapes; ^ $ (no multiline flag); groups ( ) and (?: ); alternation; quantifiers
// * + ? {n} {n,} {n,m}, greedy or lazy (the same for a match/no-match answer); `{` that starts
// no quantifier, `}` and `]` are literals (ECMA-262 Annex B). Outside it (backreferences,
// lookaround, named groups, \p, \u{..}, inline flags) the constructor throws: the generator
// (codegen/pattern.py, the same rules) never emits such a pattern; it drops the check instead,
// with a warning, and so does it for a program over max_program instructions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arize/core/errors.hpp"
#include "arize/core/json_path.hpp"
#include "arize/core/validation.hpp"

namespace arize::detail {

class Pattern {
 public:
  /// The most instructions a compiled pattern may have (counted repetitions are expanded).
  static constexpr std::size_t max_program = 4096;
  /// The deepest nesting of groups.
  static constexpr int max_nesting = 64;

  /// Compiles `source` (UTF-8); std::invalid_argument when it is invalid, outside the subset
  /// or too large.
  explicit Pattern(std::string_view source) : source_(source) {
    Parser p{*this, {}, 0};
    p.decode(source);
    const std::size_t root = p.alternation(0);
    if (p.at < p.text.size()) fail("unmatched ')'");
    if (size_of(root) + 1 > max_program) fail("the compiled pattern is too large");
    emit(root);
    prog_.push_back({Op::Match, 0, 0, 0});
    nodes_.clear();
    nodes_.shrink_to_fit();
  }

  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  /// Whether some part of `text` matches; nullopt when `text` is not valid UTF-8.
  [[nodiscard]] std::optional<bool> search(std::string_view text) const {
    std::vector<std::uint32_t> current;
    std::vector<std::uint32_t> next;
    std::vector<std::uint32_t> stack;
    std::vector<std::size_t> mark(prog_.size(), 0);
    std::size_t gen = 1;
    std::size_t pos = 0;
    char32_t cp = 0;
    std::size_t len = 0;
    if (!decode_at(text, pos, cp, len)) return std::nullopt;
    Where where{true, text.empty(), false, len != 0 && is_word(cp)};
    while (true) {
      // A new thread at every position: the pattern is not anchored.
      if (close(0, where, gen, mark, current, stack)) return true;
      if (len == 0) return false;
      const std::size_t npos = pos + len;
      char32_t ncp = 0;
      std::size_t nlen = 0;
      if (!decode_at(text, npos, ncp, nlen)) return std::nullopt;
      const Where nwhere{false, npos == text.size(), is_word(cp), nlen != 0 && is_word(ncp)};
      next.clear();
      ++gen;
      for (const std::uint32_t pc : current) {
        const Inst& in = prog_[pc];
        const bool step = in.op == Op::Char ? in.c == cp : in_set(in.x, cp);
        if (step && close(pc + 1, nwhere, gen, mark, next, stack)) return true;
      }
      current.swap(next);
      pos = npos, cp = ncp, len = nlen, where = nwhere;
    }
  }

 private:
  enum class Op : std::uint8_t { Char, Set, Split, Jmp, Bol, Eol, WordB, NotWordB, Match };
  struct Inst {
    Op op;
    char32_t c;       // Char
    std::uint32_t x;  // Set: index; Split, Jmp: target
    std::uint32_t y;  // Split: second target
  };
  struct Range {
    char32_t lo, hi;
  };
  struct Set {
    std::vector<Range> ranges;
    bool negated = false;
  };
  enum class Kind : std::uint8_t { Char, Set, Bol, Eol, WordB, NotWordB, Concat, Alt, Repeat };
  static constexpr std::uint32_t unbounded = 0xFFFFFFFFu;
  struct Node {
    Kind kind;
    char32_t c = 0;
    std::uint32_t set = 0;
    std::uint32_t min = 0, max = 0;  // Repeat
    std::vector<std::size_t> kids;
  };
  struct Where {
    bool begin, end, word_before, word_after;
  };

  /// The code point at `pos` and its length (0 at the end); false when not valid UTF-8.
  static bool decode_at(std::string_view text, std::size_t pos, char32_t& cp, std::size_t& len) {
    len = pos < text.size() ? utf8_sequence(text.substr(pos), cp) : 0;
    return len != 0 || pos == text.size();
  }

  [[noreturn]] static void fail(const std::string& why) {
    throw std::invalid_argument("unsupported or invalid pattern: " + why);
  }

  static bool is_word(char32_t c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  [[nodiscard]] bool in_set(std::uint32_t index, char32_t c) const noexcept {
    const Set& s = sets_[index];
    const bool in = std::any_of(s.ranges.begin(), s.ranges.end(),
                                [c](const Range& r) { return r.lo <= c && c <= r.hi; });
    return in != s.negated;
  }

  /// Adds `pc` and what it reaches without consuming to `list` (iteratively); true on Match.
  /// Assertions use `w`; a thread stopped at an assertion that fails is dropped.
  bool close(std::uint32_t pc, const Where& w, std::size_t gen, std::vector<std::size_t>& mark,
             std::vector<std::uint32_t>& list, std::vector<std::uint32_t>& stack) const {
    stack.clear();
    stack.push_back(pc);
    while (!stack.empty()) {
      const std::uint32_t at = stack.back();
      stack.pop_back();
      if (mark[at] == gen) continue;
      mark[at] = gen;
      const Inst& in = prog_[at];
      switch (in.op) {
        case Op::Match: return true;
        case Op::Char:
        case Op::Set: list.push_back(at); break;
        case Op::Jmp: stack.push_back(in.x); break;
        case Op::Split:
          stack.push_back(in.y);
          stack.push_back(in.x);
          break;
        case Op::Bol:
          if (w.begin) stack.push_back(at + 1);
          break;
        case Op::Eol:
          if (w.end) stack.push_back(at + 1);
          break;
        case Op::WordB:
        case Op::NotWordB:
          if ((w.word_before != w.word_after) == (in.op == Op::WordB)) stack.push_back(at + 1);
          break;
      }
    }
    return false;
  }

  // -- parsing (on code points) --
  struct Parser {
    Pattern& p;
    std::u32string text;
    std::size_t at;

    void decode(std::string_view s) {
      while (!s.empty()) {
        char32_t cp = 0;
        const std::size_t len = utf8_sequence(s, cp);
        if (len == 0) fail("not valid UTF-8");
        text.push_back(cp);
        s.remove_prefix(len);
      }
    }
    [[nodiscard]] bool more() const { return at < text.size(); }
    [[nodiscard]] char32_t peek(std::size_t k = 0) const {
      return at + k < text.size() ? text[at + k] : char32_t{0xFFFFFFFF};
    }

    std::size_t alternation(int depth) {
      if (depth > max_nesting) fail("groups nested too deeply");
      std::vector<std::size_t> branches{concatenation(depth)};
      while (peek() == U'|') {
        ++at;
        branches.push_back(concatenation(depth));
      }
      if (branches.size() == 1) return branches[0];
      return p.node(Kind::Alt, 0, 0, 0, 0, std::move(branches));
    }

    std::size_t concatenation(int depth) {
      std::vector<std::size_t> items;
      while (more() && peek() != U'|' && peek() != U')') items.push_back(quantified(depth));
      return p.node(Kind::Concat, 0, 0, 0, 0, std::move(items));
    }

    std::size_t quantified(int depth) {
      const char32_t c = peek();
      const bool assertion =
          c == U'^' || c == U'$' || (c == U'\\' && (peek(1) == U'b' || peek(1) == U'B'));
      const std::size_t atom_node = atom(depth);
      std::uint32_t min = 0;
      std::uint32_t max = 0;
      if (!quantifier(min, max)) return atom_node;
      if (assertion) fail("nothing to repeat");
      if (peek() == U'?') ++at;  // lazy: the same answer
      return p.node(Kind::Repeat, 0, 0, min, max, {atom_node});
    }

    /// Reads a quantifier at `at` if there is one.
    bool quantifier(std::uint32_t& min, std::uint32_t& max) {
      const char32_t c = peek();
      if (c == U'*' || c == U'+' || c == U'?') {
        ++at;
        min = c == U'+' ? 1 : 0;
        max = c == U'?' ? 1 : unbounded;
        return true;
      }
      if (c != U'{') return false;
      std::size_t k = at + 1;
      const auto number = [&](std::uint32_t& out) {
        const std::size_t start = k;
        std::uint64_t v = 0;
        while (k < text.size() && text[k] >= U'0' && text[k] <= U'9') {
          v = std::min<std::uint64_t>(v * 10 + (text[k] - U'0'), unbounded - 1);
          ++k;
        }
        out = static_cast<std::uint32_t>(v);
        return k > start;
      };
      if (!number(min)) return false;
      max = min;
      if (k < text.size() && text[k] == U',') {
        ++k;
        if (!number(max)) max = unbounded;
      }
      if (k >= text.size() || text[k] != U'}') return false;
      if (max < min) fail("numbers out of order in {} quantifier");
      at = k + 1;
      return true;
    }

    std::size_t atom(int depth) {
      const char32_t c = text[at++];
      switch (c) {
        case U'^': return p.node(Kind::Bol);
        case U'$': return p.node(Kind::Eol);
        case U'.': return p.set_node({{{U'\n', U'\n'}, {U'\r', U'\r'}, {0x2028, 0x2029}}, true});
        case U'[': return char_class();
        case U'\\': return escape();
        case U'*':
        case U'+':
        case U'?': fail("nothing to repeat");
        case U'{': {
          --at;
          std::uint32_t a = 0;
          std::uint32_t b = 0;
          if (quantifier(a, b)) fail("nothing to repeat");
          ++at;
          return p.node(Kind::Char, U'{');
        }
        case U'(': {
          if (peek() == U'?') {
            if (peek(1) != U':')
              fail("lookaround, named groups and inline flags are not supported");
            at += 2;
          }
          const std::size_t inner = alternation(depth + 1);
          if (peek() != U')') fail("missing ')'");
          ++at;
          return inner;
        }
        default: return p.node(Kind::Char, c);
      }
    }

    std::size_t escape() {
      if (!more()) fail("'\\' at the end");
      const char32_t c = text[at];
      if (c == U'b') return ++at, p.node(Kind::WordB);
      if (c == U'B') return ++at, p.node(Kind::NotWordB);
      Set s;
      if (class_escape(s)) return p.set_node(std::move(s));
      return p.node(Kind::Char, single_escape());
    }

    /// \d \w \s and their negations, as a set; false (nothing read) for other escapes.
    bool class_escape(Set& s) {
      static constexpr Range digit[] = {{U'0', U'9'}};
      static constexpr Range word[] = {{U'0', U'9'}, {U'A', U'Z'}, {U'_', U'_'}, {U'a', U'z'}};
      static constexpr Range space[] = {
          {0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
          {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
      const char32_t c = peek();
      std::vector<Range> r;
      switch (c) {
        case U'd':
        case U'D': r.assign(std::begin(digit), std::end(digit)); break;
        case U'w':
        case U'W': r.assign(std::begin(word), std::end(word)); break;
        case U's':
        case U'S': r.assign(std::begin(space), std::end(space)); break;
        default: return false;
      }
      ++at;
      if (c == U'D' || c == U'W' || c == U'S') r = complement(r);
      s.ranges.insert(s.ranges.end(), r.begin(), r.end());
      return true;
    }

    static std::vector<Range> complement(const std::vector<Range>& sorted) {
      std::vector<Range> out;
      char32_t from = 0;
      for (const Range& r : sorted) {
        if (r.lo > from) out.push_back({from, r.lo - 1});
        from = r.hi + 1;
      }
      out.push_back({from, 0x10FFFF});
      return out;
    }

    /// One character escape after '\' (the rest of escape()); `in_class`: \b is backspace.
    char32_t single_escape(bool in_class = false) {
      const char32_t c = text[at++];
      switch (c) {
        case U't': return U'\t';
        case U'n': return U'\n';
        case U'v': return U'\v';
        case U'f': return U'\f';
        case U'r': return U'\r';
        case U'b':
          if (in_class) return U'\b';
          break;
        case U'0':
          if (peek() >= U'0' && peek() <= U'9') fail("octal escapes are not supported");
          return 0;
        case U'c': {
          const char32_t l = peek();
          if (!((l >= U'a' && l <= U'z') || (l >= U'A' && l <= U'Z'))) fail("invalid '\\c' escape");
          ++at;
          return l % 32;
        }
        case U'x': return hex(2);
        case U'u': {
          char32_t u = hex(4);
          if (u >= 0xD800 && u <= 0xDBFF && peek() == U'\\' && peek(1) == U'u') {
            const std::size_t save = at;
            at += 2;
            const char32_t low = hex(4);
            if (low >= 0xDC00 && low <= 0xDFFF)
              return 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
            at = save;
          }
          return u;
        }
        default: break;
      }
      if (c < 0x80 &&
          ((c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'))) {
        fail("escape '\\" + std::string(1, static_cast<char>(c)) + "' is not supported");
      }
      return c;  // an escaped punctuation or other character: itself
    }

    char32_t hex(int digits) {
      char32_t v = 0;
      for (int i = 0; i < digits; ++i) {
        const char32_t h = peek();
        int d = -1;
        if (h >= U'0' && h <= U'9') d = static_cast<int>(h - U'0');
        if (h >= U'a' && h <= U'f') d = static_cast<int>(h - U'a' + 10);
        if (h >= U'A' && h <= U'F') d = static_cast<int>(h - U'A' + 10);
        if (d < 0) fail("invalid hexadecimal escape");
        v = v * 16 + static_cast<char32_t>(d);
        ++at;
      }
      return v;
    }

    /// One class atom: a single character (true) or a class escape added to `s` (false).
    bool class_atom(Set& s, char32_t& c) {
      if (!more()) fail("missing ']'");
      c = text[at++];
      if (c != U'\\') return true;
      if (!more()) fail("'\\' at the end");
      if (peek() == U'B') fail("'\\B' in a class");
      if (peek() == U'-') return ++at, c = U'-', true;
      if (class_escape(s)) return false;
      c = single_escape(true);
      return true;
    }

    std::size_t char_class() {
      Set s;
      if (peek() == U'^') ++at, s.negated = true;
      while (true) {
        if (!more()) fail("missing ']'");
        if (peek() == U']') break;
        char32_t lo = 0;
        const bool single = class_atom(s, lo);
        if (peek() == U'-' && peek(1) != U']' && at + 1 < text.size()) {
          ++at;
          char32_t hi = 0;
          const bool single_hi = class_atom(s, hi);
          if (single && single_hi) {
            if (hi < lo) fail("range out of order in character class");
            s.ranges.push_back({lo, hi});
            continue;
          }
          // A class escape at either end: '-' is a literal (Annex B).
          s.ranges.push_back({U'-', U'-'});
          if (single_hi) s.ranges.push_back({hi, hi});
        }
        if (single) s.ranges.push_back({lo, lo});
      }
      ++at;
      return p.set_node(std::move(s));
    }
  };

  std::size_t node(Kind kind, char32_t c = 0, std::uint32_t set = 0, std::uint32_t min = 0,
                   std::uint32_t max = 0, std::vector<std::size_t> kids = {}) {
    nodes_.push_back({kind, c, set, min, max, std::move(kids)});
    return nodes_.size() - 1;
  }
  std::size_t set_node(Set s) {
    sets_.push_back(std::move(s));
    return node(Kind::Set, 0, static_cast<std::uint32_t>(sets_.size() - 1));
  }

  /// Instructions emit() writes for node `i`, saturating just above max_program.
  [[nodiscard]] std::size_t size_of(std::size_t i) const {
    const Node& n = nodes_[i];
    const auto cap = [](std::uint64_t v) {
      return static_cast<std::size_t>(std::min<std::uint64_t>(v, max_program + 1));
    };
    switch (n.kind) {
      case Kind::Concat:
      case Kind::Alt: {
        std::uint64_t total = n.kind == Kind::Alt ? 2 * (n.kids.size() - 1) : 0;
        for (const std::size_t k : n.kids) total = cap(total + size_of(k));
        return cap(total);
      }
      case Kind::Repeat: {
        const std::uint64_t s = size_of(n.kids[0]);
        if (s == 0) return 0;
        const std::uint64_t tail =
            n.max == unbounded ? s + 2 : std::uint64_t{n.max - n.min} * (s + 1);
        return cap(std::uint64_t{n.min} * s + tail);
      }
      default: return 1;
    }
  }

  void emit(std::size_t i) {
    const Node& n = nodes_[i];
    const auto here = [this] { return static_cast<std::uint32_t>(prog_.size()); };
    switch (n.kind) {
      case Kind::Char: prog_.push_back({Op::Char, n.c, 0, 0}); return;
      case Kind::Set: prog_.push_back({Op::Set, 0, n.set, 0}); return;
      case Kind::Bol: prog_.push_back({Op::Bol, 0, 0, 0}); return;
      case Kind::Eol: prog_.push_back({Op::Eol, 0, 0, 0}); return;
      case Kind::WordB: prog_.push_back({Op::WordB, 0, 0, 0}); return;
      case Kind::NotWordB: prog_.push_back({Op::NotWordB, 0, 0, 0}); return;
      case Kind::Concat:
        for (const std::size_t k : n.kids) emit(k);
        return;
      case Kind::Alt: {
        std::vector<std::size_t> jumps;
        for (std::size_t b = 0; b + 1 < n.kids.size(); ++b) {
          const std::uint32_t split = here();
          prog_.push_back({Op::Split, 0, split + 1, 0});
          emit(n.kids[b]);
          jumps.push_back(here());
          prog_.push_back({Op::Jmp, 0, 0, 0});
          prog_[split].y = here();
        }
        emit(n.kids.back());
        for (const std::size_t j : jumps) prog_[j].x = here();
        return;
      }
      case Kind::Repeat: {
        if (size_of(n.kids[0]) == 0) return;
        for (std::uint32_t k = 0; k < n.min; ++k) emit(n.kids[0]);
        if (n.max == unbounded) {
          const std::uint32_t split = here();
          prog_.push_back({Op::Split, 0, split + 1, 0});
          emit(n.kids[0]);
          prog_.push_back({Op::Jmp, 0, split, 0});
          prog_[split].y = here();
          return;
        }
        std::vector<std::uint32_t> splits;
        for (std::uint32_t k = n.min; k < n.max; ++k) {
          splits.push_back(here());
          prog_.push_back({Op::Split, 0, here() + 1, 0});
          emit(n.kids[0]);
        }
        for (const std::uint32_t s : splits) prog_[s].y = here();
        return;
      }
    }
  }

  std::string source_;
  std::vector<Node> nodes_;  // while compiling
  std::vector<Set> sets_;
  std::vector<Inst> prog_;
};

/// The `pattern` check: `s` (UTF-8) must contain a match of `re` (JSON Schema: not anchored).
inline void check_pattern(const std::string& s, const Pattern& re, const JsonPath& path) {
  const auto found = re.search(s);
  if (!found) throw ValidationError(path.str(), "is not valid UTF-8");
  if (!*found) throw ValidationError(path.str(), "must match the pattern " + re.source());
}

}  // namespace arize::detail
