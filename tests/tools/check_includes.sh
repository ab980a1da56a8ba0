#!/usr/bin/env bash
# Fails if the client's headers break the include rule of the default transport: <httplib.h>
# is included only by include/arize/core/httplib/compat.hpp, OpenSSL's headers only by it, by
# core/tls_host.hpp (the TLS host policy both built-in transports share; only the transports
# include it) and by the async transport (async/), and no other header of core/ includes the
# transport (httplib_transport.hpp, core/httplib/ or core/tls_host.hpp), so that core/ stays
# standard library and nlohmann/json only.
set -euo pipefail
cd "$(dirname "$0")/../../include/arize"
status=0
while IFS= read -r hit; do
  case "$hit" in core/httplib/compat.hpp:*) continue ;; esac
  case "$hit" in core/tls_host.hpp:*openssl/* | async/*:*openssl/*) continue ;; esac
  echo "includes cpp-httplib or OpenSSL outside core/httplib/compat.hpp: $hit"
  status=1
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](httplib\.h|openssl/)' . |
  sed 's|^\./||')
while IFS= read -r hit; do
  case "$hit" in core/httplib/* | core/httplib_transport.hpp:*) continue ;; esac
  echo "a core/ header includes the cpp-httplib transport: $hit"
  status=1
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]arize/core/(httplib/|httplib_transport\.hpp|tls_host\.hpp)' core |
  sed 's|^\./||')
[ "$status" = 0 ] && echo "includes: cpp-httplib only in core/httplib/compat.hpp, OpenSSL only in the transports"
exit "$status"
