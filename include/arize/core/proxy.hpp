// HTTP forward-proxy settings for the default transport.
//
// http:// requests are sent to the proxy in absolute form; https:// requests go through a
// CONNECT tunnel, so TLS (and the certificate check) stays end to end and the proxy sees only
// the host and port. Only http:// proxies are supported (cpp-httplib speaks neither TLS to the
// proxy nor SOCKS); Basic proxy authentication is supported.
//
// Nothing is read from the environment unless asked: ProxyConfig::from_environment reads the
// variables curl reads, and the Client does so only with ClientOptions::proxy_from_environment.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "arize/core/base_url.hpp"
#include "arize/core/env.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/secret.hpp"
#include "arize/core/url.hpp"

namespace arize {

namespace detail {
/// Standard base64 (RFC 4648, with padding).
inline std::string base64_encode(std::string_view in) {
  static constexpr char digits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - i);
    std::uint32_t bits = 0;
    for (std::size_t j = 0; j < 3; ++j)
      bits = (bits << 8) | (j < n ? static_cast<unsigned char>(in[i + j]) : 0U);
    for (std::size_t j = 0; j < 4; ++j) out += j <= n ? digits[(bits >> (18 - 6 * j)) & 0x3F] : '=';
  }
  return out;
}
}  // namespace detail

struct ProxyConfig {
  /// A name or an IP address (IPv6 without brackets).
  std::string host;
  int port = 80;
  std::optional<std::string> username{};
  std::optional<Secret> password{};

  bool operator==(const ProxyConfig&) const = default;

  /// Parses "http://[user[:password]@]host[:port][/]"; "host:port" alone means http. The user
  /// and password are percent-decoded. Throws ConfigError, which never quotes the password.
  [[nodiscard]] static ProxyConfig parse(std::string_view url) {
    const std::string shown = BaseUrl::without_userinfo(url);
    const auto fail = [&](std::string_view why) -> ProxyConfig {
      throw ConfigError("invalid proxy URL \"" + shown + "\": " + std::string(why));
    };
    std::string_view rest = url;
    if (const auto sep = url.find("://"); sep != std::string_view::npos) {
      if (detail::ascii_lower(url.substr(0, sep)) != "http") {
        return fail(
            "only http:// proxies are supported (https:// targets are tunnelled through "
            "them with CONNECT)");
      }
      rest = url.substr(sep + 3);
    }
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    ProxyConfig out;
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
      const std::string_view userinfo = rest.substr(0, at);
      rest = rest.substr(at + 1);
      const auto colon = userinfo.find(':');
      out.username = url::decode_component(userinfo.substr(0, colon));
      if (out.username->empty()) return fail("the user name is empty");
      if (colon != std::string_view::npos)
        out.password = Secret(url::decode_component(userinfo.substr(colon + 1)));
    }
    if (rest.empty()) return fail("no host");
    if (rest.find('/') != std::string_view::npos) return fail("a proxy URL has no path");
    BaseUrl hostport;
    try {
      hostport = BaseUrl::parse("http://" + std::string(rest));
    } catch (const ConfigError&) {
      return fail("expected host[:port]");
    }
    out.host = hostport.host;
    if (out.host.size() > 2 && out.host.front() == '[')
      out.host = out.host.substr(1, out.host.size() - 2);
    out.port = hostport.port;
    return out;
  }

  /// The proxy for requests to `base` from the environment, as curl reads it: https_proxy or
  /// HTTPS_PROXY for https://, http_proxy for http:// (not HTTP_PROXY, which a CGI request can
  /// set through a "Proxy:" header), then all_proxy or ALL_PROXY; none when no_proxy (or
  /// NO_PROXY) matches the host. A malformed value is a ConfigError naming the variable.
  [[nodiscard]] static std::optional<ProxyConfig> from_environment(const BaseUrl& base) {
    auto no_proxy = detail::env("no_proxy");
    if (!no_proxy) no_proxy = detail::env("NO_PROXY");
    if (no_proxy && no_proxy_matches(*no_proxy, base.host)) return std::nullopt;
    const char* const https_names[] = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
    const char* const http_names[] = {"http_proxy", "all_proxy", "ALL_PROXY"};
    const bool https = base.scheme == "https";
    for (const char* name : https ? std::span<const char* const>(https_names)
                                  : std::span<const char* const>(http_names)) {
      if (const auto value = detail::env(name)) {
        try {
          return parse(*value);
        } catch (const ConfigError& e) {
          throw ConfigError(std::string(name) + ": " + e.what());
        }
      }
    }
    return std::nullopt;
  }

  /// Whether a no_proxy list ("example.com, .internal, 10.0.0.1, *") covers `host`: an entry
  /// matches the host itself and its subdomains; a leading '.' and a ":port" are ignored; "*"
  /// matches everything. Case-insensitive; CIDR ranges are not supported.
  [[nodiscard]] static bool no_proxy_matches(std::string_view list, std::string_view host) {
    const auto bare = [](std::string_view s) {  // "[::1]:80" -> "::1", "h:80" -> "h"
      if (!s.empty() && s.front() == '[') {
        const auto close = s.find(']');
        return close == std::string_view::npos ? s.substr(1) : s.substr(1, close - 1);
      }
      if (s.find(':') == s.rfind(':')) return s.substr(0, s.find(':'));
      return s;  // an IPv6 address without brackets
    };
    const std::string h = detail::ascii_lower(bare(host));
    std::size_t pos = 0;
    while (pos <= list.size()) {
      const auto end = std::min(list.find_first_of(", \t", pos), list.size());
      std::string_view entry = list.substr(pos, end - pos);
      pos = end + 1;
      if (entry.empty()) continue;
      if (entry == "*") return true;
      while (!entry.empty() && entry.front() == '.') entry.remove_prefix(1);
      const std::string e = detail::ascii_lower(bare(entry));
      if (e.empty()) continue;
      if (h == e) return true;
      if (h.size() > e.size() && h.ends_with(e) && h[h.size() - e.size() - 1] == '.') return true;
    }
    return false;
  }

  /// The value of a Proxy-Authorization header, "Basic base64(user:password)" (RFC 7617), or
  /// none without a user name; a Secret, never shown. (HttplibTransport hands the user and
  /// password to cpp-httplib, which encodes them itself; async/BeastTransport sends this.)
  [[nodiscard]] std::optional<Secret> basic_authorization() const {
    if (!username) return std::nullopt;
    const Secret plain(*username + ":" + (password ? password->reveal() : std::string()));
    return Secret("Basic " + detail::base64_encode(plain.reveal()));
  }

  /// "http://host:port", never the credentials (for messages and logs).
  [[nodiscard]] std::string display() const {
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }
};

}  // namespace arize
