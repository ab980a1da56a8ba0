// libFuzzer: error responses. The first two bytes choose the status (100..599); the rest is
// the body, read as an RFC 9457 problem by the client's error path (throw_api_error, reached
// through decode_delete_api_key for any status but 204) and by the generated Problem model.
#include <arize/generated/v2026_06/models/Problem.hpp>

#include "decoder_fuzzer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int status = 100 + (data[0] << 8 | data[1]) % 500;
  static const arize::HttpRequest request =
      arize_fuzz::Api::build_delete_api_key({.api_key_id = "QXBpS2V5OjM+"});
  arize_fuzz::run_decoder(data + 2, size - 2, status, request,
                          &arize_fuzz::Api::decode_delete_api_key);
  return arize_fuzz::run_decoder(data + 2, size - 2, 200, request,
                                 [](const arize::HttpRequest& req, const arize::HttpResponse& res) {
                                   return arize::decode_response<arize::v2026_06::Problem>(req,
                                                                                           res);
                                 });
}
