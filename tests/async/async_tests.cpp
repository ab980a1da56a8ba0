// arize::AsyncClient and BeastTransport (issue 19), in one translation unit (Beast compiles
// slowly): every operation of both API revisions against the in-process emulator with a
// callback, asio::use_future and a coroutine (asio::use_awaitable); 100 calls at once on one
// io_context thread; hostile servers (tests/support/raw_server.hpp); TLS; proxies
// (tests/support/connect_proxy.hpp; hostile ones from raw_server.hpp); cancellation; the retry
// rules on Asio timers (AsyncRecordingTransport). Loopback only, bounded, and no
// assertion on elapsed time.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <arize/async/client.hpp>
#include <arize/testing/async_recording_transport.hpp>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <cctype>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "emulator/support.hpp"
#include "runtime/loopback_support.hpp"
#include "support/connect_proxy.hpp"
#include "support/raw_server.hpp"
#include "support/tls_cert.hpp"
#include "support/unit_support.hpp"

namespace asio = boost::asio;
using arize::ApiRevision;
using arize::TransportError;
using Kind = arize::TransportError::Kind;
using namespace std::chrono_literals;

namespace {

using loopback::get_keys;
using loopback::page_holds;

enum class Mode { callback, future, coroutine };

template <class R>
using Stored = std::optional<std::conditional_t<std::is_void_v<R>, bool, R>>;

/// The callback of Mode::callback: one type per result type, so that every call site of an
/// operation instantiates the client's initiation once (Beast TUs compile slowly).
template <class R>
struct Callback {
  std::exception_ptr* error;
  Stored<R>* result;
  template <class... V>
  void operator()(std::exception_ptr e, V&&... v) const {
    *error = std::move(e);
    if constexpr (sizeof...(V) == 0)
      result->emplace(true);
    else
      result->emplace(std::forward<V>(v)...);
  }
};

template <class R>
R take(Stored<R>& result) {
  REQUIRE(result.has_value());
  if constexpr (!std::is_void_v<R>)
    return std::move(*result);
  else
    return;
}

/// Mode::coroutine: `start` runs inside a coroutine (co_await); one coroutine type per R.
template <class R>
R by_coroutine(asio::io_context& io, std::function<asio::awaitable<R>()> start) {
  // The coroutine stores the result (co_spawn's own completion would need a default
  // constructible R) and rethrows through the future.
  Stored<R> result;
  auto f = asio::co_spawn(
      io,
      [&start, &result]() -> asio::awaitable<void> {
        if constexpr (std::is_void_v<R>) {
          co_await start();
          result.emplace(true);
        } else {
          result.emplace(co_await start());
        }
      },
      asio::use_future);
  io.run();
  f.get();
  return take<R>(result);
}

/// Runs one async call (`call(token)`) to its end on `io`, with the token of `mode`, and
/// returns its result (or throws its exception).
template <class R, class Call>
R wait_for(asio::io_context& io, Mode mode, Call call) {
  io.restart();
  switch (mode) {
    case Mode::callback: {
      std::exception_ptr error;
      Stored<R> result;
      call(Callback<R>{&error, &result});
      io.run();
      if (error) std::rethrow_exception(error);
      return take<R>(result);
    }
    case Mode::future: {
      auto f = call(asio::use_future);
      io.run();
      return f.get();
    }
    case Mode::coroutine: return by_coroutine<R>(io, [&call] { return call(asio::use_awaitable); });
  }
  throw std::logic_error("unknown mode");
}

arize::ClientOptions options_for(const std::string& base_url, const std::string& key,
                                 ApiRevision revision = arize::current_api_revision) {
  arize::ClientOptions options = loopback::options_for(base_url, key);
  options.api_revision = revision;
  return options;
}

/// Options for a client with a transport of the test's own (http must keep its defaults).
arize::ClientOptions own_transport(arize::ClientOptions o) {
  o.http = {};
  return o;
}

/// Sends one request through `transport` and runs `io` until it ends.
std::pair<std::exception_ptr, arize::HttpResponse> send_one(asio::io_context& io,
                                                            arize::BeastTransport& transport,
                                                            arize::HttpRequest request) {
  std::pair<std::exception_ptr, arize::HttpResponse> out;
  bool done = false;
  transport.async_send(std::move(request), arize::AsyncCancellation{},
                       [&](std::exception_ptr e, arize::HttpResponse r) {
                         out = {e, std::move(r)};
                         done = true;
                       });
  io.restart();
  io.run();
  REQUIRE(done);
  return out;
}

TransportError transport_error(const std::exception_ptr& error);

/// A call's outcome, and the signal that cancels it.
struct Cancellable {
  asio::cancellation_signal signal;
  std::exception_ptr error;
  bool done = false;
  template <class R>
  auto handler() {
    return asio::bind_cancellation_slot(signal.slot(), [this](std::exception_ptr e, const R&) {
      error = e;
      done = true;
    });
  }
};

/// Sends a GET through `transport`, which must fail with `kind`; returns the error.
TransportError expect_failure(asio::io_context& io, arize::BeastTransport& transport, Kind kind,
                              const std::string& text = {}) {
  const auto [error, response] = send_one(io, transport, get_keys());
  const TransportError e = transport_error(error);
  CHECK(e.kind() == kind);
  CHECK(std::string(e.what()).find(text) != std::string::npos);
  return e;
}

/// The TransportError in `error` (which must hold one).
TransportError transport_error(const std::exception_ptr& error) {
  REQUIRE(error);
  try {
    std::rethrow_exception(error);
  } catch (const TransportError& e) {
    return e;
  } catch (const std::exception& e) {
    FAIL("not a TransportError: " << e.what());
  }
  throw std::logic_error("unreachable");
}

using loopback::http_options;
using loopback::kProxyBasic;
using loopback::kProxyPassword;
using loopback::kProxyUser;
using loopback::proxy_url;

/// Whether `text` holds the proxy password, or its Basic form.
bool shows_proxy_secret(const std::string& text) {
  return text.find("hunter2") != std::string::npos ||
         text.find("YWxAY2U6cDpzcy1odW50ZXIy") != std::string::npos;
}

}  // namespace

TEST_SUITE("async") {
  TEST_CASE("every operation of both revisions, with a callback, a future and a coroutine") {
    for (const ApiRevision revision : {ApiRevision::v2026_06, ApiRevision::v2026_07}) {
      emu_test::Emulator emu({.revision = emu_test::emulator_revision(revision)});
      asio::io_context io;
      arize::AsyncClient client(
          io.get_executor(),
          options_for("http://127.0.0.1:" + std::to_string(emu.port), emu.admin_key, revision));
      CHECK(client.api_revision() == revision);
      for (const Mode mode : {Mode::callback, Mode::future, Mode::coroutine}) {
        CAPTURE(static_cast<int>(mode));
        CAPTURE(std::string(arize::to_wire(revision)));
        const arize::ApiKeyCreated user = wait_for<arize::ApiKeyCreated>(io, mode, [&](auto&& t) {
          return client.async_create({.name = "async user", .description = "made async"}, t);
        });
        CHECK(user.key_type == arize::ApiKeyType::user);
        CHECK_FALSE(user.key.reveal().empty());

        const arize::ApiKeyCreated service =
            wait_for<arize::ApiKeyCreated>(io, mode, [&](auto&& t) {
              return client.async_create_service_key(
                  {.name = "async service",
                   .space_id = std::string(emu_test::kSpace1),
                   .space_role = arize::SpaceRole::read_only,
                   .org = std::string(arize::emulator::kOrganizationId)},
                  t);
            });
        CHECK(service.key_type == arize::ApiKeyType::service);
        // By names (looked up first, through the same transport): "staging" of "default".
        const arize::ApiKeyCreated named = wait_for<arize::ApiKeyCreated>(io, mode, [&](auto&& t) {
          return client.async_create_service_key(
              {.name = "async named", .space_id = "staging", .org = "default"}, t);
        });
        CHECK(named.key_type == arize::ApiKeyType::service);
        const arize::ApiKeyList staging = wait_for<arize::ApiKeyList>(io, mode, [&](auto&& t) {
          return client.async_list(
              {.key_type = arize::ApiKeyType::service, .space_id = std::string(emu_test::kSpace2)},
              t);
        });
        CHECK(page_holds(staging, named.id.get()));
        wait_for<void>(io, mode, [&](auto&& t) { return client.async_revoke(named.id.get(), t); });

        const arize::ApiKeyList page = wait_for<arize::ApiKeyList>(
            io, mode, [&](auto&& t) { return client.async_list({.limit = 100}, t); });
        CHECK(page_holds(page, user.id.get()));
        const arize::ApiKeyList services = wait_for<arize::ApiKeyList>(io, mode, [&](auto&& t) {
          return client.async_list(
              {.key_type = arize::ApiKeyType::service, .space_id = std::string(emu_test::kSpace1)},
              t);
        });
        CHECK(page_holds(services, service.id.get()));

        const arize::ApiKeyCreated refreshed = wait_for<arize::ApiKeyCreated>(
            io, mode, [&](auto&& t) { return client.async_refresh(user.id.get(), {}, t); });
        CHECK(refreshed.id.get() != user.id.get());
        CHECK(refreshed.key.reveal() != user.key.reveal());

        wait_for<void>(io, mode,
                       [&](auto&& t) { return client.async_revoke(refreshed.id.get(), t); });
        wait_for<void>(io, mode,
                       [&](auto&& t) { return client.async_revoke(service.id.get(), t); });
        // Errors are the sync client's typed exceptions. (A variable: clang++ refuses an
        // out-of-range constant at compile time.)
        int too_small = 0;
        CHECK_THROWS_AS(
            wait_for<void>(io, mode,
                           [&](auto&& t) { return client.async_revoke("QXBpS2V5Ojk5OTk5", t); }),
            arize::NotFoundError);
        CHECK_THROWS_AS(
            wait_for<arize::ApiKeyList>(
                io, mode, [&](auto&& t) { return client.async_list({.limit = too_small}, t); }),
            arize::ValidationError);
      }
    }
  }

  TEST_CASE("list_all: an AsyncPager walks every page, a coroutine awaiting each") {
    emu_test::Emulator emu;
    asio::io_context io;
    arize::AsyncClient client(io.get_executor(),
                              options_for("http://127.0.0.1:" + std::to_string(emu.port),
                                          emu.admin_key, ApiRevision::v2026_06));
    std::vector<std::string> made;
    for (int i = 0; i < 7; ++i) {
      made.push_back(wait_for<arize::ApiKeyCreated>(io, Mode::callback, [&](auto&& t) {
                       return client.async_create({.name = "walked " + std::to_string(i)}, t);
                     }).id.get());
    }
    arize::AsyncPager keys = client.list_all({.limit = 3});
    std::vector<std::string> seen;
    std::size_t pages = 0;
    io.restart();
    by_coroutine<void>(io, [&]() -> asio::awaitable<void> {
      while (auto page = co_await keys.async_next(asio::use_awaitable)) {
        ++pages;
        CHECK(page->size() <= 3);
        for (const arize::ApiKey& key : *page) seen.push_back(key.id.get());
      }
    });
    for (const auto& id : made) CHECK(std::find(seen.begin(), seen.end(), id) != seen.end());
    CHECK(pages >= 3);
    CHECK(keys.pages_fetched() == pages);
    // After the last page: nullopt again, nothing fetched.
    CHECK_FALSE(wait_for<arize::AsyncPager::Page>(io, Mode::future, [&](auto&& t) {
                  return keys.async_next(t);
                }).has_value());
    CHECK(keys.pages_fetched() == pages);
    int zero = 0;  // a variable: clang++ refuses an out-of-range constant
    CHECK_THROWS_AS((void)client.list_all({.limit = zero}), arize::ValidationError);
  }

  TEST_CASE("results without exceptions: asio::as_tuple(asio::use_awaitable)") {
    emu_test::Emulator emu;
    asio::io_context io;
    const std::string origin = "http://127.0.0.1:" + std::to_string(emu.port);
    const auto list_with = [&](const std::string& base_url, const std::string& key) {
      auto o = options_for(base_url, key, ApiRevision::v2026_06);
      o.retry = arize::RetryPolicy::none();
      arize::AsyncClient client(io.get_executor(), o);
      std::optional<std::tuple<std::exception_ptr, arize::ApiKeyList>> out;
      io.restart();
      auto f = asio::co_spawn(
          io,
          [&]() -> asio::awaitable<void> {
            const arize::ListKeysParams list{};
            // The completion signature void(std::exception_ptr, R) as a tuple: nothing thrown.
            out.emplace(co_await client.async_list(list, asio::as_tuple(asio::use_awaitable)));
          },
          asio::use_future);
      io.run();
      f.get();  // the coroutine itself did not throw
      REQUIRE(out);
      return std::move(*out);
    };
    {
      auto [error, page] = list_with(origin, emu.admin_key);
      CHECK_FALSE(error);
      CHECK_FALSE(page.api_keys.get().empty());
    }
    {  // the server's refusal: the typed ApiError, held, not thrown
      auto [error, page] = list_with(origin, "not-a-key");
      REQUIRE(error);
      CHECK_THROWS_AS(std::rethrow_exception(error), arize::ApiError);
    }
    {  // a transport failure: the TransportError, held
      auto [error, page] =
          list_with("http://127.0.0.1:" + std::to_string(loopback::dead_port()), emu.admin_key);
      CHECK(transport_error(error).kind() == Kind::connect);
    }
  }

  TEST_CASE("the README's table of coroutine calls, as written, against the emulator") {
    emu_test::Emulator emu(
        emu_test::ServerOptions{.revision = arize::emulator::ApiRevision::v2026_07});
    asio::io_context io;
    arize::AsyncClient client(
        io.get_executor(),
        options_for("http://127.0.0.1:" + std::to_string(emu.port), emu.admin_key));
    const std::string name = "readme";
    const std::string description = "from the table";
    const std::string space_id(emu_test::kSpace1);
    const std::string org_id(arize::emulator::kOrganizationId);
    const arize::DateTime expires_at = arize::parse_datetime("2030-01-01T00:00:00Z");
    // The README's lines, with each params struct a named variable: g++ 12 destroys a
    // temporary argument of a call inside a co_await expression twice (a compiler bug; the
    // README says so).
    by_coroutine<void>(io, [&]() -> asio::awaitable<void> {
      const auto aw = asio::use_awaitable;
      arize::CreateKeyParams create{.name = name, .description = description};
      const arize::ApiKeyCreated user = co_await client.async_create(create, aw);
      arize::ListKeysParams list{
          .key_type = arize::ApiKeyType::user, .status = arize::ApiKeyStatus::active, .limit = 10};
      const arize::ApiKeyList page = co_await client.async_list(list, aw);
      CHECK_FALSE(page.api_keys.get().empty());
      arize::CreateServiceKeyParams service_params{
          .name = name, .space_id = space_id, .expires_at = expires_at, .org = org_id};
      const arize::ApiKeyCreated service =
          co_await client.async_create_service_key(service_params, aw);
      CHECK(service.key_type == arize::ApiKeyType::service);
      const std::string api_key_id = service.id.get();
      arize::RefreshParams refresh{.expires_at = expires_at, .grace_period_seconds = 3600};
      const arize::ApiKeyCreated refreshed = co_await client.async_refresh(api_key_id, refresh, aw);
      co_await client.async_revoke(refreshed.id.get(), aw);
      co_await client.async_revoke(user.id.get(), aw);
    });
  }

  TEST_CASE("list_all: the sync pager's rules, and one async_next at a time") {
    arize::testing::RecordingTransport recording;
    arize::testing::AsyncRecordingTransport fake(recording);
    asio::io_context io;
    arize::AsyncClient client(
        io.get_executor(),
        own_transport(options_for("http://127.0.0.1:1", "k", ApiRevision::v2026_06)), fake);
    const auto next = [&](arize::AsyncPager& pager) {
      return wait_for<arize::AsyncPager::Page>(io, Mode::callback,
                                               [&](auto&& t) { return pager.async_next(t); });
    };
    SUBCASE("empty pages that point further are skipped; a cursor given twice is refused") {
      recording.respond(200, rt::list_body({"a"}, "c1", true))
          .respond(200, rt::list_body({}, "c2", true))
          .respond(200, rt::list_body({"b"}, "c1", true));
      arize::AsyncPager pager = client.list_all({.cursor = "c0"});
      const auto first = next(pager);
      REQUIRE(first.has_value());
      CHECK(first->at(0).id.get() == "a");
      CHECK(pager.resume_cursor() == std::optional<std::string>("c0"));
      CHECK_THROWS_AS(next(pager), arize::ProtocolError);  // c2 skipped, then c1 again
      CHECK(pager.resume_cursor() == std::optional<std::string>("c2"));
      const auto sent = recording.requests();
      REQUIRE(sent.size() == 3);
      CHECK(sent[0].target() == "/v2/api-keys?cursor=c0");
      CHECK(sent[2].target() == "/v2/api-keys?cursor=c2");
    }
    SUBCASE("a second async_next while one runs is a ValidationError; the first one goes on") {
      recording.respond(200, rt::list_body({"a"}, std::nullopt, false));
      fake.hold();
      arize::AsyncPager pager = client.list_all();
      std::exception_ptr first_error;
      std::optional<arize::AsyncPager::Page> first;
      pager.async_next([&](std::exception_ptr e, arize::AsyncPager::Page page) {
        first_error = e;
        first = std::move(page);
      });
      CHECK_THROWS_AS(next(pager), arize::ValidationError);
      fake.release();
      io.restart();
      io.run();
      CHECK_FALSE(first_error);
      REQUIRE(first.has_value());
      REQUIRE(first->has_value());
      CHECK((*first)->size() == 1);
      CHECK_FALSE(next(pager).has_value());
    }
  }

  TEST_CASE("service keys from names: the sync client's lookups, in its order, then the create") {
    for (const ApiRevision revision : {ApiRevision::v2026_06, ApiRevision::v2026_07}) {
      CAPTURE(std::string(arize::to_wire(revision)));
      emu_test::Emulator emu({.revision = emu_test::emulator_revision(revision)});
      const std::string origin = "http://127.0.0.1:" + std::to_string(emu.port);
      // Both clients send through a RecordingTransport that forwards to the emulator: the
      // record shows each one's calls.
      arize::HttplibTransport http(http_options(origin));
      const auto forwarding = [&http] {
        arize::testing::RecordingTransport recording;
        recording.otherwise([&http](const arize::HttpRequest& r) { return http.send(r); });
        return recording;
      };
      arize::testing::RecordingTransport recording = forwarding();
      arize::testing::AsyncRecordingTransport fake(recording);
      asio::io_context io;
      arize::AsyncClient client(io.get_executor(),
                                own_transport(options_for(origin, emu.admin_key, revision)), fake);
      arize::ClientOptions sync_options = options_for(origin, emu.admin_key, revision);
      sync_options.http = {};
      // "METHOD target" of each request, and the body of the create.
      const auto calls = [](const std::vector<arize::HttpRequest>& sent) {
        std::vector<std::string> out;
        for (const auto& r : sent) out.push_back(r.method + " " + r.target());
        return out;
      };
      const auto create_async = [&](const arize::CreateServiceKeyParams& params) {
        return wait_for<arize::ApiKeyCreated>(io, Mode::callback, [&](auto&& t) {
          return client.async_create_service_key(params, t);
        });
      };
      // What the sync client sends for `params` (its error's text, if any): the record.
      const auto sync_calls = [&](const arize::CreateServiceKeyParams& params,
                                  std::string* error = nullptr) {
        arize::testing::RecordingTransport sync_recording = forwarding();
        arize::ClientOptions o = sync_options;
        o.transport = sync_recording;
        arize::Client sync(std::move(o));
        try {
          (void)sync.api_keys.create_service_key(params);
        } catch (const arize::NameResolutionError& e) {
          if (error) *error = e.what();
        }
        return sync_recording.requests();
      };
      const std::string org1(arize::emulator::kOrganizationId);
      const std::string org2(arize::emulator::kSecondOrganizationId);
      const std::string spaces = "GET /v2/spaces?";
      const std::string post = "POST /v2/api-keys";
      const auto bound = [&](const arize::HttpRequest& create) {
        const auto body = nlohmann::json::parse(create.body.value());
        if (revision == ApiRevision::v2026_06) {
          return std::pair{std::string(), body["space_id"].get<std::string>()};
        }
        const auto& org = body["organizations"][0];
        return std::pair{org["org_id"].get<std::string>(),
                         org["spaces"][0]["space_id"].get<std::string>()};
      };

      SUBCASE("a space name; on 2026-07 its organization found as the sync client finds it") {
        const arize::CreateServiceKeyParams params{.name = "by name", .space_id = "staging"};
        const arize::ApiKeyCreated created = create_async(params);
        CHECK(created.key_type == arize::ApiKeyType::service);
        const auto sent = recording.requests();
        CHECK(calls(sent) == calls(sync_calls(params)));
        REQUIRE(sent.size() == (revision == ApiRevision::v2026_06 ? 2 : 4));
        CHECK(calls(sent)[0] == spaces + "name=staging&limit=100");
        CHECK(calls(sent).back() == post);
        CHECK(bound(sent.back()).second == emu_test::kSpace2);
        if (revision == ApiRevision::v2026_07) {
          CHECK(calls(sent)[1] == "GET /v2/organizations?limit=100");
          CHECK(bound(sent.back()).first == org1);
        }
        for (const auto& r : sent) {
          CHECK(r.headers.get("Authorization") ==
                std::optional<std::string_view>("Bearer " + emu.admin_key));
        }
      }
      SUBCASE("a space name within an organization's name: the organization narrows it") {
        const arize::CreateServiceKeyParams params{
            .name = "narrowed", .space_id = "production", .org = "research-lab"};
        (void)create_async(params);
        const auto sent = recording.requests();
        CHECK(calls(sent) == calls(sync_calls(params)));
        REQUIRE(sent.size() == 3);
        CHECK(calls(sent)[0] == "GET /v2/organizations?name=research-lab&limit=100");
        CHECK(calls(sent)[1] ==
              spaces + "org_id=" + emu_test::encode(org2) + "&name=production&limit=100");
        CHECK(bound(sent[2]).second == emu_test::kSpace4);
        if (revision == ApiRevision::v2026_07) CHECK(bound(sent[2]).first == org2);
      }
      SUBCASE("ids: no lookup at all") {
        (void)create_async(
            {.name = "ids", .space_id = std::string(emu_test::kSpace5), .org = org2});
        CHECK(calls(recording.requests()) == std::vector<std::string>{post});
      }
      SUBCASE("an unknown or an ambiguous name: the sync client's NameResolutionError, no create") {
        for (const char* name : {"no-such-space", "production"}) {
          CAPTURE(name);
          const arize::CreateServiceKeyParams params{.name = "never", .space_id = name};
          std::string sync_error;
          const auto sync_sent = sync_calls(params, &sync_error);
          REQUIRE_FALSE(sync_error.empty());
          const std::size_t before = recording.requests().size();
          try {
            (void)create_async(params);
            FAIL("no exception");
          } catch (const arize::NameResolutionError& e) {
            CHECK(std::string(e.what()) == sync_error);
            CHECK(e.candidates() ==
                  (std::string(name) == "production"
                       ? std::vector<std::string>{emu_test::kSpace1, emu_test::kSpace4}
                       : std::vector<std::string>{}));
          }
          auto sent = calls(recording.requests());
          sent.erase(sent.begin(), sent.begin() + static_cast<std::ptrdiff_t>(before));
          CHECK(sent == calls(sync_sent));
          CHECK(sent == std::vector<std::string>{spaces + "name=" + name + "&limit=100"});
        }
      }
      SUBCASE("cancelled while a lookup is held: TransportError(cancelled), nothing created") {
        fake.hold();
        Cancellable call;
        client.async_create_service_key({.name = "cancelled", .space_id = "staging"},
                                        call.handler<arize::ApiKeyCreated>());
        REQUIRE(fake.held() == 1);
        call.signal.emit(asio::cancellation_type::terminal);
        io.run();
        REQUIRE(call.done);
        CHECK(transport_error(call.error).kind() == Kind::cancelled);
        fake.release();
        io.restart();
        io.run();
        CHECK(recording.requests().empty());  // the held lookup was never answered
      }
      SUBCASE("cancelled between two calls: the next one is never sent") {
        Cancellable call;
        // Cancelled while the first lookup's exchange runs (nothing installed to end it): its
        // answer arrives, and the call ends before the next request.
        arize::testing::RecordingTransport cancelling;
        cancelling.otherwise([&](const arize::HttpRequest& r) {
          call.signal.emit(asio::cancellation_type::terminal);
          return http.send(r);
        });
        arize::AsyncClient cancelled(io.get_executor(),
                                     own_transport(options_for(origin, emu.admin_key, revision)),
                                     arize::testing::AsyncRecordingTransport(cancelling));
        cancelled.async_create_service_key({.name = "cancelled", .space_id = "staging"},
                                           call.handler<arize::ApiKeyCreated>());
        io.run();
        REQUIRE(call.done);
        CHECK(transport_error(call.error).kind() == Kind::cancelled);
        CHECK(calls(cancelling.requests()) ==
              std::vector<std::string>{spaces + "name=staging&limit=100"});
      }
    }
  }

  TEST_CASE("100 calls at once on one io_context thread, over a bounded pool") {
    emu_test::Emulator emu;
    asio::io_context io;
    auto http = http_options("http://127.0.0.1:" + std::to_string(emu.port));
    http.max_idle_connections = 3;
    arize::BeastTransport transport(io.get_executor(), http);
    arize::AsyncClient client(
        io.get_executor(),
        own_transport(options_for("http://127.0.0.1:" + std::to_string(emu.port), emu.admin_key,
                                  ApiRevision::v2026_06)),
        transport);
    int ok = 0;
    int failed = 0;
    for (int i = 0; i < 100; ++i) {
      client.async_list({.limit = 10}, [&](std::exception_ptr e, const arize::ApiKeyList&) {
        ++(e ? failed : ok);
      });
    }
    io.run();  // this thread only
    CHECK(ok == 100);
    CHECK(failed == 0);
    CHECK(transport.idle_connections() <= 3);
    CHECK(transport.idle_connections() >= 1);
    // A second round reuses the kept connections.
    io.restart();
    client.async_list({},
                      [&](std::exception_ptr e, const arize::ApiKeyList&) { ++(e ? failed : ok); });
    io.run();
    CHECK(ok == 101);
  }

  TEST_CASE("hostile servers: the sync transport's error kinds and messages") {
    using arize_test::RawServer;
    asio::io_context io;
    SUBCASE("a body trickled past the deadline ends in a timeout") {
      RawServer server([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        c.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        for (int i = 0; i < 1000 && c.send("x"); ++i) {
          if (!c.pause(20ms)) return;
        }
      });
      auto o = http_options(server.url());
      o.request_timeout = 300ms;
      arize::BeastTransport transport(io.get_executor(), o);
      expect_failure(io, transport, Kind::timeout, "within the request deadline");
    }
    SUBCASE("an oversized body, announced or endless, is cut off at max_response_bytes") {
      for (const bool chunked : {false, true}) {
        RawServer server([chunked](RawServer::Connection& c) {
          if (!c.read_head()) return;
          if (chunked) {
            c.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            const std::string chunk = "400\r\n" + std::string(1024, 'x') + "\r\n";
            for (int i = 0; i < 10000 && c.send(chunk); ++i) {
            }
          } else {
            c.send("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
            c.send(std::string(4096, 'x'));
          }
        });
        auto o = http_options(server.url());
        o.max_response_bytes = 2048;
        arize::BeastTransport transport(io.get_executor(), o);
        expect_failure(io, transport, Kind::response_too_large, "larger than 2048 bytes");
      }
    }
    SUBCASE("a reset mid-response is a receive error") {
      RawServer server([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        c.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"api_keys\"");
        c.reset();
      });
      arize::BeastTransport transport(io.get_executor(), http_options(server.url()));
      CHECK(expect_failure(io, transport, Kind::receive).request_may_have_been_sent());
    }
    SUBCASE("a flood of header lines ends at the head limit") {
      RawServer server([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        c.send("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 100000 && c.send("X-Flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"); ++i) {
        }
      });
      arize::BeastTransport transport(io.get_executor(), http_options(server.url()));
      const auto [error, response] = send_one(io, transport, get_keys());
      const TransportError e = transport_error(error);
      CHECK(e.kind() == Kind::receive);
      CHECK(std::string(e.what()).find("headers were malformed or too large") != std::string::npos);
    }
    SUBCASE("the Host header: the base URL's, or the request's own, sent once") {
      std::mutex m;
      std::vector<std::string> heads;
      RawServer server([&](RawServer::Connection& c) {
        while (c.read_head()) {
          {
            const std::lock_guard<std::mutex> lock(m);
            heads.push_back(c.head());
          }
          if (!c.send(std::string("HTTP/1.1 200 OK\r\nContent-Length: ") +
                      std::to_string(std::string_view(loopback::kEmptyPage).size()) + "\r\n\r\n" +
                      loopback::kEmptyPage)) {
            return;
          }
        }
      });
      arize::BeastTransport transport(io.get_executor(), http_options(server.url()));
      CHECK_FALSE(send_one(io, transport, get_keys()).first);
      arize::HttpRequest own = get_keys();
      own.headers.set("host", "api.example.test");
      CHECK_FALSE(send_one(io, transport, own).first);
      const std::lock_guard<std::mutex> lock(m);
      REQUIRE(heads.size() == 2);
      const auto hosts = [](std::string head) {
        for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        std::vector<std::string> found;
        for (std::size_t at = head.find("\r\nhost:"); at != std::string::npos;
             at = head.find("\r\nhost:", at + 1)) {
          const std::size_t end = head.find("\r\n", at + 2);
          found.push_back(head.substr(at + 7, end - at - 7));
        }
        return found;
      };
      const std::string port = std::to_string(server.port());
      CHECK(hosts(heads[0]) == std::vector<std::string>{" 127.0.0.1:" + port});
      CHECK(hosts(heads[1]) == std::vector<std::string>{" api.example.test"});
    }
    SUBCASE("nobody listening: connect, nothing sent") {
      arize::BeastTransport transport(
          io.get_executor(),
          http_options("http://127.0.0.1:" + std::to_string(loopback::dead_port())));
      CHECK_FALSE(expect_failure(io, transport, Kind::connect).request_may_have_been_sent());
    }
    SUBCASE("a header value with CR/LF is refused before anything is sent") {
      arize::BeastTransport transport(io.get_executor(), http_options("http://127.0.0.1:1"));
      arize::HttpRequest r = get_keys();
      r.headers.add("X-Bad", "a\r\nb");
      const auto [error, response] = send_one(io, transport, std::move(r));
      CHECK(transport_error(error).kind() == Kind::invalid_request);
    }
  }

  TEST_CASE("a kept connection the server closed is not used: a create goes on a new one") {
    using arize_test::RawServer;
    RawServer server([](RawServer::Connection& c) {
      if (!c.read_head()) return;
      c.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");  // keep-alive, then closed
    });
    asio::io_context io;
    arize::BeastTransport transport(io.get_executor(), http_options(server.url()));
    CHECK_FALSE(send_one(io, transport, get_keys()).first);
    CHECK(transport.idle_connections() == 1);
    for (int i = 0; i < 500 && server.active() > 0; ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(server.active() == 0);  // the server has closed the kept connection
    arize::HttpRequest create{.method = "POST", .path = "/v2/api-keys", .body = "{}"};
    const auto [error, response] = send_one(io, transport, std::move(create));
    CHECK_FALSE(error);
    CHECK(response.status == 200);
    CHECK(server.accepted() == 2);
  }

  TEST_CASE("bytes a server sent after a response are never read as the next answer") {
    using arize_test::RawServer;
    // The first connection's first answer comes with a second, unasked one: in the same write
    // (read with the first), or 100 ms later (waiting in the socket when the next call comes).
    // That connection must not carry the next call, or it reads "stale".
    const std::string fresh = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    const std::string stale = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n\"stale\"";
    for (const bool apart : {false, true}) {
      CAPTURE(apart);
      RawServer server(arize_test::unasked_answer(fresh, stale, apart));
      asio::io_context io;
      arize::BeastTransport transport(io.get_executor(), http_options(server.url()));
      const auto [error, response] = send_one(io, transport, get_keys());
      REQUIRE_FALSE(error);
      CHECK(response.body == "{}");
      if (apart) std::this_thread::sleep_for(300ms);  // the unasked answer is in the socket
      const auto [error2, response2] = send_one(io, transport, get_keys());
      REQUIRE_FALSE(error2);
      CHECK(response2.body == "{}");
      CHECK(server.accepted() == 2);
    }
  }

  TEST_CASE("options it cannot honour are a ConfigError") {
    asio::io_context io;
    auto o = http_options("http://127.0.0.1:1");
    o.proxy = arize::ProxyConfig{.host = "", .port = 3128};  // checked as the sync client does
    CHECK_THROWS_AS(arize::BeastTransport(io.get_executor(), o), arize::ConfigError);
    arize::ClientOptions with_sync = options_for("http://127.0.0.1:1", "k");
    with_sync.transport = arize::testing::RecordingTransport{};
    CHECK_THROWS_AS(arize::AsyncClient(io.get_executor(), with_sync), arize::ConfigError);
    arize::ClientOptions env_and_own = own_transport(options_for("http://127.0.0.1:1", "k"));
    env_and_own.proxy_from_environment = true;  // the default transport alone reads it
    arize::testing::RecordingTransport recording;
    CHECK_THROWS_WITH_AS(arize::AsyncClient(io.get_executor(), env_and_own,
                                            arize::testing::AsyncRecordingTransport(recording)),
                         doctest::Contains("proxy_from_environment"), arize::ConfigError);
  }

  TEST_CASE("TLS: the certificate as ca_file; an untrusted CA and a wrong host are refused") {
    arize_test::SelfSignedCert files;
    emu_test::Emulator emu(loopback::tls_options(files));
    asio::io_context io;
    const std::string port = std::to_string(emu.port);
    {
      auto options = options_for("https://127.0.0.1:" + port, emu.admin_key, ApiRevision::v2026_06);
      options.http.ca_file = files.cert.string();
      arize::AsyncClient client(io.get_executor(), options);
      const auto page = wait_for<arize::ApiKeyList>(
          io, Mode::coroutine, [&](auto&& t) { return client.async_list({}, t); });
      CHECK_FALSE(page.api_keys.get().empty());
    }
    {
      arize_test::SelfSignedCert other;
      auto o = http_options("https://127.0.0.1:" + port);
      o.ca_file = other.cert.string();
      arize::BeastTransport transport(io.get_executor(), o);
      CHECK_FALSE(expect_failure(io, transport, Kind::tls).request_may_have_been_sent());
    }
    {
      arize_test::SelfSignedCert wrong("127.0.0.1", "DNS:nothing.invalid");  // CN names the host
      emu_test::Emulator emu2(loopback::tls_options(wrong));
      auto o = http_options("https://127.0.0.1:" + std::to_string(emu2.port));
      o.ca_file = wrong.cert.string();
      arize::BeastTransport transport(io.get_executor(), o);
      expect_failure(io, transport, Kind::tls, "not accepted");
    }
  }

  TEST_CASE("TLS: an expired certificate is refused, the reason named; nothing is sent") {
    // Trusted (it is its own ca_file) and for this host, but its notAfter was an hour ago.
    arize_test::SelfSignedCert expired("localhost", "IP:127.0.0.1,DNS:localhost",
                                       arize_test::kExpired);
    emu_test::Emulator emu(loopback::tls_options(expired));
    asio::io_context io;
    auto o = http_options("https://127.0.0.1:" + std::to_string(emu.port));
    o.ca_file = expired.cert.string();
    arize::BeastTransport transport(io.get_executor(), o);
    const auto e =
        expect_failure(io, transport, Kind::tls,
                       "the server's certificate was not accepted (certificate has expired)");
    CHECK_FALSE(e.request_may_have_been_sent());
  }

  TEST_CASE("proxies: http:// in absolute form over one kept connection to the proxy") {
    emu_test::Emulator emu;
    arize_test::ConnectProxy proxy;
    asio::io_context io;
    const std::string origin = "http://127.0.0.1:" + std::to_string(emu.port);
    auto options = options_for(origin, emu.admin_key, ApiRevision::v2026_06);
    options.http.proxy = arize::ProxyConfig::parse(proxy.url());
    arize::AsyncClient client(io.get_executor(), options);
    arize::CreateKeyParams create{.name = "via proxy"};
    const auto created = wait_for<arize::ApiKeyCreated>(
        io, Mode::callback, [&](auto&& t) { return client.async_create(create, t); });
    for (int i = 0; i < 3; ++i) {
      const auto page = wait_for<arize::ApiKeyList>(
          io, Mode::coroutine, [&](auto&& t) { return client.async_list({}, t); });
      CHECK(page_holds(page, created.id.get()));
    }
    const auto seen = proxy.seen();
    REQUIRE(seen.size() == 4);
    CHECK(seen.front().method == "POST");
    CHECK(seen.front().target == origin + "/v2/api-keys");
    CHECK(seen.back().method == "GET");
    CHECK(seen.back().target.rfind(origin + "/v2/api-keys", 0) == 0);
    CHECK_FALSE(seen.back().proxy_authorization);  // no user name: no credentials
    CHECK(proxy.connections() == 1);               // the kept connection to the proxy is reused

    // proxy_from_environment: http_proxy, as the sync client reads it.
    const rt::EnvVar http_proxy("http_proxy", proxy.url()), all("all_proxy", std::nullopt),
        no("no_proxy", std::nullopt), no_upper("NO_PROXY", std::nullopt);
    auto from_env = options_for(origin, emu.admin_key, ApiRevision::v2026_06);
    from_env.proxy_from_environment = true;
    arize::AsyncClient env_client(io.get_executor(), from_env);
    (void)wait_for<arize::ApiKeyList>(io, Mode::callback,
                                      [&](auto&& t) { return env_client.async_list({}, t); });
    CHECK(proxy.seen().size() == 5);
    CHECK(proxy.connections() == 2);
  }

  TEST_CASE("proxies: https:// through CONNECT; the server's certificate is still checked") {
    arize_test::SelfSignedCert files;
    emu_test::Emulator emu(loopback::tls_options(files));
    arize_test::ConnectProxy proxy;
    asio::io_context io;
    const std::string port = std::to_string(emu.port);
    {
      auto options = options_for("https://127.0.0.1:" + port, emu.admin_key, ApiRevision::v2026_06);
      options.http.ca_file = files.cert.string();
      options.http.proxy = arize::ProxyConfig::parse(proxy.url());
      arize::AsyncClient client(io.get_executor(), options);
      for (int i = 0; i < 2; ++i) {
        const auto page = wait_for<arize::ApiKeyList>(
            io, Mode::future, [&](auto&& t) { return client.async_list({}, t); });
        CHECK_FALSE(page.api_keys.get().empty());
      }
      const auto seen = proxy.seen();
      REQUIRE(seen.size() == 1);  // one tunnel, kept and reused
      CHECK(seen.front().method == "CONNECT");
      CHECK(seen.front().target == "127.0.0.1:" + port);
    }
    {  // the tunnel changes nothing about the host check: SNI and the check name the origin
      arize_test::SelfSignedCert wrong("127.0.0.1", "DNS:nothing.invalid");  // CN names the host
      emu_test::Emulator emu2(loopback::tls_options(wrong));
      auto o = http_options("https://127.0.0.1:" + std::to_string(emu2.port));
      o.ca_file = wrong.cert.string();
      o.proxy = arize::ProxyConfig::parse(proxy.url());
      arize::BeastTransport transport(io.get_executor(), o);
      const auto e = expect_failure(io, transport, Kind::tls, "not accepted");
      CHECK_FALSE(e.request_may_have_been_sent());
      CHECK(std::string(e.what()).find("via proxy " + proxy.url()) != std::string::npos);
      const auto seen = proxy.seen();
      REQUIRE(seen.size() == 2);
      CHECK(seen.back().target == "127.0.0.1:" + std::to_string(emu2.port));
    }
  }

  TEST_CASE("proxies: Basic authentication accepted, or a 407; the password is never shown") {
    arize_test::SelfSignedCert files;
    emu_test::Emulator http_emu;
    emu_test::Emulator https_emu(loopback::tls_options(files));
    arize_test::ConnectProxy proxy(arize_test::ProxyOptions{.required_authorization = kProxyBasic});
    asio::io_context io;
    const auto parsed = arize::ProxyConfig::parse(proxy_url(proxy.port()));
    REQUIRE(*parsed.username == kProxyUser);
    REQUIRE(parsed.password->reveal() == kProxyPassword);
    const auto transport_for = [&](bool https, std::optional<arize::ProxyConfig> p) {
      auto o = http_options(std::string(https ? "https" : "http") + "://127.0.0.1:" +
                            std::to_string(https ? https_emu.port : http_emu.port));
      if (https) o.ca_file = files.cert.string();
      o.proxy = std::move(p);
      return arize::BeastTransport(io.get_executor(), o);
    };
    for (const bool https : {false, true}) {
      CAPTURE(https);
      {  // with the credentials: through (the emulator wants a key: its 401 proves arrival)
        auto transport = transport_for(https, parsed);
        const auto [error, response] = send_one(io, transport, get_keys());
        REQUIRE_FALSE(error);
        CHECK(response.status == 401);
      }
      // Without them, or with a wrong password: refused, and the answer says so.
      for (const bool wrong : {false, true}) {
        CAPTURE(wrong);
        auto transport = transport_for(
            https, wrong ? arize::ProxyConfig::parse(proxy_url(proxy.port(), "not-hunter2"))
                         : arize::ProxyConfig::parse(proxy.url()));
        const auto [error, response] = send_one(io, transport, get_keys());
        if (https) {  // a refused CONNECT: a typed error naming the status
          const TransportError e = transport_error(error);
          CHECK(e.kind() == Kind::connect);
          CHECK_FALSE(e.request_may_have_been_sent());
          CHECK(std::string(e.what()).find("refused the tunnel (HTTP 407)") != std::string::npos);
          CHECK_FALSE(shows_proxy_secret(e.what()));
        } else {  // the proxy's answer to the request itself
          REQUIRE_FALSE(error);
          CHECK(response.status == 407);
        }
      }
    }
    std::size_t with_credentials = 0;
    for (const auto& s : proxy.seen()) {
      if (s.authorized) ++with_credentials;
    }
    CHECK(with_credentials == 2);  // the GET and the CONNECT that carried the right credentials
    // A dead proxy: a connect error naming the proxy, never its password, nothing sent.
    const int dead = loopback::dead_port();
    auto transport = transport_for(false, arize::ProxyConfig::parse(proxy_url(dead)));
    const auto e = expect_failure(io, transport, Kind::connect,
                                  "via proxy http://127.0.0.1:" + std::to_string(dead));
    CHECK_FALSE(e.request_may_have_been_sent());
    CHECK_FALSE(shows_proxy_secret(e.what()));
  }

  TEST_CASE("proxies: a CONNECT answer that never comes, floods, lingers or is refused") {
    using arize_test::RawServer;
    asio::io_context io;
    std::atomic<bool> asked{false};  // the proxy has read the CONNECT
    const auto transport_via = [&](const RawServer& proxy, std::chrono::milliseconds deadline) {
      auto o = http_options("https://127.0.0.1:1");  // never reached
      o.proxy = arize::ProxyConfig::parse(proxy_url(proxy.port()));
      o.request_timeout = deadline;
      return arize::BeastTransport(io.get_executor(), o);
    };
    const auto silent = [&](RawServer::Connection& c) {
      if (!c.read_head()) return;
      asked = true;
      while (c.pause(20ms)) {
      }
    };
    SUBCASE("cancelled while the answer is pending: cancelled, nothing sent") {
      RawServer proxy(silent);
      auto transport = transport_via(proxy, 60s);
      arize::AsyncCancellation cancel;
      std::exception_ptr error;
      bool done = false;
      transport.async_send(get_keys(), cancel, [&](std::exception_ptr e, arize::HttpResponse) {
        error = e;
        done = true;
      });
      asio::steady_timer poll(io);
      std::function<void()> wait_for_proxy = [&] {
        poll.expires_after(5ms);
        poll.async_wait([&](boost::system::error_code) {
          if (!asked && !done) return wait_for_proxy();
          cancel.cancel();
        });
      };
      wait_for_proxy();
      io.run();
      REQUIRE(done);
      const TransportError e = transport_error(error);
      CHECK(e.kind() == Kind::cancelled);
      CHECK_FALSE(e.request_may_have_been_sent());
      CHECK_FALSE(shows_proxy_secret(e.what()));
    }
    SUBCASE("the deadline ends the wait: a timeout, nothing sent") {
      RawServer proxy(silent);
      auto transport = transport_via(proxy, 300ms);
      const auto e = expect_failure(io, transport, Kind::timeout, "within the request deadline");
      CHECK_FALSE(e.request_may_have_been_sent());
      CHECK(asked);
    }
    SUBCASE("a flooding answer ends at the head limit") {
      RawServer proxy([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        c.send("HTTP/1.1 200 Connection established\r\n");
        for (int i = 0; i < 100000 && c.send("X-Flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"); ++i) {
        }
      });
      auto transport = transport_via(proxy, 60s);
      expect_failure(io, transport, Kind::connect, "no usable answer to CONNECT");
    }
    SUBCASE("bytes after the answer, before TLS, are refused, not fed to TLS") {
      RawServer proxy([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        c.send("HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200 OK\r\n\r\n");
        while (c.pause(20ms)) {
        }
      });
      auto transport = transport_via(proxy, 60s);
      expect_failure(io, transport, Kind::connect, "followed by bytes before TLS");
    }
    SUBCASE("a refusal names its status, never the proxy's headers or body") {
      RawServer proxy([](RawServer::Connection& c) {
        if (!c.read_head()) return;
        c.send(
            "HTTP/1.1 403 Forbidden\r\nX-Proxy-Note: leaked-header\r\nContent-Length: 11\r\n\r\n"
            "leaked-body");
      });
      auto transport = transport_via(proxy, 60s);
      const auto e = expect_failure(io, transport, Kind::connect, "refused the tunnel (HTTP 403)");
      CHECK(std::string(e.what()).find("leaked") == std::string::npos);
    }
  }

  TEST_CASE("cancellation mid-call: TransportError(cancelled), the next call is unaffected") {
    using arize_test::RawServer;
    RawServer server([](RawServer::Connection& c) {
      if (!c.read_head()) return;
      while (c.pause(20ms)) {
      }
    });
    asio::io_context io;
    arize::AsyncClient client(io.get_executor(),
                              options_for(server.url(), "k", ApiRevision::v2026_06));
    Cancellable call;
    client.async_list({}, call.handler<arize::ApiKeyList>());
    // Cancelled once the server holds the request.
    asio::steady_timer poll(io);
    std::function<void()> wait_for_server = [&] {
      poll.expires_after(5ms);
      poll.async_wait([&](boost::system::error_code) {
        if (server.accepted() == 0 && !call.done) return wait_for_server();
        call.signal.emit(asio::cancellation_type::terminal);
      });
    };
    wait_for_server();
    io.run();
    REQUIRE(call.done);
    const TransportError e = transport_error(call.error);
    CHECK(e.kind() == Kind::cancelled);
    CHECK(e.attempts() == 1);  // never retried
  }

  TEST_CASE("retries on Asio timers: the sync client's rules") {
    arize::testing::RecordingTransport recording;
    arize::testing::AsyncRecordingTransport fake(recording);
    asio::io_context io;
    arize::ClientOptions options = own_transport(options_for("http://127.0.0.1:1", "secret-token"));
    options.retry.initial_backoff = 1ms;
    options.retry.max_backoff = 2ms;
    arize::AsyncClient client(io.get_executor(), options, fake);

    SUBCASE("a 503 then a 200: retried, with the credentials and user agent") {
      recording.respond(503).respond(200, loopback::kEmptyPage);
      const auto page = wait_for<arize::ApiKeyList>(
          io, Mode::future, [&](auto&& t) { return client.async_list({}, t); });
      CHECK(page.api_keys.get().empty());
      const auto sent = recording.requests();
      REQUIRE(sent.size() == 2);
      CHECK(sent[1].headers.get("Authorization") ==
            std::optional<std::string_view>("Bearer secret-token"));
      CHECK(sent[1].headers.get("User-Agent") ==
            std::optional<std::string_view>(arize::user_agent));
      CHECK(sent[1].deadline.has_value());
    }
    SUBCASE("a create answered 503 is never resent") {
      recording.respond(503).respond(503);
      CHECK_THROWS_AS(wait_for<arize::ApiKeyCreated>(
                          io, Mode::callback,
                          [&](auto&& t) { return client.async_create({.name = "once"}, t); }),
                      arize::ServerError);
      CHECK(recording.requests().size() == 1);
    }
    SUBCASE("a Retry-After beyond the time budget: the response is the result") {
      recording.respond(503, "", arize::Headers{{"Retry-After", "3600"}});
      CHECK_THROWS_AS(wait_for<arize::ApiKeyList>(
                          io, Mode::coroutine, [&](auto&& t) { return client.async_list({}, t); }),
                      arize::ServerError);
      CHECK(recording.requests().size() == 1);
    }
    SUBCASE("transport errors are retried, and given up on with the attempt count") {
      for (int i = 0; i < 4; ++i) recording.fail(TransportError(Kind::connect, "refused", false));
      try {
        wait_for<arize::ApiKeyList>(io, Mode::callback,
                                    [&](auto&& t) { return client.async_list({}, t); });
        FAIL("expected a TransportError");
      } catch (const TransportError& e) {
        CHECK(e.kind() == Kind::connect);
        CHECK(e.attempts() == 4);
      }
    }
  }

  TEST_CASE("cancelled during a retry's back-off: ends at once, nothing resent") {
    arize::testing::RecordingTransport recording;
    recording.respond(503, "", arize::Headers{{"Retry-After", "30"}});
    asio::io_context io;
    arize::AsyncClient client(io.get_executor(),
                              own_transport(options_for("http://127.0.0.1:1", "k")),
                              arize::testing::AsyncRecordingTransport(recording));
    Cancellable call;
    client.async_list({}, call.handler<arize::ApiKeyList>());
    // The first attempt completes at once (the recording transport): the call is waiting.
    asio::post(io, [&] { call.signal.emit(asio::cancellation_type::terminal); });
    io.run();
    REQUIRE(call.done);
    CHECK(transport_error(call.error).kind() == Kind::cancelled);
    CHECK(recording.requests().size() == 1);
  }

  TEST_CASE("a create whose response has arrived returns its key even when cancelled after") {
    arize::testing::RecordingTransport recording;
    recording.respond(201, R"({"id":"QXBpS2V5OjE=","name":"k","key_type":"USER","status":"ACTIVE",
      "created_at":"2026-01-01T00:00:00Z","redacted_key":"ak-...xyz","created_by_user_id":"VXNlcjox","key":"ak-raw-secret-1"})");
    arize::testing::AsyncRecordingTransport fake(recording);
    fake.hold();
    asio::io_context io;
    arize::AsyncClient client(
        io.get_executor(),
        own_transport(options_for("http://127.0.0.1:1", "k", ApiRevision::v2026_06)), fake);
    asio::cancellation_signal signal;
    std::exception_ptr error;
    std::optional<arize::ApiKeyCreated> created;
    client.async_create({.name = "k"},
                        asio::bind_cancellation_slot(
                            signal.slot(), [&](std::exception_ptr e, arize::ApiKeyCreated k) {
                              error = e;
                              created = std::move(k);
                            }));
    REQUIRE(fake.held() == 1);
    fake.release();                                  // the response arrives ...
    signal.emit(asio::cancellation_type::terminal);  // ... before the cancellation
    io.run();
    if (error) CHECK_NOTHROW(std::rethrow_exception(error));
    REQUIRE(created);
    CHECK(created->key.reveal() == "ak-raw-secret-1");

    SUBCASE("while the exchange is held, the cancellation ends it") {
      fake.hold();
      std::exception_ptr error2;
      bool done = false;
      asio::cancellation_signal signal2;
      client.async_create({.name = "k2"}, asio::bind_cancellation_slot(
                                              signal2.slot(), [&](std::exception_ptr e,
                                                                  const arize::ApiKeyCreated&) {
                                                error2 = e;
                                                done = true;
                                              }));
      signal2.emit(asio::cancellation_type::terminal);
      io.restart();
      io.run();
      REQUIRE(done);
      CHECK(transport_error(error2).kind() == Kind::cancelled);
      fake.release();
    }
  }
}
