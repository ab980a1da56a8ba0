#include <doctest/doctest.h>

#include "arize/core/runtime.hpp"

using arize::HttpRequest;
using arize::HttpResponse;

TEST_CASE("path segments are percent-encoded so an id stays one segment") {
  using arize::url::encode_path_segment;
  CHECK(encode_path_segment("RW50aXR5OjEyMzQ1") == "RW50aXR5OjEyMzQ1");
  CHECK(encode_path_segment("a/b+c=") == "a%2Fb%2Bc%3D");
  CHECK(encode_path_segment("..") == "%2E%2E");
  CHECK(encode_path_segment(".") == "%2E");
  CHECK(encode_path_segment("../x") == "..%2Fx");
  CHECK(encode_path_segment("a b?#%") == "a%20b%3F%23%25");
  CHECK_THROWS_AS((void)encode_path_segment("", "api_key_id"), arize::ValidationError);
}

TEST_CASE("the request target encodes the query") {
  const HttpRequest request{
      .method = "GET",
      .path = "/v2/api-keys",
      .query = {{"limit", "10"}, {"cursor", "a b&c=d/+"}},
  };
  CHECK(request.target() == "/v2/api-keys?limit=10&cursor=a%20b%26c%3Dd%2F%2B");
  CHECK(HttpRequest{.method = "GET", .path = "/x"}.target() == "/x");
}

TEST_CASE("headers are looked up case-insensitively") {
  arize::Headers headers{{"Content-Type", "application/json"}};
  CHECK(headers.get("content-type") == "application/json");
  headers.set("CONTENT-TYPE", "text/plain");
  CHECK(headers.size() == 1);
  CHECK(headers.get("Content-Type") == "text/plain");
  headers.add("X-A", "1");
  headers.add("x-a", "2");
  CHECK(headers.get("X-A") == "1");
  headers.erase("x-A");
  CHECK_FALSE(headers.contains("X-A"));
}

namespace {
template <class E>
void check_maps_to(int status) {
  const HttpRequest request{.method = "DELETE", .path = "/v2/api-keys/abc", .operation_id = "op"};
  const HttpResponse response{
      .status = status,
      .headers = {{"Content-Type", "application/problem+json"}, {"X-Request-Id", "req-1"}},
      .body = R"({"type":"about:blank","title":"Nope","status":)" + std::to_string(status) +
              R"(,"detail":"because","instance":"/i/1"})"};
  try {
    arize::throw_api_error(request, response);
  } catch (const E& e) {
    CHECK(e.status() == status);
    CHECK(e.problem().title == "Nope");
    CHECK(e.problem().detail == "because");
    CHECK(e.problem().type == "about:blank");
    CHECK(e.problem().instance == "/i/1");
    CHECK(e.problem().status == status);
    CHECK(e.method() == "DELETE");
    CHECK(e.path() == "/v2/api-keys/abc");
    CHECK(e.request_id() == "req-1");
    CHECK(std::string(e.what()) == "arize: DELETE /v2/api-keys/abc failed with HTTP " +
                                       std::to_string(status) + ": Nope: because");
    return;
  } catch (...) {
  }
  FAIL("wrong exception type for status " << status);
}
}  // namespace

TEST_CASE("each error status maps to its exception type") {
  check_maps_to<arize::BadRequestError>(400);
  check_maps_to<arize::UnauthorizedError>(401);
  check_maps_to<arize::ForbiddenError>(403);
  check_maps_to<arize::NotFoundError>(404);
  check_maps_to<arize::UnprocessableEntityError>(422);
  check_maps_to<arize::RateLimitError>(429);
  check_maps_to<arize::ServerError>(500);
  check_maps_to<arize::ServerError>(503);
  check_maps_to<arize::ApiError>(418);
}

TEST_CASE("a malformed problem body still gives an ApiError with the raw body") {
  const HttpRequest request{.method = "GET", .path = "/v2/api-keys"};
  for (const char* body : {"", "<html>oops</html>", "[1,2]", R"({"title":5,"status":"x"})"}) {
    CAPTURE(body);
    try {
      arize::throw_api_error(request, HttpResponse{.status = 502, .body = body});
    } catch (const arize::ServerError& e) {
      CHECK(e.status() == 502);
      CHECK_FALSE(e.problem().title.has_value());
      CHECK(e.body() == body);
    }
  }
}

TEST_CASE("a success body that is not JSON is a DecodeError naming the request") {
  const HttpRequest request{.method = "GET", .path = "/v2/api-keys"};
  try {
    (void)arize::decode_response<std::vector<std::string>>(
        request, HttpResponse{.status = 200, .body = "not json"});
    FAIL("no DecodeError");
  } catch (const arize::DecodeError& e) {
    CHECK(e.context() == "GET /v2/api-keys -> 200");
  }
  try {
    (void)arize::decode_response<std::vector<std::string>>(
        request, HttpResponse{.status = 200, .body = R"(["a", 1])"});
    FAIL("no DecodeError");
  } catch (const arize::DecodeError& e) {
    CHECK(e.path() == "[1]");
    CHECK(std::string(e.what()) ==
          "arize: cannot decode response of GET /v2/api-keys -> 200: [1]: expected a string, got "
          "an integer");
  }
}
