#include <doctest/doctest.h>

#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <iterator>
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

TEST_CASE("a model's date-time prints with << as format_datetime writes it") {
  const arize::Required<DateTime> created_at = utc(2024, 1, 15, 10, 30, 0, 250000);
  std::ostringstream out;
  out << created_at << '|' << arize::Required<DateTime>(utc(2026, 12, 31, 0, 0, 0));
  CHECK(out.str() == "2024-01-15T10:30:00.250000Z|2026-12-31T00:00:00Z");
  // A plain DateTime (a std::chrono type) with the operator brought in by name.
  using arize::operator<<;
  std::ostringstream plain;
  plain << utc(1970, 1, 1, 0, 0, 0);
  CHECK(plain.str() == "1970-01-01T00:00:00Z");
  std::ostringstream outside;
  CHECK_THROWS_AS(outside << arize::Required<DateTime>(utc(10000, 1, 1, 0, 0, 0)),
                  arize::ValidationError);
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

/// The instants RFC 3339 can write in UTC: years 0000 to 9999.
bool in_writable_range(DateTime tp) {
  return tp >= utc(0, 1, 1, 0, 0, 0) && tp <= utc(9999, 12, 31, 23, 59, 59, 999999);
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
    auto theirs = reference_parse(text);
    if (theirs && !in_writable_range(*theirs)) theirs.reset();  // refused: see below
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

// The formatter is hand-written on <chrono> (date.h cost every including translation unit
// parsing time: bench/compile/); date::format, which it replaced, is the reference.
TEST_CASE("the formatter agrees with date::format over the whole range") {
  std::mt19937_64 rng(20261129);
  const auto first = arize::min_datetime.time_since_epoch().count();
  const auto last = arize::max_datetime.time_since_epoch().count();
  std::uniform_int_distribution<long long> anywhere(first, last);
  for (int n = 0; n < 100000; ++n) {
    DateTime tp{microseconds{anywhere(rng)}};
    if (n % 3 == 0) tp = floor<seconds>(tp);  // no fraction: no ".ffffff"
    if (n == 0) tp = arize::min_datetime;
    if (n == 1) tp = arize::max_datetime;
    const auto whole = floor<seconds>(tp);
    const std::string expected =
        whole == tp ? date::format("%FT%TZ", whole) : date::format("%FT%TZ", tp);
    const std::string ours = arize::format_datetime(tp);
    CAPTURE(expected);
    REQUIRE(ours == expected);
  }
}

// Issue 11, item 4: "0000-01-01T00:00:00+00:01" is year -1 in UTC; the decoder accepted it and
// the encoder refused it, so a create succeeded and then printing it failed. Both sides now
// accept exactly the instants of years 0000-9999 in UTC.
TEST_CASE("date-times outside years 0000-9999 once normalised to UTC are refused") {
  for (const char* text : {"0000-01-01T00:00:00+00:01", "0000-01-01T23:58:59.999999+23:59",
                           "9999-12-31T23:59:59-00:01", "9999-12-31T00:01:00-23:59"}) {
    const std::string shown = text;
    CAPTURE(shown);
    CHECK_FALSE(arize::try_parse_datetime(text).has_value());
    CHECK_THROWS_AS((void)arize::parse_datetime(text), arize::ValidationError);
  }
  CHECK(arize::try_parse_datetime("0000-01-01T00:00:00-00:01") == utc(0, 1, 1, 0, 1, 0));
  CHECK(arize::try_parse_datetime("0000-01-01T23:59:00+23:59") == utc(0, 1, 1, 0, 0, 0));
  CHECK(arize::try_parse_datetime("9999-12-31T23:59:59.999999+00:01") ==
        utc(9999, 12, 31, 23, 58, 59, 999999));
  CHECK(arize::try_parse_datetime("9999-12-31T00:00:59.999999-23:59") ==
        utc(9999, 12, 31, 23, 59, 59, 999999));
  CHECK(arize::format_datetime(utc(0, 1, 1, 0, 0, 0)) == "0000-01-01T00:00:00Z");
}

// The property behind item 4: everything the parser accepts formats (without throwing) and
// re-parses to the same instant. The corpus crowds the edges: the first and last days of the
// range, of years, of months and of leap years, times next to midnight, every size of offset.
TEST_CASE("every date-time the parser accepts formats and re-parses to the same instant") {
  std::minstd_rand rng(20261129);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  const int years[] = {0,    0,    0,    1,    1,    4,    99,   100,  400,  1899,
                       1900, 1969, 1970, 2000, 2024, 2100, 9998, 9999, 9999, 9999};
  const int hours[] = {0, 0, 1, 12, 22, 23, 23};
  const int minutes[] = {0, 0, 1, 30, 58, 59, 59};
  int accepted = 0, refused = 0;
  for (int n = 0; n < 200000; ++n) {
    const int y =
        pick(0, 4) == 0 ? pick(0, 9999) : years[pick(0, static_cast<int>(std::size(years)) - 1)];
    const int mo = pick(0, 2) == 0 ? pick(1, 12) : (pick(0, 1) ? 1 : 12);
    const int last_day = static_cast<int>(static_cast<unsigned>(
        (year{y} / month{static_cast<unsigned>(mo)} / std::chrono::last).day()));
    const int d = pick(0, 2) == 0 ? pick(1, last_day) : (pick(0, 1) ? 1 : last_day);
    std::string yyyy = std::to_string(y);
    yyyy.insert(0, 4 - yyyy.size(), '0');
    std::string text = yyyy + "-" + two(mo) + "-" + two(d) + "T" +
                       two(hours[pick(0, static_cast<int>(std::size(hours)) - 1)]) + ":" +
                       two(minutes[pick(0, static_cast<int>(std::size(minutes)) - 1)]) + ":" +
                       two(pick(0, 1) ? 59 : pick(0, 59));
    switch (pick(0, 3)) {
      case 0: break;
      case 1: text += ".999999"; break;
      case 2: text += ".000001"; break;
      default: text += "." + std::to_string(pick(1, 9)) + "99999999"; break;
    }
    switch (pick(0, 2)) {
      case 0: text += "Z"; break;
      default: {
        const int oh = pick(0, 1) ? 23 : pick(0, 23), om = pick(0, 1) ? 59 : pick(0, 59);
        text += (pick(0, 1) ? "+" : "-") + two(oh) + ":" + two(om);
      }
    }
    CAPTURE(text);
    const auto parsed = arize::try_parse_datetime(text);
    const auto reference = reference_parse(text);
    REQUIRE(reference.has_value());  // the corpus is all grammatical; only the range can refuse
    REQUIRE(parsed.has_value() == in_writable_range(*reference));
    if (!parsed) {
      ++refused;
      continue;
    }
    ++accepted;
    std::string formatted;
    REQUIRE_NOTHROW(formatted = arize::format_datetime(*parsed));
    CAPTURE(formatted);
    REQUIRE(arize::try_parse_datetime(formatted) == parsed);
  }
  CHECK(accepted > 100000);
  CHECK(refused > 200);  // the edges really were crossed
}
