// The loosened fixture (tests/codegen/fixtures/loosened.yaml), generated at build time into
// namespace loosened: what the generator accepts since issue 10, checked down to the bytes a
// transport is handed (form, multipart and raw bodies; text and byte responses), the names
// collisions resolve to, and recursion through optional members and maps.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>

#include "loosened/all.hpp"
#include "recorder.hpp"

namespace {

using codegen_test::header;
using codegen_test::Recorder;
using nlohmann::json;
using Things = loosened::ThingsApi<Recorder&>;

}  // namespace

TEST_CASE("form-urlencoded body: one pair per member, arrays repeated, objects as JSON text") {
  Recorder rec;
  rec.next = {.status = 200, .headers = {}, .body = "a\nb\n"};
  Things api(rec);
  const std::string text =
      api.search_things({.body = loosened::SearchThingsBody{
                             .q = "red & blue=1",
                             .limit = 5,
                             .tags = std::vector<std::string>{"x y", "z"},
                             .filter = loosened::SearchThingsBodyFilter{.kind = "a"}}});
  CHECK(text == "a\nb\n");  // text/plain response: the bytes as they came
  REQUIRE(rec.sent.size() == 1);
  const auto& r = rec.sent[0];
  CHECK(r.method == "POST");
  CHECK(header(r, "Content-Type") == "application/x-www-form-urlencoded");
  CHECK(header(r, "Accept") == "text/plain");
  CHECK(r.body ==
        "q=red%20%26%20blue%3D1&limit=5&tags=x%20y&tags=z&filter=%7B%22kind%22%3A%22a%22%7D");
}

TEST_CASE("multipart body: files with their name and type, text parts, JSON parts") {
  Recorder rec;
  rec.next = {.status = 204, .headers = {}, .body = ""};
  Things api(rec);
  const std::string bytes("\x89PNG\0\r\n", 7);
  api.upload_photo(
      {.id = "t1",
       .body = loosened::UploadPhotoBody{
           .photo =
               arize::File{.content = bytes, .filename = "a\"b.png", .content_type = "image/png"},
           .caption = "hi",
           .sizes = std::vector<std::int64_t>{1, 2},
           .meta = loosened::UploadPhotoBodyMeta{.width = 3}}});
  REQUIRE(rec.sent.size() == 1);
  const auto& r = rec.sent[0];
  CHECK(r.method == "PUT");
  CHECK(r.path == "/things/t1/photo");
  CHECK(header(r, "Content-Type") == "multipart/form-data; boundary=arize-part-boundary-0");
  const std::string expected =
      "--arize-part-boundary-0\r\nContent-Disposition: form-data; name=\"photo\"; "
      "filename=\"a%22b.png\"\r\nContent-Type: image/png\r\n\r\n" +
      bytes +
      "\r\n"
      "--arize-part-boundary-0\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhi\r\n"
      "--arize-part-boundary-0\r\nContent-Disposition: form-data; name=\"sizes\"\r\n\r\n1\r\n"
      "--arize-part-boundary-0\r\nContent-Disposition: form-data; name=\"sizes\"\r\n\r\n2\r\n"
      "--arize-part-boundary-0\r\nContent-Disposition: form-data; name=\"meta\"\r\n"
      "Content-Type: application/json\r\n\r\n{\"width\":3}\r\n"
      "--arize-part-boundary-0--\r\n";
  CHECK(r.body == expected);
}

TEST_CASE("multipart boundary never occurs in a part") {
  Recorder rec;
  rec.next = {.status = 204, .headers = {}, .body = ""};
  Things api(rec);
  api.upload_photo(
      {.id = "t1",
       .body = loosened::UploadPhotoBody{
           .photo = arize::File{.content = "--arize-part-boundary-0 arize-part-boundary-1"}}});
  const auto& r = rec.sent.at(0);
  CHECK(header(r, "Content-Type") == "multipart/form-data; boundary=arize-part-boundary-2");
  CHECK(r.body->find("filename=\"file\"\r\nContent-Type: application/octet-stream\r\n") !=
        std::string::npos);
}

TEST_CASE("raw body and byte response: the bytes as they are") {
  Recorder rec;
  rec.next = {.status = 204, .headers = {}, .body = ""};
  Things api(rec);
  const std::string png("\x89PNG\0\x01", 6);
  api.put_raw_photo({.id = "t2", .body = png});
  CHECK(header(rec.sent.at(0), "Content-Type") == "image/png");
  CHECK(rec.sent.at(0).body == png);

  rec.next = {.status = 200, .headers = {}, .body = png};
  CHECK(api.get_things_by_id_photo({.id = "t2"}) ==
        png);  // no operationId: named after GET /things/{id}/photo
  CHECK(header(rec.sent.at(1), "Accept") == "application/octet-stream");
}

TEST_CASE("names: declared component names win, derived names give way") {
  // schema CreateThingRequest is declared; the parameters of createThing give way
  const loosened::CreateThingRequest2 req{.body = loosened::CreateThingRequest{.name = "n"}};
  CHECK(Things::build_create_thing(req).body == R"({"name":"n"})");
  // schema ThingSize is declared; the inline enum of Thing.size gives way
  const loosened::Thing t{.id = "1", .size = loosened::ThingSize2::small};
  CHECK(arize::encode(t) == json{{"id", "1"}, {"size", "small"}});
  CHECK(arize::to_wire(loosened::ThingSize::s) == "S");
  // auth_time keeps its name; authTime, which would collide, keeps its wire spelling
  const auto both =
      arize::decode<loosened::Thing>(json{{"id", "1"}, {"auth_time", 1}, {"authTime", 2}});
  CHECK(both.auth_time == 1);
  CHECK(both.authTime == 2);
}

TEST_CASE("loosened schemas hold every valid value") {
  const json j = {
      {"id", "1"}, {"level", 2}, {"ratio", 0.5}, {"flag", true}, {"labels", {{"a", "b"}}}};
  const auto t = arize::decode<loosened::Thing>(j);
  CHECK(t.level == 2);    // integer enum: its type
  CHECK(t.ratio == 0.5);  // unknown number format: double
  CHECK(t.flag == true);  // type: [boolean]
  CHECK(arize::encode(t) == j);
  const json named = {{"name", "x"},
                      {"note", "y"}};  // allOf with {type: object} and a redefinition
  CHECK(arize::encode(arize::decode<loosened::Named>(named)) == named);
}

TEST_CASE("recursion through an optional member and a map: arize::Box") {
  const json j = {{"id", "a"},
                  {"parent", {{"id", "b"}, {"parent", {{"id", "c"}}}}},
                  {"children", {{"x", {{"id", "d"}}}}}};
  const auto t = arize::decode<loosened::Thing>(j);
  REQUIRE(t.parent.has_value());
  CHECK((*t.parent)->id == "b");
  CHECK((*(*t.parent)->parent)->id == "c");
  CHECK(t.children->at("x")->id == "d");
  CHECK(arize::encode(t) == j);
  loosened::Thing copy = t;  // a deep copy
  (*copy.parent)->id = "changed";
  CHECK((*t.parent)->id == "b");
  CHECK_FALSE(copy == t);
}
