// The host policy of every built-in https transport (HttplibTransport, async/BeastTransport):
// which names a server certificate must carry. OpenSSL only.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <string>
#include <string_view>

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

}  // namespace arize::detail
