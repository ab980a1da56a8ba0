// Pager directly and through client.api_keys.list_all.
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/unit_support.hpp"

using arize::HttpRequest;
using arize::HttpResponse;
using arize::PageOf;
using arize::Pager;
using rt::RecordingTransport;

namespace {

/// A fetch function over fixed pages, recording the cursors it is asked for.
struct FakePages {
  std::map<std::string, PageOf<int>> pages;  // "" = the first page
  std::shared_ptr<std::vector<std::optional<std::string>>> asked =
      std::make_shared<std::vector<std::optional<std::string>>>();

  Pager<int>::Fetch fetch() const {
    return [pages = pages, asked = asked](const std::optional<std::string>& cursor) {
      asked->push_back(cursor);
      if (asked->size() > 20) throw std::runtime_error("FakePages: too many fetches");
      return pages.at(cursor.value_or(""));
    };
  }
};

std::vector<std::string> ids_of(Pager<arize::ApiKey>& pager) {
  std::vector<std::string> out;
  for (const arize::ApiKey& key : pager) out.push_back(key.id);
  return out;
}

}  // namespace

TEST_CASE("Pager walks every page lazily, in order") {
  FakePages f;
  f.pages[""] = {{1, 2}, "c1"};
  f.pages["c1"] = {{3, 4}, "c2"};
  f.pages["c2"] = {{5}, std::nullopt};

  Pager<int> pager(f.fetch());
  CHECK(f.asked->empty());  // nothing fetched before begin()
  auto it = pager.begin();
  REQUIRE(it != pager.end());
  CHECK(*it == 1);
  CHECK(f.asked->size() == 1);
  CHECK(pager.pages_fetched() == 1);
  CHECK_FALSE(pager.resume_cursor().has_value());
  ++it;
  CHECK(*it == 2);
  CHECK(f.asked->size() == 1);
  ++it;
  CHECK(*it == 3);
  CHECK(f.asked->size() == 2);
  CHECK(pager.resume_cursor() == "c1");
  std::vector<int> rest;
  for (; it != pager.end(); ++it) rest.push_back(*it);
  CHECK(rest == std::vector<int>{3, 4, 5});
  CHECK(*f.asked == std::vector<std::optional<std::string>>{std::nullopt, "c1", "c2"});
  CHECK(pager.pages_fetched() == 3);
}

TEST_CASE("Pager in a range-for, from a first cursor") {
  FakePages f;
  f.pages["start"] = {{7, 8}, "next"};
  f.pages["next"] = {{9}, std::nullopt};
  std::vector<int> seen;
  for (const int v : Pager<int>(f.fetch(), "start")) seen.push_back(v);
  CHECK(seen == std::vector<int>{7, 8, 9});
  CHECK(*f.asked == std::vector<std::optional<std::string>>{"start", "next"});
}

TEST_CASE("Pager skips empty intermediate pages and handles an empty result") {
  FakePages f;
  f.pages[""] = {{1}, "c1"};
  f.pages["c1"] = {{}, "c2"};
  f.pages["c2"] = {{}, "c3"};
  f.pages["c3"] = {{2}, std::nullopt};
  std::vector<int> seen;
  for (const int v : Pager<int>(f.fetch())) seen.push_back(v);
  CHECK(seen == std::vector<int>{1, 2});
  CHECK(f.asked->size() == 4);

  FakePages empty;
  empty.pages[""] = {{}, std::nullopt};
  Pager<int> pager(empty.fetch());
  CHECK(pager.begin() == pager.end());
  CHECK(empty.asked->size() == 1);

  FakePages leading_empty;
  leading_empty.pages[""] = {{}, "c1"};
  leading_empty.pages["c1"] = {{4}, std::nullopt};
  Pager<int> p2(leading_empty.fetch());
  auto it = p2.begin();
  REQUIRE(it != p2.end());
  CHECK(*it == 4);
}

TEST_CASE("Pager refuses a repeated or empty cursor instead of looping") {
  FakePages loop;
  loop.pages[""] = {{1}, "a"};
  loop.pages["a"] = {{2}, "b"};
  loop.pages["b"] = {{3}, "a"};
  std::vector<int> seen;
  const auto walk = [&](Pager<int> pager) {
    for (const int v : pager) seen.push_back(v);
  };
  CHECK_THROWS_AS(walk(Pager<int>(loop.fetch())), arize::DecodeError);
  CHECK(seen == std::vector<int>{1, 2});
  CHECK(loop.asked->size() == 3);

  FakePages self;
  self.pages["x"] = {{}, "x"};  // hands back the cursor it was started from
  CHECK_THROWS_AS(walk(Pager<int>(self.fetch(), "x")), arize::DecodeError);
  CHECK(self.asked->size() == 1);

  FakePages blank;
  blank.pages[""] = {{1}, ""};
  CHECK_THROWS_AS(walk(Pager<int>(blank.fetch())), arize::DecodeError);
}

TEST_CASE("Pager::begin twice is a ValidationError") {
  FakePages f;
  f.pages[""] = {{1}, std::nullopt};
  Pager<int> pager(f.fetch());
  (void)pager.begin();
  CHECK_THROWS_AS((void)pager.begin(), arize::ValidationError);
  CHECK(f.asked->size() == 1);
}

TEST_CASE("list_all walks three pages lazily, sending the limit and each cursor") {
  RecordingTransport fake;
  fake.respond(200, rt::list_body({"k1", "k2"}, "c+/1=", true));
  fake.respond(200, rt::list_body({"k3", "k4"}, "c 2", true));
  fake.respond(200, rt::list_body({"k5"}, std::nullopt, false));
  auto client = rt::client_for(fake);

  auto pager = client.api_keys.list_all({.key_type = arize::ApiKeyType::user, .limit = 2});
  CHECK(fake.requests().empty());
  auto it = pager.begin();
  REQUIRE(it != pager.end());
  CHECK(it->id == "k1");
  CHECK(fake.requests().size() == 1);
  ++it;
  CHECK(it->id == "k2");
  CHECK(fake.requests().size() == 1);
  std::vector<std::string> ids;
  for (; it != pager.end(); ++it) ids.push_back(it->id);
  CHECK(ids == std::vector<std::string>{"k2", "k3", "k4", "k5"});

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].target() == "/v2/api-keys?key_type=user&limit=2");
  CHECK(requests[1].target() == "/v2/api-keys?key_type=user&limit=2&cursor=c%2B%2F1%3D");
  CHECK(requests[2].target() == "/v2/api-keys?key_type=user&limit=2&cursor=c%202");
  for (const auto& r : requests) CHECK(r.headers.get("Authorization") == "Bearer test-token");
}

TEST_CASE("list_all in a range-for, with an empty page in the middle") {
  RecordingTransport fake;
  fake.respond(200, rt::list_body({"k1"}, "c1", true));
  fake.respond(200, rt::list_body({}, "c2", true));
  fake.respond(200, rt::list_body({"k2"}, std::nullopt, false));
  auto client = rt::client_for(fake);
  std::vector<std::string> ids;
  for (const arize::ApiKey& key : client.api_keys.list_all()) ids.push_back(key.id);
  CHECK(ids == std::vector<std::string>{"k1", "k2"});
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].target() == "/v2/api-keys");
  CHECK(requests[1].target() == "/v2/api-keys?cursor=c1");
  CHECK(requests[2].target() == "/v2/api-keys?cursor=c2");
}

TEST_CASE("list_all: a repeated cursor is a DecodeError, not an endless walk") {
  RecordingTransport fake;
  int calls = 0;
  fake.otherwise([&calls](const HttpRequest&) {
    ++calls;  // stop after a while so that a broken pager fails instead of hanging
    if (calls > 10)
      return HttpResponse{.status = 200, .body = rt::list_body({}, std::nullopt, false)};
    return HttpResponse{.status = 200,
                        .body = rt::list_body({"k" + std::to_string(calls)}, "same", true)};
  });
  auto client = rt::client_for(fake);
  auto pager = client.api_keys.list_all();
  CHECK_THROWS_AS(ids_of(pager), arize::DecodeError);
  CHECK(fake.requests().size() == 2);
}

TEST_CASE("list_all: has_more without next_cursor is a DecodeError") {
  RecordingTransport fake;
  fake.respond(200, rt::list_body({"k1"}, "c1", true));
  fake.respond(200, rt::list_body({"k2"}, std::nullopt, true));
  fake.respond(200, rt::list_body({"k3"}, std::nullopt, false));
  auto client = rt::client_for(fake);
  std::vector<std::string> ids;
  auto pager = client.api_keys.list_all();
  try {
    for (const auto& key : pager) ids.push_back(key.id);
    FAIL("no exception");
  } catch (const arize::DecodeError& e) {
    CHECK(rt::contains(e.what(), "next_cursor"));
  }
  CHECK(ids == std::vector<std::string>{"k1"});
  CHECK(fake.requests().size() == 2);
}

TEST_CASE("list_all: has_more false stops even with a cursor") {
  RecordingTransport fake;
  fake.respond(200, rt::list_body({"k1", "k2"}, "ignored", false));
  fake.respond(200, rt::list_body({"k3"}, std::nullopt, false));
  auto client = rt::client_for(fake);
  auto pager = client.api_keys.list_all();
  CHECK(ids_of(pager) == std::vector<std::string>{"k1", "k2"});
  CHECK(fake.requests().size() == 1);
  CHECK(fake.pending() == 1);
}

TEST_CASE("list_all resumes after a failed fetch without skipping items") {
  RecordingTransport fake;
  fake.respond(200, rt::list_body({"k1", "k2"}, "c/1", true));
  fake.respond(500, R"({"title":"boom","status":500})");
  auto client = rt::client_for(fake);

  std::vector<std::string> ids;
  std::optional<std::string> resume;
  {
    auto pager = client.api_keys.list_all({.limit = 2});
    try {
      for (const auto& key : pager) ids.push_back(key.id);
      FAIL("no exception");
    } catch (const arize::ServerError&) {
      resume = pager.resume_cursor();
    }
  }
  CHECK(ids == std::vector<std::string>{"k1", "k2"});
  REQUIRE(resume == "c/1");

  fake.respond(200, rt::list_body({"k3", "k4"}, "c/2", true));
  fake.respond(200, rt::list_body({"k5"}, std::nullopt, false));
  for (const auto& key : client.api_keys.list_all({.limit = 2, .cursor = resume}))
    ids.push_back(key.id);
  CHECK(ids == std::vector<std::string>{"k1", "k2", "k3", "k4", "k5"});

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[1].target() == "/v2/api-keys?limit=2&cursor=c%2F1");
  CHECK(requests[2].target() == "/v2/api-keys?limit=2&cursor=c%2F1");
  CHECK(requests[3].target() == "/v2/api-keys?limit=2&cursor=c%2F2");
}

TEST_CASE("list_all: begin twice throws, and a bad limit fails before any request") {
  RecordingTransport fake;
  fake.respond(200, rt::list_body({"k1"}, std::nullopt, false));
  auto client = rt::client_for(fake);
  auto pager = client.api_keys.list_all();
  (void)pager.begin();
  CHECK_THROWS_AS((void)pager.begin(), arize::ValidationError);
  CHECK(fake.requests().size() == 1);

  // Variables: a literal out of range does not compile with clang++ (core/param.hpp).
  for (int limit : {0, 101}) {
    CAPTURE(limit);
    CHECK_THROWS_AS((void)client.api_keys.list_all({.limit = limit}), arize::ValidationError);
  }
  CHECK(fake.requests().size() == 1);
}
