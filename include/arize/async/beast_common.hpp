// What the two Beast transports share: BeastTransport (async/beast_transport.hpp, on an executor)
// and BeastSyncTransport (sync/beast_transport.hpp, blocking calls). The TLS context set-up,
// the request as a Beast message, the CONNECT request of a tunnel, SNI and the TLS failure of a
// handshake, the read buffer's growth, and the Beast response as an HttpResponse, so that both
// send the same bytes, check the same certificates and answer the same way. Header-only Boost
// (Debian's libboost1.81-dev); link OpenSSL.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/secret.hpp"
#include "arize/core/tls_host.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_errors.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// The most a response's status line and headers may take, in bytes (Beast's header_limit).
inline constexpr std::uint32_t max_response_head_bytes = 64 * 1024;
/// The room of the read buffer for a response's first read (its head, a small body), and the
/// most one read of a larger body takes: a call in flight holds no more.
inline constexpr std::size_t beast_first_read = 2 * 1024;
inline constexpr std::size_t beast_read_chunk = 16 * 1024;

/// The TLS context of an https:// base URL (left empty for http://): the peer verified against
/// ca_file / ca_dir or OpenSSL's default paths, and the host name checked by core/tls_host.hpp.
/// Throws ConfigError when that cannot be set up.
inline void set_up_beast_tls(std::optional<boost::asio::ssl::context>& ssl,
                             const HttplibTransportOptions& options, const BaseUrl& base) {
  if (base.scheme != "https") return;
  ssl.emplace(boost::asio::ssl::context::tls_client);
  ssl->set_verify_mode(boost::asio::ssl::verify_peer);
  boost::system::error_code ec;
  if (options.ca_file || options.ca_dir) {
    if (options.ca_file) ssl->load_verify_file(*options.ca_file, ec);
    if (!ec && options.ca_dir) ssl->add_verify_path(*options.ca_dir, ec);
  } else {
    ssl->set_default_verify_paths(ec);
  }
  if (ec) throw ConfigError("the CA certificates could not be loaded: " + ec.message());
  if (!require_host_in_certificate(ssl->native_handle(), base.host))
    throw ConfigError("the TLS context cannot be set up to check the server's name");
}

/// `request` as Beast sends it: the base URL's prefix, Host (the request's own, once, if it has
/// one), keep-alive as configured, and through an http:// proxy the absolute form with
/// Proxy-Authorization (an https:// request travels in a tunnel, to the origin itself).
inline boost::beast::http::request<boost::beast::http::string_body> beast_request(
    const HttpRequest& request, const HttplibTransportOptions& options, const BaseUrl& base,
    const std::optional<Secret>& proxy_authorization) {
  namespace http = boost::beast::http;
  http::request<http::string_body> wire;
  const auto verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown)
    wire.method_string(request.method);
  else
    wire.method(verb);
  // Through a proxy an http:// request names its origin (absolute form, RFC 9112 3.2.2).
  const bool absolute = options.proxy && base.scheme != "https";
  wire.target((absolute ? base.origin() : std::string()) + base.prefix + request.target());
  wire.version(11);
  const bool default_port =
      (base.scheme == "https" && base.port == 443) || (base.scheme == "http" && base.port == 80);
  if (!request.headers.get("Host")) {  // a request's own Host is sent instead, once
    wire.set(http::field::host,
             default_port ? base.host : base.host + ":" + std::to_string(base.port));
  }
  for (const auto& [name, value] : request.headers) wire.insert(name, value);
  if (absolute && proxy_authorization)
    wire.set(http::field::proxy_authorization, proxy_authorization->reveal());
  if (request.body) wire.body() = *request.body;
  wire.prepare_payload();
  wire.keep_alive(options.keep_alive);
  return wire;
}

/// "CONNECT host:port" (with Host, and Proxy-Authorization when the proxy has a user name).
inline boost::beast::http::request<boost::beast::http::empty_body> beast_connect_request(
    const BaseUrl& base, const std::optional<Secret>& proxy_authorization) {
  namespace http = boost::beast::http;
  const std::string authority = base.host + ":" + std::to_string(base.port);  // "[::1]:443"
  http::request<http::empty_body> out(http::verb::connect, authority, 11);
  out.set(http::field::host, authority);
  if (proxy_authorization) out.set(http::field::proxy_authorization, proxy_authorization->reveal());
  return out;
}

/// The host and port to connect to: the proxy's, or the base URL's (without IPv6 brackets).
inline std::pair<std::string, std::string> beast_connect_target(
    const HttplibTransportOptions& options, const BaseUrl& base) {
  // The proxy's host is kept without brackets (ProxyConfig), the base URL's with them.
  std::string host = options.proxy ? options.proxy->host : base.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return {host, std::to_string(options.proxy ? options.proxy->port : base.port)};
}

/// Names the host for SNI, unless it is an address (RFC 6066: SNI names a host only).
inline void set_sni(SSL* ssl, const std::string& host) {
  boost::system::error_code ignored;
  const bool is_address =
      host.front() == '[' || (boost::asio::ip::make_address(host, ignored), !ignored);
  if (!is_address) SSL_set_tlsext_host_name(ssl, host.c_str());
}

/// What a failed handshake reports: the certificate's rejection when verification failed.
inline TransportError tls_handshake_failure(SSL* ssl, const TransportFailure& failure) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) return failure.tls_rejected(X509_verify_cert_error_string(verify));
  return failure.tls_handshake();
}

/// Before a response's first read: room for a head and a small body (Beast reads at most the
/// buffer's free capacity, 512 bytes when it is empty), and the parser's limits.
inline void prepare_beast_read(
    boost::beast::flat_buffer& buffer,
    boost::beast::http::response_parser<boost::beast::http::string_body>& parser,
    const HttplibTransportOptions& options) {
  buffer.reserve(beast_first_read);
  parser.body_limit(options.max_response_bytes);
  parser.header_limit(max_response_head_bytes);
}

/// After a read that did not end the response: once its head is in, room for the rest of the
/// body, up to beast_read_chunk per read.
inline void grow_beast_read(
    boost::beast::flat_buffer& buffer,
    const boost::beast::http::response_parser<boost::beast::http::string_body>& parser) {
  if (!parser.is_header_done()) return;
  const auto rest = parser.content_length_remaining();  // none: chunked or to EOF
  const std::size_t want =
      rest ? static_cast<std::size_t>(std::min<std::uint64_t>(*rest, beast_read_chunk))
           : beast_read_chunk;
  buffer.reserve(buffer.size() + want);
}

/// The parsed response as an HttpResponse.
inline HttpResponse to_http_response(
    boost::beast::http::response<boost::beast::http::string_body>&& res) {
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res)
    out.headers.add(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(res.body());
  return out;
}

}  // namespace arize::detail
