// TLS for the default transport: the host policy (which names a server certificate must carry)
// and the certificate checks a new https connection is set up with (CA file or folder).
#pragma once

#include <string>
#include <string_view>

#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/httplib/compat.hpp"
#include "arize/core/tls_host.hpp"
#include "arize/core/transport_options.hpp"

namespace arize::detail {

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
