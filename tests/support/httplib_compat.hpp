// The tests' use of cpp-httplib APIs that were renamed between Debian 12's 0.11.4 and the
// current release (the library's own differences are in arize/core/httplib_transport.hpp).
#pragma once

#include <httplib.h>

namespace arize_test {

/// Sends request paths exactly as given (the tests percent-encode them themselves):
/// Client::set_url_encode(false) up to 0.2x, set_path_encode(false) since.
template <class Client>
void send_paths_as_given(Client& client) {
  if constexpr (requires { client.set_path_encode(false); }) {
    client.set_path_encode(false);
  } else {
    client.set_url_encode(false);
  }
}

}  // namespace arize_test
