// The check every transport makes before reusing a kept connection (POSIX poll).
#pragma once

#include <poll.h>

namespace arize::detail {

/// Whether a kept connection's socket may carry a request: nothing to read on it. A server
/// that closed it, or sent anything nobody asked for, makes it readable, and such bytes would
/// be read as the next request's answer (a silent wrong answer); a closed connection would
/// fail a request that cannot be resent (a create may have arrived). Never waits.
[[nodiscard]] inline bool socket_is_quiet(int fd) noexcept {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;
}

}  // namespace arize::detail
