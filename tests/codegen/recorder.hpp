// A transport for the generated-code tests: records each request and answers with `next`. It
// needs only arize/core (these tests exercise generated code without the client runtime).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arize/core/transport.hpp"

namespace codegen_test {

using Query = std::vector<std::pair<std::string, std::string>>;

struct Recorder {
  std::vector<arize::HttpRequest> sent;
  arize::HttpResponse next{.status = 200, .headers = {}, .body = "{}"};
  arize::HttpResponse send(const arize::HttpRequest& request) {
    sent.push_back(request);
    return next;
  }
};

/// The value of a request header, or "<absent>".
inline std::string header(const arize::HttpRequest& r, std::string_view name) {
  auto v = r.headers.get(name);
  return v ? std::string(*v) : std::string("<absent>");
}

}  // namespace codegen_test
