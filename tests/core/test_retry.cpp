// RetryingTransport over a RecordingTransport, with a sleep function that only records.
#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include <date/date.h>

#include "support/unit_support.hpp"

using arize::HttpRequest;
using arize::HttpResponse;
using arize::RetryPolicy;
using arize::TransportError;
using rt::RecordingTransport;
using std::chrono::milliseconds;
using Kind = arize::TransportError::Kind;

namespace {

struct Harness {
  RecordingTransport fake;
  std::shared_ptr<std::vector<milliseconds>> delays = std::make_shared<std::vector<milliseconds>>();
  rt::CapturingLog log;

  arize::RetryingTransport<RecordingTransport> make(RetryPolicy policy = {}) {
    return arize::RetryingTransport<RecordingTransport>(
        fake, std::move(policy), log.sink(),
        [d = delays](milliseconds delay) { d->push_back(delay); });
  }
};

HttpRequest get_request() {
  return HttpRequest{
      .method = "GET", .path = "/v2/api-keys", .operation_id = "list_api_keys", .idempotent = true};
}
HttpRequest post_request() {
  return HttpRequest{.method = "POST",
                     .path = "/v2/api-keys",
                     .body = "{}",
                     .operation_id = "create_api_key",
                     .idempotent = false};
}

RetryPolicy policy(int attempts, milliseconds initial, milliseconds max, double multiplier = 2.0) {
  RetryPolicy p;
  p.max_attempts = attempts;
  p.initial_backoff = initial;
  p.max_backoff = max;
  p.multiplier = multiplier;
  return p;
}

}  // namespace

TEST_CASE("GET is retried on 429, 502, 503 and 504, then succeeds") {
  for (const int status : {429, 502, 503, 504}) {
    CAPTURE(status);
    Harness h;
    h.fake.respond(status);
    h.fake.respond(status);
    h.fake.respond(200, "{}");
    auto t = h.make(policy(4, milliseconds(100), milliseconds(1000)));
    const HttpResponse r = t.send(get_request());
    CHECK(r.status == 200);
    CHECK(h.fake.requests().size() == 3);
    CHECK(h.delays->size() == 2);
    CHECK(rt::contains(h.log.all(), "HTTP " + std::to_string(status)));
  }
}

TEST_CASE("other statuses are returned at once") {
  for (const int status : {200, 400, 401, 404, 409, 422, 500, 501}) {
    CAPTURE(status);
    Harness h;
    h.fake.respond(status);
    auto t = h.make();
    CHECK(t.send(get_request()).status == status);
    CHECK(h.fake.requests().size() == 1);
    CHECK(h.delays->empty());
  }
}

TEST_CASE("Retry-After in seconds is honoured exactly") {
  Harness h;
  h.fake.respond(503, "", {{"Retry-After", "3"}});
  h.fake.respond(429, "", {{"Retry-After", " 0 "}});
  h.fake.respond(200);
  auto t = h.make(policy(5, milliseconds(100), milliseconds(200)));
  CHECK(t.send(get_request()).status == 200);
  CHECK(*h.delays == std::vector<milliseconds>{milliseconds(3000), milliseconds(0)});
}

TEST_CASE("Retry-After is ignored when honor_retry_after is false") {
  Harness h;
  h.fake.respond(503, "", {{"Retry-After", "30"}});
  h.fake.respond(200);
  RetryPolicy p = policy(2, milliseconds(100), milliseconds(100));
  p.honor_retry_after = false;
  auto t = h.make(p);
  CHECK(t.send(get_request()).status == 200);
  REQUIRE(h.delays->size() == 1);
  CHECK(h.delays->at(0) >= milliseconds(50));
  CHECK(h.delays->at(0) <= milliseconds(100));
}

TEST_CASE("parse_retry_after reads delta-seconds and HTTP-dates") {
  using arize::parse_retry_after;
  using namespace std::chrono;
  const sys_time<seconds> at_date =
      date::sys_days(date::year{2015} / 10 / 21) + hours(7) + minutes(28);
  const system_clock::time_point now = at_date - seconds(90);
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == milliseconds(90'000));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", at_date + seconds(5)) ==
        milliseconds(0));
  CHECK(parse_retry_after("120", now) == milliseconds(120'000));
  CHECK(parse_retry_after("\t7 ", now) == milliseconds(7000));
  CHECK(parse_retry_after("0", now) == milliseconds(0));
  CHECK(parse_retry_after("99999999999", now) >= milliseconds(std::chrono::hours(24)));
  CHECK_FALSE(parse_retry_after("", now).has_value());
  CHECK_FALSE(parse_retry_after("soon", now).has_value());
  CHECK_FALSE(parse_retry_after("-5", now).has_value());
  CHECK_FALSE(parse_retry_after("1.5", now).has_value());
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT junk", now).has_value());
  CHECK_FALSE(parse_retry_after("2015-10-21T07:28:00Z", now).has_value());
}

TEST_CASE("an HTTP-date Retry-After in the past means no wait") {
  Harness h;
  h.fake.respond(503, "", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}});
  h.fake.respond(200);
  auto t = h.make(policy(2, milliseconds(500), milliseconds(500)));
  CHECK(t.send(get_request()).status == 200);
  CHECK(*h.delays == std::vector<milliseconds>{milliseconds(0)});
}

TEST_CASE("an invalid Retry-After falls back to the backoff") {
  Harness h;
  h.fake.respond(503, "", {{"Retry-After", "soon"}});
  h.fake.respond(503, "", {{"Retry-After", "Someday, 99 Foo 2015"}});
  h.fake.respond(200);
  auto t = h.make(policy(3, milliseconds(100), milliseconds(1000)));
  CHECK(t.send(get_request()).status == 200);
  REQUIRE(h.delays->size() == 2);
  CHECK(h.delays->at(0) >= milliseconds(50));
  CHECK(h.delays->at(0) <= milliseconds(100));
  CHECK(h.delays->at(1) >= milliseconds(100));
  CHECK(h.delays->at(1) <= milliseconds(200));
}

TEST_CASE("the backoff grows, is jittered within [d/2, d] and is capped by max_backoff") {
  // d = 100, 200, 400, 800 -> capped 500, 500, ...
  const std::vector<std::int64_t> caps{100, 200, 400, 500, 500, 500};
  std::vector<std::int64_t> lowest(caps.size(), 1 << 30);
  std::vector<std::int64_t> highest(caps.size(), 0);
  for (int round = 0; round < 50; ++round) {
    Harness h;
    h.fake.otherwise([](const HttpRequest&) { return HttpResponse{.status = 503}; });
    RetryPolicy p = policy(7, milliseconds(100), milliseconds(500));
    p.max_total = std::chrono::hours(1);
    auto t = h.make(p);
    CHECK(t.send(get_request()).status == 503);
    CHECK(h.fake.requests().size() == 7);
    REQUIRE(h.delays->size() == caps.size());
    for (std::size_t i = 0; i < caps.size(); ++i) {
      CAPTURE(i);
      const auto d = h.delays->at(i).count();
      CHECK(d >= caps[i] / 2);
      CHECK(d <= caps[i]);
      lowest[i] = std::min(lowest[i], d);
      highest[i] = std::max(highest[i], d);
    }
  }
  // Jitter: 50 draws of one delay are not all equal.
  CHECK(lowest[2] < highest[2]);
  // Growth: the third delay is never below the first's maximum possible value.
  CHECK(lowest[2] >= highest[0]);
}

TEST_CASE("a multiplier of 1 keeps the backoff constant") {
  Harness h;
  h.fake.otherwise([](const HttpRequest&) { return HttpResponse{.status = 504}; });
  auto t = h.make(policy(5, milliseconds(40), milliseconds(40), 1.0));
  CHECK(t.send(get_request()).status == 504);
  REQUIRE(h.delays->size() == 4);
  for (const auto d : *h.delays) {
    CHECK(d >= milliseconds(20));
    CHECK(d <= milliseconds(40));
  }
}

TEST_CASE("max_attempts bounds the attempts and the last response is returned") {
  Harness h;
  h.fake.respond(503, "first");
  h.fake.respond(502, "second");
  h.fake.respond(503, "third");
  h.fake.respond(200, "never");
  auto t = h.make(policy(3, milliseconds(1), milliseconds(1)));
  const HttpResponse r = t.send(get_request());
  CHECK(r.status == 503);
  CHECK(r.body == "third");
  CHECK(h.fake.requests().size() == 3);
  CHECK(h.delays->size() == 2);
  CHECK(h.fake.pending() == 1);
}

TEST_CASE("through the Client, retries exhausted on 503 surface as ServerError") {
  RecordingTransport fake;
  fake.otherwise([](const HttpRequest&) { return HttpResponse{.status = 503}; });
  arize::ClientOptions options = rt::options_for(fake);
  options.retry = rt::fast_retry(3);
  arize::Client client(std::move(options));
  CHECK_THROWS_AS((void)client.api_keys.list(), arize::ServerError);
  CHECK(fake.requests().size() == 3);
}

TEST_CASE("RetryPolicy::none sends once") {
  Harness h;
  h.fake.respond(503);
  h.fake.respond(200);
  auto t = h.make(RetryPolicy::none());
  CHECK(t.send(get_request()).status == 503);
  CHECK(h.fake.requests().size() == 1);
  CHECK(h.delays->empty());
  CHECK(t.send(get_request()).status == 200);  // the queued 200 was left for the next call

  h.fake.fail(TransportError(Kind::connect, "refused", false));
  CHECK_THROWS_AS((void)t.send(get_request()), TransportError);
  CHECK(h.fake.requests().size() == 3);
}

TEST_CASE("a non-idempotent request is not retried on a retryable status") {
  for (const int status : {429, 502, 503, 504}) {
    CAPTURE(status);
    Harness h;
    h.fake.respond(status, "", {{"Retry-After", "1"}});
    h.fake.respond(201);
    auto t = h.make();
    CHECK(t.send(post_request()).status == status);
    CHECK(h.fake.requests().size() == 1);
    CHECK(h.delays->empty());
  }
}

TEST_CASE("a non-idempotent request is retried only when it surely was not sent") {
  SUBCASE("may have been sent: not retried") {
    for (const Kind kind : {Kind::send, Kind::receive, Kind::timeout, Kind::other}) {
      Harness h;
      h.fake.fail(TransportError(kind, "broken", true));
      h.fake.respond(201);
      auto t = h.make();
      CHECK_THROWS_AS((void)t.send(post_request()), TransportError);
      CHECK(h.fake.requests().size() == 1);
      CHECK(h.delays->empty());
    }
  }
  SUBCASE("connect failure: retried") {
    Harness h;
    h.fake.fail(TransportError(Kind::connect, "connection refused", false));
    h.fake.fail(TransportError(Kind::connect, "connection refused", false));
    h.fake.respond(201);
    auto t = h.make(policy(4, milliseconds(10), milliseconds(20)));
    CHECK(t.send(post_request()).status == 201);
    CHECK(h.fake.requests().size() == 3);
    CHECK(h.delays->size() == 2);
    CHECK(rt::contains(h.log.all(), "connection refused"));
  }
}

TEST_CASE("an idempotent request is retried on transport errors that may heal") {
  for (const Kind kind : {Kind::connect, Kind::timeout, Kind::send, Kind::receive, Kind::other}) {
    Harness h;
    h.fake.fail(TransportError(kind, "broken", true));
    h.fake.respond(200);
    auto t = h.make(policy(2, milliseconds(1), milliseconds(1)));
    CHECK(t.send(get_request()).status == 200);
    CHECK(h.fake.requests().size() == 2);
  }
  // ... up to max_attempts, then the error propagates.
  Harness h;
  h.fake.fail(TransportError(Kind::receive, "reset", true));
  h.fake.fail(TransportError(Kind::receive, "reset again", true));
  h.fake.respond(200);
  auto t = h.make(policy(2, milliseconds(1), milliseconds(1)));
  try {
    (void)t.send(get_request());
    FAIL("no exception");
  } catch (const TransportError& e) {
    CHECK(rt::contains(e.what(), "reset again"));
  }
  CHECK(h.fake.requests().size() == 2);
}

TEST_CASE("TLS, over-large responses and refused requests are never retried") {
  for (const Kind kind : {Kind::tls, Kind::response_too_large, Kind::invalid_request}) {
    for (const bool idempotent : {true, false}) {
      Harness h;
      h.fake.fail(TransportError(kind, "fatal", false));
      h.fake.respond(200);
      auto t = h.make();
      HttpRequest r = idempotent ? get_request() : post_request();
      CHECK_THROWS_AS((void)t.send(r), TransportError);
      CHECK(h.fake.requests().size() == 1);
      CHECK(h.delays->empty());
    }
  }
}

TEST_CASE("a Retry-After beyond max_total returns the response without waiting") {
  Harness h;
  h.fake.respond(429, "slow down", {{"Retry-After", "120"}});
  h.fake.respond(200);
  RetryPolicy p = policy(4, milliseconds(1), milliseconds(1));
  p.max_total = std::chrono::seconds(60);
  auto t = h.make(p);
  const HttpResponse r = t.send(get_request());
  CHECK(r.status == 429);
  CHECK(r.body == "slow down");
  CHECK(h.fake.requests().size() == 1);
  CHECK(h.delays->empty());
}

TEST_CASE("a Retry-After date past 2262 is a long wait, not an overflow") {
  // Nanoseconds since 1970 end in April 2262: the date's distance used to overflow them
  // (UBSan: signed overflow) and came out as no wait at all, so a GET went out four times.
  const auto now = std::chrono::system_clock::now();
  const auto far = arize::parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now);
  REQUIRE(far.has_value());
  CHECK(*far > milliseconds(std::chrono::hours(24 * 365 * 7000)));
  CHECK(arize::parse_retry_after("Sat, 01 Jan 2263 00:00:00 GMT", now) >
        milliseconds(std::chrono::hours(24 * 365 * 200)));

  Harness h;
  for (int i = 0; i < 4; ++i)
    h.fake.respond(503, "", {{"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"}});
  auto t = h.make(policy(4, milliseconds(1), milliseconds(1)));
  CHECK(t.send(get_request()).status == 503);
  CHECK(h.fake.requests().size() == 1);  // beyond max_total: returned as is
  CHECK(h.delays->empty());
}

TEST_CASE("durations of any size in a RetryPolicy saturate instead of overflowing") {
  Harness h;
  h.fake.respond(503, "", {{"Retry-After", "999999999"}});  // the longest delta-seconds parsed
  h.fake.respond(503);
  h.fake.respond(200);
  RetryPolicy p = policy(3, milliseconds::max(), milliseconds::max());
  p.max_total = milliseconds::max();  // "no budget": the deadline saturates
  p.multiplier = 1e300;
  auto t = h.make(p);
  CHECK(t.send(get_request()).status == 200);
  REQUIRE(h.fake.requests().size() == 3);
  CHECK(h.fake.requests()[0].deadline == std::chrono::steady_clock::time_point::max());
  REQUIRE(h.delays->size() == 2);
  CHECK((*h.delays)[0] == milliseconds(std::chrono::seconds(999999999)));
  CHECK((*h.delays)[1] >= milliseconds::max() / 2);  // drawn from [max_backoff / 2, max_backoff]
}

TEST_CASE("a backoff beyond max_total stops retrying") {
  Harness h;
  h.fake.respond(503);
  h.fake.respond(200);
  RetryPolicy p = policy(4, milliseconds(1000), milliseconds(1000));
  p.max_total = milliseconds(100);
  auto t = h.make(p);
  CHECK(t.send(get_request()).status == 503);
  CHECK(h.fake.requests().size() == 1);
  CHECK(h.delays->empty());
}

TEST_CASE("bad retry policies are ConfigErrors") {
  RecordingTransport fake;
  const auto build = [&](RetryPolicy p) {
    (void)arize::RetryingTransport<RecordingTransport>(fake, std::move(p));
  };
  RetryPolicy zero;
  zero.max_attempts = 0;
  CHECK_THROWS_AS(build(zero), arize::ConfigError);
  RetryPolicy negative;
  negative.max_attempts = -1;
  CHECK_THROWS_AS(build(negative), arize::ConfigError);
  RetryPolicy shrinking;
  shrinking.multiplier = 0.5;
  CHECK_THROWS_AS(build(shrinking), arize::ConfigError);
  RetryPolicy nan;
  nan.multiplier = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(build(nan), arize::ConfigError);
  CHECK_THROWS_AS(build(policy(2, milliseconds(10), milliseconds(5))), arize::ConfigError);
  CHECK_THROWS_AS(build(policy(2, milliseconds(-1), milliseconds(5))), arize::ConfigError);
  CHECK_NOTHROW(build(RetryPolicy{}));
  CHECK_NOTHROW(build(RetryPolicy::none()));

  arize::ClientOptions options = rt::options_for(fake);
  options.retry = zero;
  CHECK_THROWS_AS((void)arize::Client(options), arize::ConfigError);
  CHECK(fake.requests().empty());
}

TEST_CASE("through the Client, create is sent once on 503 and delete is retried") {
  RecordingTransport fake;
  rt::CapturingLog log;
  arize::ClientOptions options = rt::options_for(fake);
  options.retry = rt::fast_retry();
  options.log = log.sink();
  arize::Client client(std::move(options));

  fake.respond(503);
  fake.respond(201, rt::created_json().dump());
  CHECK_THROWS_AS((void)client.api_keys.create({.name = "n"}), arize::ServerError);
  CHECK(fake.requests().size() == 1);
  CHECK(fake.pending() == 1);  // the 201 was not asked for
  CHECK(client.api_keys.create({.name = "n"}).key.reveal() == rt::raw_key);
  fake.respond(503);
  fake.respond(200, rt::created_json().dump());
  CHECK_THROWS_AS((void)client.api_keys.refresh("k"), arize::ServerError);
  CHECK(fake.requests().size() == 3);
  CHECK(fake.pending() == 1);

  RecordingTransport fake2;
  arize::ClientOptions options2 = rt::options_for(fake2);
  options2.retry = rt::fast_retry();
  options2.log = log.sink();
  arize::Client client2(std::move(options2));
  fake2.respond(503);
  fake2.respond(204);
  client2.api_keys.delete_key("k");
  const auto requests = fake2.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].target() == requests[1].target());
  CHECK(requests[1].method == "DELETE");
  CHECK(requests[1].headers.get("Authorization") == "Bearer test-token");
  CHECK(rt::contains(log.all(), "DELETE /v2/api-keys/k failed (HTTP 503); retry 1 of 3"));
}

TEST_CASE("retry_non_idempotent_on_429: a create or refresh answered 429 is retried as set") {
  for (const int status : {429, 503}) {
    CAPTURE(status);
    Harness h;
    h.fake.respond(status, "", {{"Retry-After", "2"}});
    h.fake.respond(status, "", {{"Retry-After", "2"}});
    h.fake.respond(201);
    RetryPolicy p = policy(3, milliseconds(10), milliseconds(20));
    p.retry_non_idempotent_on_429 = true;
    auto t = h.make(p);
    const HttpResponse r = t.send(post_request());
    if (status == 429) {  // retried twice, each after the server's Retry-After
      CHECK(r.status == 201);
      CHECK(h.fake.requests().size() == 3);
      CHECK(*h.delays == std::vector<milliseconds>{milliseconds(2000), milliseconds(2000)});
      CHECK(rt::contains(h.log.all(), "POST /v2/api-keys failed (HTTP 429); retry 1 of 2"));
    } else {  // the switch is about 429 only: a 503 may have made the key
      CHECK(r.status == 503);
      CHECK(h.fake.requests().size() == 1);
    }
  }
  // Bounded by max_attempts like any retry: the last 429 is returned.
  Harness h;
  for (int i = 0; i < 3; ++i) h.fake.respond(429);
  RetryPolicy p = policy(2, milliseconds(1), milliseconds(1));
  p.retry_non_idempotent_on_429 = true;
  auto t = h.make(p);
  CHECK(t.send(post_request()).status == 429);
  CHECK(h.fake.requests().size() == 2);
  // Off by default.
  CHECK_FALSE(RetryPolicy{}.retry_non_idempotent_on_429);
}

TEST_CASE("a TransportError given up on after retries says how many attempts over how long") {
  Harness h;
  for (int i = 0; i < 3; ++i)
    h.fake.fail(TransportError(Kind::connect, "could not connect", false));
  auto t = h.make(policy(3, milliseconds(1), milliseconds(1)));
  try {
    (void)t.send(get_request());
    FAIL("no exception");
  } catch (const TransportError& e) {
    CHECK(e.attempts() == 3);
    CHECK(e.kind() == Kind::connect);
    CHECK_FALSE(e.request_may_have_been_sent());
    // The sleeps are recorded, not slept: the elapsed time is real but tiny.
    CHECK(e.elapsed() < milliseconds(5000));
    CHECK(
        std::string(e.what()).starts_with("arize: transport: could not connect (3 attempts over "));
    CHECK(std::string(e.what()).ends_with(" s)"));
  }
  // One attempt (RetryPolicy::none, or an error never retried): the message is unchanged.
  Harness once;
  once.fake.fail(TransportError(Kind::connect, "could not connect", false));
  auto t1 = once.make(RetryPolicy::none());
  try {
    (void)t1.send(get_request());
    FAIL("no exception");
  } catch (const TransportError& e) {
    CHECK(e.attempts() == 1);
    CHECK(std::string(e.what()) == "arize: transport: could not connect");
  }
}

TEST_CASE("TransportError::after_attempts writes the time in tenths of a second") {
  const TransportError e(Kind::timeout, "timed out", true);
  CHECK(std::string(e.after_attempts(3, milliseconds(1149)).what()) ==
        "arize: transport: timed out (3 attempts over 1.1 s)");
  CHECK(std::string(e.after_attempts(2, milliseconds(61250)).what()) ==
        "arize: transport: timed out (2 attempts over 61.3 s)");
  CHECK(e.after_attempts(2, milliseconds(7)).request_may_have_been_sent());
  CHECK(e.after_attempts(2, milliseconds(7)).elapsed() == milliseconds(7));
}

TEST_CASE("RateLimitError::retry_after reads Retry-After in both forms") {
  const auto limited = [](std::optional<std::string> retry_after) {
    arize::ApiError::Info info{.status = 429, .method = "POST", .path = "/v2/api-keys"};
    if (retry_after) info.headers.add("Retry-After", *retry_after);
    return arize::RateLimitError(std::move(info));
  };
  CHECK(limited("30").retry_after() == milliseconds(30000));
  CHECK(limited(" 0 ").retry_after() == milliseconds(0));
  const auto now = date::sys_days{date::year{2026} / 10 / 21} + std::chrono::hours(7);
  CHECK(limited("Wed, 21 Oct 2026 07:28:00 GMT").retry_after(now) == std::chrono::minutes(28));
  CHECK(limited("Tue, 20 Oct 2026 07:28:00 GMT").retry_after(now) == milliseconds(0));
  CHECK(limited("soon").retry_after() == std::nullopt);
  CHECK(limited(std::nullopt).retry_after() == std::nullopt);
}
