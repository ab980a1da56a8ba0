// The simdjson reader of JsonTape (arize/core/json_tape.hpp) for programs that define
// ARIZE_WITH_SIMDJSON: include this in exactly one .cpp of the program and link simdjson.
// CMake's arize::simdjson target does both (src/simdjson_reader.cpp); the other translation
// units never compile simdjson's header.
#pragma once

#ifndef ARIZE_WITH_SIMDJSON
#error \
    "arize/compiled_simdjson.hpp is for ARIZE_WITH_SIMDJSON builds: define it in every translation unit"
#endif

#ifdef ARIZE_JSON_TAPE_HPP_INCLUDED
#error \
    "include arize/compiled_simdjson.hpp before any other arize header (it defines JsonTape::read)"
#endif
#define ARIZE_COMPILING_JSON_TAPE  // json_tape.hpp: define nlohmann's reading here, not inline

#include <simdjson.h>

#include <cstddef>
#include <new>
#include <stdexcept>
#include <string_view>

#include "arize/core/json_tape.hpp"

namespace arize {

namespace detail {

/// Feeds simdjson's reading of a value to `sink` (the tape's builder), as nlohmann's SAX parser
/// would: the builder applies the tape's rules (nesting, names) whichever parser read the text.
template <class Sink>
bool walk_simdjson(const simdjson::dom::element& e, Sink& sink) {
  using Type = simdjson::dom::element_type;
  switch (e.type()) {
    case Type::OBJECT:
      if (!sink.start_object(0)) return false;
      for (const auto member : simdjson::dom::object(e)) {
        if (!sink.key(member.key) || !walk_simdjson(member.value, sink)) return false;
      }
      return sink.end_object();
    case Type::ARRAY:
      if (!sink.start_array(0)) return false;
      for (const auto item : simdjson::dom::array(e)) {
        if (!walk_simdjson(item, sink)) return false;
      }
      return sink.end_array();
    case Type::STRING: return sink.string(e.get_string().value_unsafe());
    case Type::INT64: return sink.number_integer(e.get_int64().value_unsafe());
    case Type::UINT64: return sink.number_unsigned(e.get_uint64().value_unsafe());
    case Type::DOUBLE: return sink.number_float(e.get_double().value_unsafe(), {});
    case Type::BOOL: return sink.boolean(e.get_bool().value_unsafe());
    case Type::NULL_VALUE: return sink.null();
  }
  return false;
}

}  // namespace detail

bool JsonTape::read(std::string_view text, Parser parser) {
  if (parser == Parser::nlohmann) return read_leniently(text, strict);
  // simdjson's parser allocates about ten times the text. A thread keeps one for texts up to
  // reuse_limit (a page of 100 keys is ~40 KB), so that a read neither allocates nor faults its
  // memory in again; a larger text gets a parser of its own, so what a thread keeps stays small.
  constexpr std::size_t reuse_limit = 256 * 1024;
  thread_local simdjson::dom::parser kept;
  simdjson::dom::parser larger;
  simdjson::dom::parser& reader = text.size() <= reuse_limit ? kept : larger;
  bool ok = false;
  try {
    const auto document = reader.parse(text.data(), text.size(), /*realloc_if_needed=*/true);
    // Not JSON to simdjson (integers past 64 bits are numbers to nlohmann): nlohmann decides.
    if (document.error()) return read_leniently(text, strict);
    prepare(text.size());
    Builder builder(*this);
    ok = detail::walk_simdjson(document.value_unsafe(), builder);  // the tape's rules judge
  } catch (const std::bad_alloc&) {
    return read_leniently(text, strict);  // which bounds what it builds as it goes
  } catch (const std::length_error&) {
  }
  return finish(ok);
}

}  // namespace arize
