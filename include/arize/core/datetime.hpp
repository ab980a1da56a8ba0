// RFC 3339 date-times as std::chrono time points (UTC, microsecond precision).
//
// libstdc++ 12 has C++20's calendar types but not std::chrono::parse. RFC 3339 has fixed field
// widths, so parsing is a grammar check plus <chrono>'s calendar (about 150 times faster than
// date::parse through an istringstream, which bench/ measured as most of the cost of decoding a
// page). tests/core checks it against Howard Hinnant's date::parse, the origin of
// std::chrono::parse, over a generated corpus, and the formatter against date::format.
// Nothing here needs date.h: including it cost every translation unit a tenth of a second
// of parsing and its formatter's stream machinery (bench/compile/).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <version>

#include "arize/core/errors.hpp"
#include "arize/core/http_date.hpp"
#include "arize/core/required.hpp"

#if defined(__cpp_lib_format) && __cpp_lib_format >= 201907L
#include <format>
#endif

namespace arize {

/// A point in time, UTC, microsecond precision. Parsing and formatting both cover exactly
/// [min_datetime, max_datetime]: years 0000-9999 in UTC, what RFC 3339 can write with "Z".
using DateTime = std::chrono::sys_time<std::chrono::microseconds>;

/// 0000-01-01T00:00:00Z, the first instant RFC 3339 can write in UTC.
inline constexpr DateTime min_datetime{
    std::chrono::sys_days{std::chrono::year{0} / std::chrono::January / 1}};
/// 9999-12-31T23:59:59.999999Z, the last one at microsecond precision.
inline constexpr DateTime max_datetime{
    std::chrono::sys_days{std::chrono::year{10000} / std::chrono::January / 1} -
    std::chrono::microseconds{1}};

/// Parses an RFC 3339 date-time ("2024-01-15T10:30:00Z", "2024-01-15t10:30:00.123456789+05:30").
/// Fractional digits beyond microseconds are truncated. Returns nullopt for anything else,
/// including impossible dates (2023-02-29), hours past 23, leap seconds (:60) and instants
/// outside [min_datetime, max_datetime] once the offset is applied
/// ("0000-01-01T00:00:00+00:01" is year -1 in UTC): whatever parses, format_datetime writes.
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
  const DateTime tp = std::chrono::sys_days{ymd} + std::chrono::hours{hour} +
                      std::chrono::minutes{minute} + std::chrono::seconds{second} +
                      std::chrono::microseconds{micros} - offset;
  if (tp < min_datetime || tp > max_datetime) return std::nullopt;
  return tp;
}

/// As try_parse_datetime, but throws ValidationError (naming `what`) on bad input.
[[nodiscard]] inline DateTime parse_datetime(std::string_view s,
                                             std::string_view what = "date-time") {
  if (auto tp = try_parse_datetime(s)) return *tp;
  throw ValidationError(
      std::string(what),
      "not an RFC 3339 date-time of years 0000-9999 in UTC: \"" + std::string(s) + "\"");
}

/// Formats as RFC 3339 in UTC: "2024-01-15T10:30:00Z", with ".ffffff" only when the time has
/// a fractional second. Total over [min_datetime, max_datetime], which holds everything
/// try_parse_datetime returns; throws ValidationError outside it (a value the caller built).
[[nodiscard]] inline std::string format_datetime(DateTime tp) {
  if (tp < min_datetime || tp > max_datetime) {
    throw ValidationError("date-time", "outside years 0000-9999 in UTC: RFC 3339 cannot write it");
  }
  // Fixed widths: "YYYY-MM-DDTHH:MM:SS" and ".ffffff" when there is a fraction, then "Z".
  const auto day = std::chrono::floor<std::chrono::days>(tp);
  const std::chrono::year_month_day ymd{day};
  const auto micros = static_cast<std::uint64_t>((tp - day).count());  // [0, 86400e6)
  char text[32];
  std::size_t n = 0;
  const auto put = [&](std::uint64_t value, int width, char after) {
    for (int i = width - 1; i >= 0; --i) {
      text[n + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    n += static_cast<std::size_t>(width);
    if (after != '\0') text[n++] = after;
  };
  put(static_cast<std::uint64_t>(static_cast<int>(ymd.year())), 4, '-');
  put(static_cast<unsigned>(ymd.month()), 2, '-');
  put(static_cast<unsigned>(ymd.day()), 2, 'T');
  put(micros / 3'600'000'000, 2, ':');
  put(micros / 60'000'000 % 60, 2, ':');
  put(micros / 1'000'000 % 60, 2, '\0');
  if (micros % 1'000'000 != 0) {
    text[n++] = '.';
    put(micros % 1'000'000, 6, '\0');
  }
  text[n++] = 'Z';
  return std::string(text, n);
}

/// Writes `tp` as format_datetime does: `std::cout << key.created_at` prints
/// "2024-01-15T10:30:00Z". Argument-dependent lookup finds it for the members of the models
/// (Required<DateTime> is arize's); a plain DateTime is a std::chrono type, for which lookup
/// does not search arize: write format_datetime(tp), or `using arize::operator<<;`. Throws
/// ValidationError outside [min_datetime, max_datetime], as format_datetime does.
template <class Traits>
std::basic_ostream<char, Traits>& operator<<(std::basic_ostream<char, Traits>& os,
                                             const DateTime& tp) {
  return os << format_datetime(tp);
}

}  // namespace arize

#if defined(__cpp_lib_format) && __cpp_lib_format >= 201907L
/// std::format("{}", key.created_at) writes what format_datetime writes (a plain DateTime is
/// formatted by the standard library's own chrono formatter). The width, fill and alignment of
/// a string apply.
template <>
struct std::formatter<arize::Required<arize::DateTime>, char>
    : std::formatter<std::string_view, char> {
  template <class FormatContext>
  auto format(const arize::Required<arize::DateTime>& tp, FormatContext& ctx) const {
    return std::formatter<std::string_view, char>::format(arize::format_datetime(tp), ctx);
  }
};
#endif
