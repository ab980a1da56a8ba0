// The `pattern` matcher (core/pattern.hpp): a table of patterns (those of ../shared/specs and
// tests/codegen/fixtures among them), a differential test against std::regex on short inputs,
// inputs of a megabyte (std::regex overflowed the stack at ~30 KB), code points, and what the
// generator refuses (codegen/pattern.py) also refused here.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "arize/core/pattern.hpp"

using arize::detail::Pattern;

namespace {
bool matches(const char* pattern, const std::string& text) {
  const auto found = Pattern(pattern).search(text);
  REQUIRE(found.has_value());
  return *found;
}
}  // namespace

TEST_CASE("patterns of the corpus and the fixtures, and the supported subset") {
  struct Row {
    const char* pattern;
    const char* text;
    bool expected;
  };
  const Row rows[] = {
      {R"(^\d{2}:\d{2}:\d{2}$)", "12:34:56", true},  // ../shared/specs (mastodon)
      {R"(^\d{2}:\d{2}:\d{2}$)", "12:34:5", false},
      {R"(^\d{2}:\d{2}:\d{2}$)", "12:34:56\n", false},
      {"^[A-Z]", "Rex", true},  // fixtures/petstore.yaml
      {"^[A-Z]", "rex", false},
      {"^[a-z]+$", "abc", true},  // fixtures/loosened.yaml (propertyNames)
      {"^[a-z]+$", "", false},
      {"b", "abc", true},  // not anchored: search semantics
      {"", "", true},
      {"a|b|c", "xxc", true},
      {"^(?:ab|cd)+$", "abcdab", true},
      {"^(?:ab|cd)+$", "abcda", false},
      {"^a{2}$", "aa", true},
      {"^a{2}$", "aaa", false},
      {"^a{2,}$", "aaaaa", true},
      {"^a{2,3}?$", "aaaa", false},
      {"^a*?b+?c??$", "aabbb", true},
      {"^x{$", "x{", true},  // '{' that starts no quantifier is a literal (Annex B)
      {"^a{,2}$", "a{,2}", true},
      {"^[]$", "", false},
      {"^[^]$", "\n", true},
      {"^.$", "\n", false},
      {"^.$", "\r", false},
      {R"(^[\w-.]+$)", "a-b.c_d", true},  // '-' next to a class escape is a literal (Annex B)
      {R"(^[\w-.]+$)", "a+b", false},
      {R"(^[^\d\s]+$)", "ab", true},
      {R"(^[^\d\s]+$)", "a b", false},
      {R"(^[\D]$)", "x", true},
      {R"(^\W\S\s$)", "-x ", true},
      {R"(\bfoo\b)", "a foo.", true},
      {R"(\bfoo\b)", "afoo", false},
      {R"(\Boo)", "foo", true},
      {R"(^[\b]$)", "\b", true},
      {R"(^\x41\u0042\cJ$)", "AB\n", true},
      {R"(^\.\-\/\\\$\^\*\+\?\(\)\[\]\{\}\|$)", R"(.-/\$^*+?()[]{}|)", true},
      {R"(^[\-a]$)", "-", true},
      {"^[a-]$", "-", true},
      {"^(a*)*b$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false},  // no backtracking blow-up
      {"^(a|aa)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true},
      {"(){1000000}x", "x", true},  // repeating nothing emits nothing
      {"^(?:)$", "", true},
  };
  for (const Row& r : rows) {
    CAPTURE(r.pattern);
    CAPTURE(r.text);
    CHECK(matches(r.pattern, r.text) == r.expected);
  }
  CHECK(matches(R"(^\t\n\v\f\r\0$)", std::string("\t\n\v\f\r\0", 6)));
}

TEST_CASE("patterns match code points of UTF-8 text") {
  CHECK(matches("^.$", "\xC3\xA9"));                             // é is one character
  CHECK(matches("^.{3}$", "a\xE2\x82\xAC\xF0\x9F\x98\x80"));     // a € 😀
  CHECK(matches("^[\xC3\xA0-\xC3\xBF]+$", "\xC3\xA9\xC3\xA8"));  // [à-ÿ]+
  CHECK(matches(R"(^\u00e9$)", "\xC3\xA9"));
  CHECK(matches(R"(^\uD83D\uDE00$)", "\xF0\x9F\x98\x80"));  // a surrogate pair is one code point
  CHECK_FALSE(matches("^\xC3\xA9$", "e"));
  CHECK(matches(R"(^\s$)", "\xE3\x80\x80"));  // U+3000 is white space in ECMA-262
  CHECK_FALSE(Pattern("a").search("a\xFF").has_value());
  CHECK_FALSE(Pattern("a").search("\xC3").has_value());
  CHECK_THROWS_AS(Pattern("\xFF"), std::invalid_argument);
}

TEST_CASE("check_pattern: typed errors that name the field") {
  const Pattern re("^[a-z]+$");
  const arize::JsonPath root;
  const auto body = root.field("body");
  CHECK_NOTHROW(arize::detail::check_pattern("abc", re, body.field("name")));
  try {
    arize::detail::check_pattern("ABC", re, body.field("name"));
    FAIL("no error");
  } catch (const arize::ValidationError& e) {
    CHECK(std::string(e.what()).find("body.name") != std::string::npos);
    CHECK(std::string(e.what()).find("must match the pattern ^[a-z]+$") != std::string::npos);
  }
  CHECK_THROWS_WITH_AS(arize::detail::check_pattern("a\xC0", re, root.field("name")),
                       doctest::Contains("is not valid UTF-8"), arize::ValidationError);
}

TEST_CASE("a megabyte of input: bounded stack, linear time") {
  // std::regex_search recursed once per character here and overflowed the stack at ~30 KB.
  const std::string big(1 << 20, 'a');
  CHECK(matches("^[a-z]+$", big));
  CHECK_FALSE(matches("^[a-z]+$", big + "1"));
  CHECK(matches("^(a|b)*$", big));
  CHECK_FALSE(matches("^(a|ab)*c", big));
  CHECK(matches(R"(\bz)", big + " z"));
  std::string utf8;
  for (int i = 0; i < (1 << 18); ++i) utf8 += "\xC3\xA9";
  CHECK(matches("^.+$", utf8));
}

TEST_CASE("outside the subset, invalid or too large: refused as codegen/pattern.py refuses") {
  for (const char* p :
       {"(?<=a)b",  "(?=a)",     "(?!a)",           "(?<n>a)", "(?i)a",  R"((a)\1)", R"(\k<n>)",
        R"(\p{L})", R"(\u{41})", R"(\Aa)",          R"(\08)",  R"(\c1)", "(a",       "a)",
        "[a",       "[z-a]",     "a{2,1}",          "*a",      "a**",    "^*",       "{2}",
        "\\",       R"([\B])",   "(a{1000}){1000}", "a{4096}"}) {
    CAPTURE(p);
    CHECK_THROWS_AS(Pattern{p}, std::invalid_argument);
  }
  CHECK_NOTHROW(Pattern("a{4095}"));  // 4095 + Match = max_program
  std::string deep(Pattern::max_nesting, '(');
  deep += std::string(Pattern::max_nesting, ')');
  CHECK_NOTHROW(Pattern{deep});
  CHECK_THROWS_AS(Pattern("(" + deep + ")"), std::invalid_argument);
}

TEST_CASE("differential: the same answers as std::regex on short inputs") {
  // Patterns std::regex (ECMAScript) reads the same way; ASCII inputs, where bytes are code
  // points. Deterministic: a fixed seed, a bounded count.
  const char* patterns[] = {"a",
                            "^a",
                            "a$",
                            "^$",
                            "ab|ba",
                            "^(a|b)*c$",
                            "a*b+c?",
                            "^[abc]{2,3}$",
                            "[^a-c]",
                            "^a{2}b{0,2}$",
                            "(?:ab)+$",
                            "^.c",
                            R"(\d+)",
                            R"(^\w*$)",
                            R"(\s)",
                            R"(\bab)",
                            R"(b\B)",
                            R"(^[\d-]+$)",
                            "^(a|ab)(c|bcd)$",
                            "((a|b)c)*d",
                            "a.{1,3}b",
                            "^[a-c-]*$",
                            "c{3,}",
                            R"(^\D\W$)",
                            "(^a|b$)",
                            "a|",
                            "^(?:a?){3}$",
                            "[.]",
                            R"(^\.*$)",
                            "^(a+|b+)+$"};
  const std::string alphabet = "abcd 1-.";
  std::mt19937 rng(21);
  std::uniform_int_distribution<std::size_t> length(0, 8);
  std::uniform_int_distribution<std::size_t> letter(0, alphabet.size() - 1);
  for (const char* p : patterns) {
    CAPTURE(p);
    const Pattern ours(p);
    const std::regex theirs(p, std::regex::ECMAScript);
    for (int i = 0; i < 300; ++i) {
      std::string s;
      for (std::size_t n = length(rng); n > 0; --n) s += alphabet[letter(rng)];
      CAPTURE(s);
      CHECK(*ours.search(s) == std::regex_search(s, theirs));
    }
  }
}

TEST_CASE("one compiled pattern is shared by threads: search is const") {
  static const Pattern re("^[0-9a-f]{8}-[0-9a-f]{4}$");
  CHECK(*re.search("0123abcd-ef01"));
  CHECK_FALSE(*re.search("0123abcd-ef0"));
}
