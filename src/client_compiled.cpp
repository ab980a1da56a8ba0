// arize::client_compiled: the client's definitions compiled once (core/config.hpp). Targets
// that link it get ARIZE_SEPARATE_COMPILATION and compile none of it themselves.
#include <arize/compiled.hpp>
