// RFC 3339 date-times as std::chrono time points (UTC, microsecond precision).
//
// Parsing is Howard Hinnant's date::parse (the origin of C++20's std::chrono::parse, which
// libstdc++ 12 lacks). RFC 3339 is stricter than the format string alone (fixed field widths,
// 'T' and 'Z' in either case, any number of fractional digits), so the text is first checked
// against the RFC's grammar and normalised, then date::parse does the calendar arithmetic
// (days per month, leap years, the offset).
#pragma once

#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <sstream>
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

// date::parse reads seconds into a long double that g++ 12 at -O2 wrongly reports as possibly
// uninitialized when inlined here (a false positive inside date.h); silence only that.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
/// Parses an RFC 3339 date-time ("2024-01-15T10:30:00Z", "2024-01-15t10:30:00.123456789+05:30").
/// Fractional digits beyond microseconds are truncated. Returns nullopt for anything else,
/// including impossible dates (2023-02-29) and leap seconds (:60).
[[nodiscard]] inline std::optional<DateTime> try_parse_datetime(std::string_view s) {
  using detail::digits_at;
  // full-date "T" partial-time: YYYY-MM-DDTHH:MM:SS
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
    ++i;
    const std::size_t start = i;
    while (i < s.size() && detail::is_digit(s[i])) ++i;
    if (i == start) return std::nullopt;  // "." needs at least one digit
    fraction = std::string(s.substr(start, std::min<std::size_t>(i - start, 6)));
  }
  fraction.resize(6, '0');
  normal += '.';
  normal += fraction;
  // time-offset: "Z" / ("+" / "-") HH:MM
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

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

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
