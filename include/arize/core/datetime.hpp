// RFC 3339 date-times as std::chrono time points (UTC, microsecond precision).
//
// libstdc++ 12 has C++20's calendar types but not std::chrono::parse. RFC 3339 has fixed field
// widths, so parsing is a grammar check plus <chrono>'s calendar (about 150 times faster than
// date::parse through an istringstream, which bench/ measured as most of the cost of decoding a
// page). tests/core checks it against Howard Hinnant's date::parse, the origin of
// std::chrono::parse, over a generated corpus. Formatting uses date::format.
#pragma once

#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "arize/core/errors.hpp"

namespace arize {

/// A point in time, UTC, microsecond precision (covers years 0000-9999, as RFC 3339 does).
using DateTime = std::chrono::sys_time<std::chrono::microseconds>;

namespace detail {
[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool digits_at(std::string_view s, std::size_t pos,
                                       std::size_t n) noexcept {
  if (s.size() < pos + n) return false;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return false;
  }
  return true;
}
}  // namespace detail

namespace detail {
[[nodiscard]] constexpr int number_at(std::string_view s, std::size_t pos, std::size_t n) noexcept {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}
}  // namespace detail

/// Parses an RFC 3339 date-time ("2024-01-15T10:30:00Z", "2024-01-15t10:30:00.123456789+05:30").
/// Fractional digits beyond microseconds are truncated. Returns nullopt for anything else,
/// including impossible dates (2023-02-29), hours past 23 and leap seconds (:60).
///
/// The text is checked against the RFC's grammar (fixed field widths), then the calendar is
/// C++20's <chrono> (year_month_day::ok() knows month lengths and leap years). A test checks
/// this against date::parse, field by field, over a large generated corpus.
[[nodiscard]] inline std::optional<DateTime> try_parse_datetime(std::string_view s) {
  using detail::digits_at;
  using detail::number_at;
  // full-date "T" partial-time: YYYY-MM-DDTHH:MM:SS
  if (!(digits_at(s, 0, 4) && s.size() > 19 && s[4] == '-' && digits_at(s, 5, 2) && s[7] == '-' &&
        digits_at(s, 8, 2) && (s[10] == 'T' || s[10] == 't') && digits_at(s, 11, 2) &&
        s[13] == ':' && digits_at(s, 14, 2) && s[16] == ':' && digits_at(s, 17, 2))) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::year{number_at(s, 0, 4)},
      std::chrono::month{static_cast<unsigned>(number_at(s, 5, 2))},
      std::chrono::day{static_cast<unsigned>(number_at(s, 8, 2))}};
  const int hour = number_at(s, 11, 2), minute = number_at(s, 14, 2), second = number_at(s, 17, 2);
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::size_t i = 19;
  std::int64_t micros = 0;
  if (s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && detail::is_digit(s[i])) ++i;
    if (i == start) return std::nullopt;  // "." needs at least one digit
    for (std::size_t k = 0; k < 6; ++k)
      micros = micros * 10 + (start + k < i ? s[start + k] - '0' : 0);
  }
  // time-offset: "Z" / ("+" / "-") HH:MM
  std::chrono::minutes offset{0};
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) {
    // UTC
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits_at(s, i + 1, 2) &&
             s[i + 3] == ':' && digits_at(s, i + 4, 2)) {
    const int oh = number_at(s, i + 1, 2), om = number_at(s, i + 4, 2);
    if (oh > 23 || om > 59) return std::nullopt;
    offset = std::chrono::minutes{(s[i] == '-' ? -1 : 1) * (oh * 60 + om)};
  } else {
    return std::nullopt;
  }
  // Local time minus its offset is UTC.
  return std::chrono::sys_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second} + std::chrono::microseconds{micros} - offset;
}

/// As try_parse_datetime, but throws ValidationError (naming `what`) on bad input.
[[nodiscard]] inline DateTime parse_datetime(std::string_view s,
                                             std::string_view what = "date-time") {
  if (auto tp = try_parse_datetime(s)) return *tp;
  throw ValidationError(std::string(what), "not an RFC 3339 date-time: \"" + std::string(s) + "\"");
}

/// Formats as RFC 3339 in UTC: "2024-01-15T10:30:00Z", with ".ffffff" only when the time has
/// a fractional second. Throws ValidationError outside years 0000-9999.
[[nodiscard]] inline std::string format_datetime(DateTime tp) {
  const auto day = std::chrono::floor<date::days>(tp);
  const date::year_month_day ymd{day};
  if (ymd.year() < date::year{0} || ymd.year() > date::year{9999}) {
    throw ValidationError("date-time", "year outside 0000-9999 cannot be written in RFC 3339");
  }
  const auto whole = std::chrono::floor<std::chrono::seconds>(tp);
  if (whole == tp) return date::format("%FT%TZ", whole);
  return date::format("%FT%TZ", tp);
}

}  // namespace arize
