#include <doctest/doctest.h>

#include <chrono>
#include <string>

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
