// The README's first program, asynchronous (arize::AsyncClient, C++20 coroutines on one
// io_context thread): rotate a key as a service that holds one would. Create a key that
// expires, replace it with a new one while the old one keeps working for five minutes, list the
// active keys a page at a time, check both revisions of the key with eight list calls in flight
// at once, and revoke the new key at the end.
//
//   ARIZE_BASE_URL=http://127.0.0.1:8787 ARIZE_API_KEY=... build/bin/async-rotation
//
// The raw keys are never printed: a real program would put them in its secret store. Each
// params struct is a named variable, not a temporary inside the co_await (g++ 12 destroys such
// a temporary twice; see the README's "Asynchronous calls").
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <vector>

#include "arize/async/client.hpp"

namespace asio = boost::asio;

namespace {

asio::awaitable<void> rotate(arize::AsyncClient& client) {
  constexpr auto aw = asio::use_awaitable;
  const arize::DateTime expiry = arize::parse_datetime("2030-01-01T00:00:00Z");

  const arize::CreateKeyParams create{.name = "ci-deploy", .expires_at = expiry};
  const arize::ApiKeyCreated old_key = co_await client.async_create(create, aw);
  std::cout << "created   " << old_key.id << " (" << old_key.redacted_key << "), expires "
            << arize::format_datetime(*old_key.expires_at) << '\n';

  // A key that expires needs expires_at on refresh in 2026-07, no later than its own.
  const arize::RefreshParams refresh{.expires_at = expiry, .grace_period_seconds = 300};
  const arize::ApiKeyCreated new_key = co_await client.async_refresh(old_key.id, refresh, aw);
  std::cout << "refreshed " << old_key.id << " -> " << new_key.id << " (" << new_key.redacted_key
            << "); the old key works for 300 s more\n";

  arize::AsyncPager pages = client.list_all({.status = arize::ApiKeyStatus::active});
  while (auto page = co_await pages.async_next(aw)) {
    for (const arize::ApiKey& key : *page)
      std::cout << "active    " << key.id << ' ' << key.name << '\n';
  }

  // Eight calls in flight at once on this one thread, awaited together (a parallel group of
  // deferred operations): each completes when its answer arrives, in any order.
  const arize::ListKeysParams one{.status = arize::ApiKeyStatus::active, .limit = 1};
  std::vector<decltype(client.async_list(one, asio::deferred))> calls;
  for (int i = 0; i < 8; ++i) calls.push_back(client.async_list(one, asio::deferred));
  auto [order, errors, lists] = co_await asio::experimental::make_parallel_group(std::move(calls))
                                    .async_wait(asio::experimental::wait_for_all(), aw);
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  std::size_t answered = 0;
  for (const arize::ApiKeyList& list : lists) answered += list.api_keys.get().size() == 1 ? 1 : 0;
  std::cout << "listed    " << answered << " of " << order.size()
            << " concurrent calls answered with one key\n";

  co_await client.async_revoke(new_key.id, aw);
  std::cout << "revoked   " << new_key.id << '\n';
}

}  // namespace

int main() try {
  asio::io_context io;
  // ARIZE_API_KEY, ARIZE_BASE_URL, ARIZE_API_REVISION from the environment, as arize::Client.
  arize::AsyncClient client(io.get_executor());
  std::exception_ptr failed;
  asio::co_spawn(io, rotate(client), [&](std::exception_ptr e) { failed = e; });
  io.run();
  if (failed) std::rethrow_exception(failed);
  return EXIT_SUCCESS;
} catch (const arize::Error& e) {  // every error of the client: ConfigError, ApiError, ...
  std::cerr << "async-rotation: " << e.what() << '\n';
  return EXIT_FAILURE;
} catch (const std::exception& e) {
  std::cerr << "async-rotation: " << e.what() << '\n';
  return EXIT_FAILURE;
}
