// The settings of the default transport (HttplibTransport): its own header, without cpp-httplib
// or OpenSSL, so that arize::ClientOptions can hold them (ClientOptions::http) in builds that
// compile the client elsewhere (ARIZE_SEPARATE_COMPILATION). Each setting has its default here
// and nowhere else.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "arize/core/proxy.hpp"
#include "arize/version.hpp"

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
  /// Sent when a request has no User-Agent of its own.
  std::string user_agent = ::arize::user_agent;
  bool keep_alive = true;
  std::size_t max_idle_connections = 4;
  /// An HTTP forward proxy; default: none (the environment is not read here).
  std::optional<ProxyConfig> proxy{};
};

}  // namespace arize
