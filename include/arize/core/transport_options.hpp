// The settings of the default transport (HttplibTransport): its own header, without cpp-httplib
// or OpenSSL, so that arize::ClientOptions can hold them (ClientOptions::http) in builds that
// compile the client elsewhere (ARIZE_SEPARATE_COMPILATION). Each setting has its default here
// and nowhere else.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "arize/core/proxy.hpp"

namespace arize {

inline constexpr const char* default_base_url = "https://api.arize.com";

struct HttplibTransportOptions {
  /// scheme://host[:port][/prefix], e.g. "https://api.arize.com" or "http://127.0.0.1:8080".
  std::string base_url = default_base_url;
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  /// Longest wait for any read of the response (not the whole response).
  std::chrono::milliseconds read_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(60)};
  /// Longest time one request may take in all, from connecting to the last byte of the
  /// response; HttpRequest::deadline (the retry layer's time budget) may end it sooner.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(120)};
  /// PEM file of trusted CA certificates (https only); default: OpenSSL's default paths.
  std::optional<std::string> ca_file{};
  /// Directory of hashed CA certificates (c_rehash layout).
  std::optional<std::string> ca_dir{};
  /// Largest response body accepted, in bytes.
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  bool keep_alive = true;
  std::size_t max_idle_connections = 4;
  /// An HTTP forward proxy; default: none (the environment is not read here).
  std::optional<ProxyConfig> proxy{};

  bool operator==(const HttplibTransportOptions&) const = default;
};

namespace detail {
/// The names of the members of `o` that differ from their defaults, for messages about
/// settings that would be ignored ("read_timeout", ...); "(a member)" when operator== sees a
/// difference this list does not name (a member added without a line here).
[[nodiscard]] inline std::vector<std::string> changed_members(const HttplibTransportOptions& o) {
  const HttplibTransportOptions d;
  std::vector<std::string> out;
  const auto note = [&](bool changed, const char* name) {
    if (changed) out.emplace_back(name);
  };
  note(o.base_url != d.base_url, "base_url");
  note(o.connect_timeout != d.connect_timeout, "connect_timeout");
  note(o.read_timeout != d.read_timeout, "read_timeout");
  note(o.write_timeout != d.write_timeout, "write_timeout");
  note(o.request_timeout != d.request_timeout, "request_timeout");
  note(o.ca_file != d.ca_file, "ca_file");
  note(o.ca_dir != d.ca_dir, "ca_dir");
  note(o.max_response_bytes != d.max_response_bytes, "max_response_bytes");
  note(o.keep_alive != d.keep_alive, "keep_alive");
  note(o.max_idle_connections != d.max_idle_connections, "max_idle_connections");
  note(o.proxy != d.proxy, "proxy");
  if (out.empty() && o != d) out.emplace_back("(a member)");
  return out;
}
}  // namespace detail

}  // namespace arize
