// TLS for the default transport: the host policy (which names a server certificate must carry)
// and the certificate checks a new https connection is set up with (CA file or folder).
#pragma once

#include <string>
#include <string_view>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/httplib/compat.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

/// Makes OpenSSL check the server's name during the handshake: an IP address only against IP
/// SANs, a host name only against DNS SANs, no partial wildcards, and never the subject CN (RFC
/// 6125 allows it only without SANs; browsers and public CAs have dropped it: certificates carry
/// SANs). cpp-httplib before 0.2x fell back to the CN when a SAN did not
/// match; with this, a mismatch fails the certificate check (X509_V_ERR_HOSTNAME_MISMATCH or
/// X509_V_ERR_IP_ADDRESS_MISMATCH) whatever cpp-httplib then checks itself.
inline bool require_host_in_certificate(SSL_CTX* ctx, std::string_view host) {
  if (ctx == nullptr) return false;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string name(host);
  X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx);
  X509_VERIFY_PARAM_set_hostflags(
      param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
  if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) == 1) return true;
  return X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size()) == 1;
}

/// Sets up the certificate checks of a new client for an https:// base URL: verification on,
/// the host policy above, and the CA file or folder of the options when given.
inline void set_up_certificate_checks(httplib::Client& client,
                                      const HttplibTransportOptions& options, const BaseUrl& base) {
  client.enable_server_certificate_verification(true);
  if (!require_host_in_certificate(httplib_compat::ssl_context(client), base.host)) {
    throw ConfigError("the TLS context cannot be set up to check the server's name");
  }
  if (options.ca_file || options.ca_dir) {
    client.set_ca_cert_path(options.ca_file.value_or(""), options.ca_dir.value_or(""));
  }
}

}  // namespace arize::detail
