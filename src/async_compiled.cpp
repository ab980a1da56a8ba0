// arize::async_compiled: the async client's definitions (the calls, the retry loop on Asio
// timers, BeastTransport with Boost.Beast and Asio SSL) compiled once (core/config.hpp).
// Targets that link it get ARIZE_SEPARATE_COMPILATION and compile only the completion-token
// glue of arize/async/client.hpp themselves.
#include <arize/async/compiled.hpp>
