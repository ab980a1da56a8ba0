// libFuzzer: the create_api_key response decoder (201, ApiKeyCreated).
#include "decoder_fuzzer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const arize::HttpRequest request = arize_fuzz::Api::build_create_api_key(
      {.body = arize::v2026_06::ApiKeyCreate{.name = "fuzz"}});
  return arize_fuzz::run_decoder(data, size, 201, request, &arize_fuzz::Api::decode_create_api_key);
}
