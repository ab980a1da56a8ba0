// The two date forms of HTTP headers the client reads: Retry-After's delta-seconds and the
// IMF-fixdate (RFC 9110 §5.6.7, §10.2.3), plus the digit helpers datetime.hpp's RFC 3339 parser
// shares. Apart from datetime.hpp so that errors.hpp (RateLimitError::retry_after) can use the
// one Retry-After parser that the retry layer (retry.hpp) uses: datetime.hpp includes errors.hpp.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace arize {

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

[[nodiscard]] constexpr int number_at(std::string_view s, std::size_t pos, std::size_t n) noexcept {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}
}  // namespace detail

namespace detail {
/// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 §5.6.7), the form Retry-After
/// senders must use. The day name is checked for form, not against the date.
[[nodiscard]] inline std::optional<std::chrono::sys_seconds> parse_imf_fixdate(std::string_view s) {
  static constexpr std::string_view days = "Mon Tue Wed Thu Fri Sat Sun ";
  static constexpr std::string_view months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec ";
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT" || !digits_at(s, 5, 2) ||
      !digits_at(s, 12, 4) || !digits_at(s, 17, 2) || !digits_at(s, 20, 2) ||
      !digits_at(s, 23, 2)) {
    return std::nullopt;
  }
  const auto day_name = days.find(s.substr(0, 3));
  const auto month_at = months.find(s.substr(8, 3));
  if (day_name == std::string_view::npos || day_name % 4 != 0 ||
      month_at == std::string_view::npos || month_at % 4 != 0) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::year{number_at(s, 12, 4)},
      std::chrono::month{static_cast<unsigned>(month_at / 4 + 1)},
      std::chrono::day{static_cast<unsigned>(number_at(s, 5, 2))}};
  const int h = number_at(s, 17, 2), m = number_at(s, 20, 2), sec = number_at(s, 23, 2);
  if (!ymd.ok() || h > 23 || m > 59 || sec > 59) return std::nullopt;
  return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{m} +
         std::chrono::seconds{sec};
}
}  // namespace detail

/// Parses a Retry-After value: delta-seconds ("120") or an IMF-fixdate
/// ("Wed, 21 Oct 2015 07:28:00 GMT"), relative to `now`. Past dates give zero; anything else
/// gives nullopt. Computed in milliseconds, which hold every 4-digit year (nanoseconds, the
/// system clock's unit, end in 2262).
[[nodiscard]] inline std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9)
      return std::chrono::hours(24 * 365);  // absurdly large: treat as "very long"
    std::int64_t seconds = 0;
    for (const char c : value) seconds = seconds * 10 + (c - '0');
    return std::chrono::seconds(seconds);
  }
  const auto when = detail::parse_imf_fixdate(value);
  if (!when) return std::nullopt;
  const auto delta = std::chrono::time_point_cast<std::chrono::milliseconds>(*when) -
                     std::chrono::floor<std::chrono::milliseconds>(now);
  return std::max(delta, std::chrono::milliseconds::zero());
}

}  // namespace arize
