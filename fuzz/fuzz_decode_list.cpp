// libFuzzer: the list_api_keys response decoder (200, ApiKeyList).
#include "decoder_fuzzer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return arize_fuzz::run_decoder(data, size, 200, arize_fuzz::Api::build_list_api_keys({}),
                                 &arize_fuzz::Api::decode_list_api_keys);
}
