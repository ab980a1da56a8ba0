#include <doctest/doctest.h>

#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

#include "arize/core/datetime.hpp"

using namespace std::chrono;
using arize::DateTime;

namespace {
DateTime utc(int y, unsigned mo, unsigned d, int h, int mi, int s, long long us = 0) {
  return DateTime{sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} +
                  microseconds{us}};
}
}  // namespace

TEST_CASE("RFC 3339 date-times parse to UTC with any fraction and offset") {
  struct Case {
    const char* text;
    DateTime expected;
  };
  const Case cases[] = {
      {"2024-01-15T10:30:00Z", utc(2024, 1, 15, 10, 30, 0)},
      {"2024-01-15t10:30:00z", utc(2024, 1, 15, 10, 30, 0)},
      {"2024-01-15T10:30:00.5Z", utc(2024, 1, 15, 10, 30, 0, 500000)},
      {"2024-01-15T10:30:00.123456Z", utc(2024, 1, 15, 10, 30, 0, 123456)},
      {"2024-01-15T10:30:00.123456789Z", utc(2024, 1, 15, 10, 30, 0, 123456)},  // truncated
      {"2024-01-15T10:30:00+05:30", utc(2024, 1, 15, 5, 0, 0)},
      {"2024-01-15T10:30:00-00:30", utc(2024, 1, 15, 11, 0, 0)},
      {"2024-01-01T00:30:00+01:00", utc(2023, 12, 31, 23, 30, 0)},
      {"2024-02-29T00:00:00Z", utc(2024, 2, 29, 0, 0, 0)},
      {"9999-12-31T23:59:59.999999Z", utc(9999, 12, 31, 23, 59, 59, 999999)},
      {"0000-01-01T00:00:00Z", utc(0, 1, 1, 0, 0, 0)},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto parsed = arize::try_parse_datetime(c.text);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == c.expected);
  }
}

TEST_CASE("text that is not an RFC 3339 date-time is refused") {
  for (const char* text :
       {"", "2024-01-15", "2024-01-15T10:30:00", "2024-1-15T10:30:00Z", "2024-01-15 10:30:00Z",
        "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-32T00:00:00Z",
        "2024-01-15T24:00:00Z", "2024-01-15T10:60:00Z", "2024-01-15T10:30:60Z",
        "2024-01-15T10:30:00.Z", "2024-01-15T10:30:00+24:00", "2024-01-15T10:30:00+05:60",
        "2024-01-15T10:30:00+0530", "2024-01-15T10:30:00Zjunk", " 2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.12a4Z", "+2024-01-15T10:30:00Z"}) {
    CAPTURE(text);
    CHECK_FALSE(arize::try_parse_datetime(text).has_value());
  }
  CHECK_THROWS_AS((void)arize::parse_datetime("yesterday"), arize::ValidationError);
}

TEST_CASE("date-times format as RFC 3339 UTC and round-trip") {
  CHECK(arize::format_datetime(utc(2026, 12, 31, 0, 0, 0)) == "2026-12-31T00:00:00Z");
  CHECK(arize::format_datetime(utc(2024, 1, 15, 10, 30, 0, 250000)) ==
        "2024-01-15T10:30:00.250000Z");
  for (const auto tp : {utc(1970, 1, 1, 0, 0, 0), utc(2024, 2, 29, 23, 59, 59, 1),
                        utc(9999, 12, 31, 23, 59, 59, 999999)}) {
    CHECK(arize::parse_datetime(arize::format_datetime(tp)) == tp);
  }
  CHECK_THROWS_AS((void)arize::format_datetime(utc(10000, 1, 1, 0, 0, 0)), arize::ValidationError);
  CHECK_THROWS_AS((void)arize::format_datetime(utc(-1, 1, 1, 0, 0, 0)), arize::ValidationError);
}

// The reference the hand-written parser is checked against: Howard Hinnant's date::parse on the
// text after the RFC 3339 grammar check (the implementation this project used before bench/
// showed it dominating decode time).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // a false positive inside date.h at -O2
#endif
namespace {
std::optional<DateTime> reference_parse(std::string_view s) {
  using arize::detail::digits_at;
  if (!(digits_at(s, 0, 4) && s.size() > 19 && s[4] == '-' && digits_at(s, 5, 2) && s[7] == '-' &&
        digits_at(s, 8, 2) && (s[10] == 'T' || s[10] == 't') && digits_at(s, 11, 2) &&
        s[13] == ':' && digits_at(s, 14, 2) && s[16] == ':' && digits_at(s, 17, 2))) {
    return std::nullopt;
  }
  std::string normal(s.substr(0, 19));
  normal[10] = 'T';
  std::size_t i = 19;
  std::string fraction;
  if (s[i] == '.') {
    const std::size_t start = ++i;
    while (i < s.size() && arize::detail::is_digit(s[i])) ++i;
    if (i == start) return std::nullopt;
    fraction = std::string(s.substr(start, std::min<std::size_t>(i - start, 6)));
  }
  fraction.resize(6, '0');
  normal += '.' + fraction;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) {
    normal += "+00:00";
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits_at(s, i + 1, 2) &&
             s[i + 3] == ':' && digits_at(s, i + 4, 2)) {
    if (s.substr(i + 1, 2) > "23" || s.substr(i + 4, 2) > "59") return std::nullopt;
    normal += s.substr(i);
  } else {
    return std::nullopt;
  }
  std::istringstream in(normal);
  DateTime tp{};
  in >> date::parse("%FT%T%Ez", tp);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return tp;
}
}  // namespace
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

TEST_CASE("the parser agrees with date::parse over a generated corpus") {
  std::minstd_rand rng(20261123);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  int valid = 0;
  for (int n = 0; n < 100000; ++n) {
    const int y = pick(0, 3) == 0 ? pick(0, 9999) : pick(1895, 2105);
    std::string year = std::to_string(y);
    year.insert(0, 4 - year.size(), '0');
    std::string text = year + "-" + two(pick(0, 13)) + "-" + two(pick(0, 32)) +
                       (pick(0, 1) ? "T" : "t") + two(pick(0, 24)) + ":" + two(pick(0, 60)) + ":" +
                       two(pick(0, 61));
    if (pick(0, 1)) {
      text += '.';
      for (int d = pick(0, 10); d > 0; --d) text += static_cast<char>('0' + pick(0, 9));
    }
    switch (pick(0, 3)) {
      case 0: text += "Z"; break;
      case 1: text += "z"; break;
      default: text += (pick(0, 1) ? "+" : "-") + two(pick(0, 24)) + ":" + two(pick(0, 60));
    }
    const auto ours = arize::try_parse_datetime(text);
    const auto theirs = reference_parse(text);
    CAPTURE(text);
    REQUIRE(ours.has_value() == theirs.has_value());
    if (ours) {
      REQUIRE(*ours == *theirs);
      ++valid;
    }
  }
  // The corpus must exercise both sides.
  CHECK(valid > 20000);
  CHECK(valid < 90000);
}
