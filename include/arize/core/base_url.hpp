// The server's base URL, checked once: scheme://host[:port][/prefix].
#pragma once

#include <cctype>
#include <charconv>
#include <string>
#include <string_view>

#include "arize/core/errors.hpp"

namespace arize {

namespace detail {
/// `s` with ASCII letters in lower case (URL schemes and host names compare that way).
[[nodiscard]] inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace detail

struct BaseUrl {
  std::string scheme;  ///< "http" or "https"
  std::string host;    ///< a name, an IPv4 address or a bracketed IPv6 address ("[::1]")
  int port = 0;        ///< explicit or the scheme's default
  std::string prefix;  ///< a path prepended to every request path, without a trailing '/'

  /// "https://api.arize.com:443", the form cpp-httplib's Client takes.
  [[nodiscard]] std::string origin() const {
    return scheme + "://" + host + ":" + std::to_string(port);
  }

  /// The URL with its user-info replaced by "***", for error messages: "http://***@host:1".
  ///
  /// RFC 3986: URI = scheme ":" "//" authority ..., authority = [userinfo "@"] host [":" port],
  /// and the authority ends at the first "/", "?" or "#". But a password typed by a user may
  /// hold any of those (or an '@'), raw: the user-info is taken to run up to the LAST '@' of
  /// the whole text, since anything before it could be part of the password, and nothing after
  /// it can. The scheme is recognised only as RFC 3986 spells one (a letter, then letters,
  /// digits, '+', '-', '.'): "u:pa://ss@h" has none, so all of "u:pa://ss" is hidden.
  [[nodiscard]] static std::string without_userinfo(std::string_view url) {
    const auto at = url.rfind('@');
    if (at == std::string_view::npos) return std::string(url);
    std::size_t start = 0;
    if (const auto colon = url.find("://");
        colon != std::string_view::npos && colon < at && is_scheme(url.substr(0, colon))) {
      start = colon + 3;
    }
    return std::string(url.substr(0, start)) + "***" + std::string(url.substr(at));
  }

  /// Whether `s` is an RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
  [[nodiscard]] static bool is_scheme(std::string_view s) {
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (s.empty() || !alpha(s.front())) return false;
    for (const char c : s) {
      if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
  }

  /// Parses and checks a base URL; throws ConfigError saying what is wrong.
  [[nodiscard]] static BaseUrl parse(std::string_view url) {
    const auto fail = [&](std::string_view why) -> BaseUrl {
      throw ConfigError("invalid base URL \"" + without_userinfo(url) + "\": " + std::string(why));
    };
    BaseUrl out;
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return fail("expected http://host or https://host");
    out.scheme = detail::ascii_lower(url.substr(0, scheme_end));
    if (out.scheme != "http" && out.scheme != "https")
      return fail("the scheme must be http or https");
    std::string_view rest = url.substr(scheme_end + 3);
    if (rest.find_first_of("?#") != std::string_view::npos)
      return fail("no query or fragment allowed");
    for (const char c : rest) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
        return fail("it holds a space or control character");
    }
    const auto path_start = rest.find('/');
    std::string_view authority = rest.substr(0, path_start);
    std::string_view path =
        path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
    if (authority.find('@') != std::string_view::npos)
      return fail("credentials in the URL are not supported; use the API key option");
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
      const auto close = authority.find(']');
      if (close == std::string_view::npos) return fail("unterminated IPv6 address");
      out.host = std::string(authority.substr(0, close + 1));
      std::string_view after = authority.substr(close + 1);
      if (!after.empty()) {
        if (after.front() != ':') return fail("unexpected text after the IPv6 address");
        port_text = after.substr(1);
        if (port_text.empty()) return fail("empty port");
      }
    } else {
      const auto colon = authority.rfind(':');
      out.host = std::string(authority.substr(0, colon));
      if (colon != std::string_view::npos) {
        port_text = authority.substr(colon + 1);
        if (port_text.empty()) return fail("empty port");
      }
    }
    if (out.host.empty() || out.host == "[]") return fail("no host");
    if (!port_text.empty()) {
      int port = 0;
      const auto [ptr, ec] =
          std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
      if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port < 1 ||
          port > 65535) {
        return fail("the port must be a number from 1 to 65535");
      }
      out.port = port;
    } else {
      out.port = out.scheme == "https" ? 443 : 80;
    }
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    out.prefix = std::string(path);
    return out;
  }
};

}  // namespace arize
