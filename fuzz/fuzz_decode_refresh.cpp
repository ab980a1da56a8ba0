// libFuzzer: the refresh_api_key response decoder (200, ApiKeyCreated).
#include "decoder_fuzzer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const arize::HttpRequest request =
      arize_fuzz::Api::build_refresh_api_key({.api_key_id = "QXBpS2V5OjM+"});
  return arize_fuzz::run_decoder(data, size, 200, request,
                                 &arize_fuzz::Api::decode_refresh_api_key);
}
