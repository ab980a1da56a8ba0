// The response decoders of the generated ApiKeysApi, fed fuzzed bodies: exactly what the
// client runs on a response (ApiKeysApi<T>::decode_<operation>). Expected outcomes are a value
// or an arize::Error; any other exception escapes and libFuzzer reports it, as it does crashes,
// sanitizer findings, timeouts and memory blow-ups.
#pragma once

#include <arize/generated/v2026_06/api_keys_api.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

namespace arize_fuzz {

/// Never called: the decoders are static, but ApiKeysApi needs a Transport type.
struct NoTransport {
  arize::HttpResponse send(const arize::HttpRequest&) { return {}; }
};
using Api = arize::v2026_06::ApiKeysApi<NoTransport>;

/// A decoded value must also encode: what the client accepted it must be able to print or send
/// back (issue 11, item 4: a date-time that normalised outside years 0000-9999 did not).
template <class T>
void check_roundtrip(const T& value) {
  try {
    (void)arize::encode(value);
  } catch (const arize::Error& e) {
    std::cerr << "decoded, but does not encode: " << e.what() << '\n';
    std::abort();
  }
}

/// Runs `decode(request, response)` on a response with `status` and the input as its body.
template <class Decode>
int run_decoder(const std::uint8_t* data, std::size_t size, int status, arize::HttpRequest request,
                Decode decode) {
  arize::HttpResponse response;
  response.status = status;
  response.headers.add("Content-Type", "application/json");
  response.body.assign(reinterpret_cast<const char*>(data), size);
  try {
    if constexpr (std::is_void_v<decltype(decode(request, response))>) {
      decode(request, response);
    } else {
      check_roundtrip(decode(request, response));
    }
  } catch (const arize::Error&) {
    // DecodeError for a body that does not match the spec, ApiError for an error status.
  }
  return 0;
}

}  // namespace arize_fuzz
