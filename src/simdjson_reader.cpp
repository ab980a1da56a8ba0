// arize::simdjson: the simdjson reader of JsonTape compiled once (arize/compiled_simdjson.hpp).
// Targets that link it get ARIZE_WITH_SIMDJSON and read responses with simdjson.
#include <arize/compiled_simdjson.hpp>
