// arize::AsyncClient: the API keys facade without a blocked thread. Each operation takes the
// sync ApiKeysClient's params plus an Asio completion token: a callback, asio::use_future,
// asio::use_awaitable (co_await) or asio::deferred.
//
//   boost::asio::io_context io;
//   arize::AsyncClient client(io.get_executor());  // ARIZE_API_KEY, ARIZE_BASE_URL, ...
//   client.async_list({.limit = 10}, [](std::exception_ptr e, arize::ApiKeyList page) { ... });
//   arize::CreateKeyParams params{.name = "ci"};  // named: g++ 12 destroys a temporary
//   auto created = co_await client.async_create(params, boost::asio::use_awaitable);  // twice
//   io.run();
//
// - The completion signature is void(std::exception_ptr, Result) (void(std::exception_ptr) for
//   async_revoke): the exception is the sync client's typed one (ApiError and its family,
//   TransportError, DecodeError, ValidationError, ...); a future or a coroutine rethrows it.
// - The same ClientOptions as arize::Client: the key, base URL, API revision, user agent, retry
//   policy, log and http settings (an HTTP proxy included, and proxy_from_environment); the
//   same requests and decoding (detail::PreparedCall: the
//   revision mapping and the generated build_<op> / decode_<op>), credentials
//   (ClientCore::authorize) and retry decisions (detail::RetryRules), waits on an Asio timer.
// - Cancellation: the token's cancellation slot (asio::bind_cancellation_slot, a coroutine's
//   cancellation, asio::experimental::parallel_group...). A cancelled call ends with
//   TransportError(cancelled); a response that had arrived is delivered, so a created key is
//   never lost.
// - Transport: BeastTransport (async/beast_transport.hpp) on the given executor, or any
//   AsyncTransport (the constructor taking one).
// - list_all: an AsyncPager (below), a page per async_next.
// - async_create_service_key takes space and organization names as the sync client does: the
//   same lookups (detail::NameSearch) first, each an async call, then the create.
//
// Header-only by default: this header includes its definitions (detail/async_client_impl.hpp),
// and with them Boost.Beast and Asio SSL. With ARIZE_SEPARATE_COMPILATION defined in every
// translation unit (core/config.hpp), this header declares and holds only the completion-token
// glue (Asio's async_result; no Beast, no SSL, no cpp-httplib), and the one .cpp that includes
// <arize/async/compiled.hpp> compiles the rest (CMake: link arize::async_compiled).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/post.hpp>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arize/client.hpp"
#include "arize/core/async_transport.hpp"
#include "arize/core/config.hpp"

namespace arize {

namespace detail {

template <class Result>
struct AsyncSignature {
  using type = void(std::exception_ptr, Result);
};
template <>
struct AsyncSignature<void> {
  using type = void(std::exception_ptr);
};
/// How an async call ends, once, type-erased: a null exception_ptr and the result, or the
/// exception (and a placeholder result); std::function<void(std::exception_ptr)> for a call
/// without a result.
template <class Result>
using AsyncCompletion = std::function<typename AsyncSignature<Result>::type>;

/// Starts an asynchronous operation for any completion token (a callback, asio::use_future,
/// asio::use_awaitable, asio::deferred, as_tuple(...), ...). When the token initiates it (at
/// once, or when a deferred operation is launched), `start(cancel, done)` runs: the token's
/// cancellation slot cancels `cancel`, and `done` hands the outcome to the handler, once, on
/// the handler's associated executor (else `executor`), never inside `start`. The one adapter
/// from tokens to the compiled calls of AsyncClient and AsyncPager.
template <class Result, class Token, class Start>
auto async_start(const boost::asio::any_io_executor& executor, Token&& token, Start start) {
  return boost::asio::async_initiate<Token, typename AsyncSignature<Result>::type>(
      [executor](auto handler, Start started) {
        using Handler = decltype(handler);
        auto slot = boost::asio::get_associated_cancellation_slot(handler);
        auto ex = boost::asio::get_associated_executor(handler, executor);
        AsyncCancellation cancel;
        if (slot.is_connected()) {
          slot.assign([cancel](boost::asio::cancellation_type) { cancel.cancel(); });
        }
        AsyncCompletion<Result> done = [h = std::make_shared<Handler>(std::move(handler)), ex,
                                        slot](std::exception_ptr error, auto... result) mutable {
          if (slot.is_connected()) slot.clear();
          boost::asio::post(ex, [h, error, ... r = std::move(result)]() mutable {
            std::move (*h)(error, std::move(r)...);
          });
        };
        started(cancel, std::move(done));
      },
      token, std::move(start));
}

struct AsyncClientState;  // detail/async_client_impl.hpp
struct AsyncPagerState;

}  // namespace detail

class AsyncPager;

class AsyncClient {
 public:
  using executor_type = boost::asio::any_io_executor;

  /// Resolves the options as arize::Client does (throws ConfigError) and sends through a
  /// BeastTransport on `executor` with options.http. Connects on first use.
  explicit AsyncClient(executor_type executor, ClientOptions options = {});
  /// Sends through `transport` instead (options.http must keep its defaults).
  AsyncClient(executor_type executor, ClientOptions options, AnyAsyncTransport transport);

  [[nodiscard]] const std::string& base_url() const noexcept;
  [[nodiscard]] ApiRevision api_revision() const noexcept;
  [[nodiscard]] const executor_type& get_executor() const noexcept;

  /// One page of keys (ApiKeysClient::list).
  template <class Token>
  auto async_list(ListKeysParams params, Token&& token) {
    return detail::async_start<ApiKeyList>(
        get_executor(), std::forward<Token>(token),
        [state = state_, params = std::move(params)](
            const AsyncCancellation& cancel, detail::AsyncCompletion<ApiKeyList> done) mutable {
          start_list(state, std::move(params), cancel, std::move(done));
        });
  }
  /// Every key, a page at a time (ApiKeysClient::list_all): see AsyncPager. Validates now.
  [[nodiscard]] AsyncPager list_all(ListKeysParams params = {}) const;
  /// Creates a user key (ApiKeysClient::create).
  template <class Token>
  auto async_create(CreateKeyParams params, Token&& token) {
    return detail::async_start<ApiKeyCreated>(
        get_executor(), std::forward<Token>(token),
        [state = state_, params = std::move(params)](
            const AsyncCancellation& cancel, detail::AsyncCompletion<ApiKeyCreated> done) mutable {
          start_create(state, std::move(params), cancel, std::move(done));
        });
  }
  /// Creates a service key (ApiKeysClient::create_service_key). Space and organization names
  /// are looked up first, as the sync client looks them up (the same calls in the same order,
  /// the same NameResolutionError), each page through the retry loop and the cancellation of
  /// this call; the key is created only when every lookup succeeded.
  template <class Token>
  auto async_create_service_key(CreateServiceKeyParams params, Token&& token) {
    return detail::async_start<ApiKeyCreated>(
        get_executor(), std::forward<Token>(token),
        [state = state_, params = std::move(params)](
            const AsyncCancellation& cancel, detail::AsyncCompletion<ApiKeyCreated> done) mutable {
          start_create_service_key(state, std::move(params), cancel, std::move(done));
        });
  }
  /// Revokes a key (ApiKeysClient::revoke). Completion: void(std::exception_ptr).
  template <class Token>
  auto async_revoke(std::string api_key_id, Token&& token) {
    return detail::async_start<void>(
        get_executor(), std::forward<Token>(token),
        [state = state_, id = std::move(api_key_id)](const AsyncCancellation& cancel,
                                                     detail::AsyncCompletion<void> done) mutable {
          start_revoke(state, std::move(id), cancel, std::move(done));
        });
  }
  /// Replaces a key with a new one (ApiKeysClient::refresh).
  template <class Token>
  auto async_refresh(std::string api_key_id, RefreshParams params, Token&& token) {
    return detail::async_start<ApiKeyCreated>(
        get_executor(), std::forward<Token>(token),
        [state = state_, id = std::move(api_key_id), params = std::move(params)](
            const AsyncCancellation& cancel, detail::AsyncCompletion<ApiKeyCreated> done) mutable {
          start_refresh(state, std::move(id), std::move(params), cancel, std::move(done));
        });
  }

 private:
  using StatePtr = std::shared_ptr<const detail::AsyncClientState>;
  explicit AsyncClient(StatePtr state) : state_(std::move(state)) {}

  // The calls, compiled once with ARIZE_SEPARATE_COMPILATION: each builds its request for the
  // revision in use (detail::PreparedCall, as the sync client), sends it through the retry loop
  // under `cancel`, and ends with `done`.
  static void start_list(const StatePtr& state, ListKeysParams params,
                         const AsyncCancellation& cancel, detail::AsyncCompletion<ApiKeyList> done);
  static void start_create(const StatePtr& state, CreateKeyParams params,
                           const AsyncCancellation& cancel,
                           detail::AsyncCompletion<ApiKeyCreated> done);
  static void start_create_service_key(const StatePtr& state, CreateServiceKeyParams params,
                                       const AsyncCancellation& cancel,
                                       detail::AsyncCompletion<ApiKeyCreated> done);
  static void start_revoke(const StatePtr& state, std::string api_key_id,
                           const AsyncCancellation& cancel, detail::AsyncCompletion<void> done);
  static void start_refresh(const StatePtr& state, std::string api_key_id, RefreshParams params,
                            const AsyncCancellation& cancel,
                            detail::AsyncCompletion<ApiKeyCreated> done);

  StatePtr state_;
};

/// list_all without a blocked thread: the keys a page at a time, under the sync Pager's rules
/// (detail::CursorWalk: each cursor once, at most ClientOptions::max_consecutive_empty_pages
/// empty pages in a row skipped, ProtocolError otherwise).
///
///   arize::AsyncPager keys = client.list_all({.limit = 100});
///   while (auto page = co_await keys.async_next(boost::asio::use_awaitable)) {
///     for (const arize::ApiKey& key : *page) { ... }
///   }
///
/// async_next completes with void(std::exception_ptr, std::optional<std::vector<ApiKey>>): the
/// next page's keys, or nullopt after the last page. One async_next at a time (a second while
/// one runs is a ValidationError); cancellation as for the other calls. Copies share the walk.
class AsyncPager {
 public:
  using Page = std::optional<std::vector<ApiKey>>;

  template <class Token>
  auto async_next(Token&& token) {
    return detail::async_start<Page>(
        executor(), std::forward<Token>(token),
        [state = state_](const AsyncCancellation& cancel, detail::AsyncCompletion<Page> done) {
          next(state, cancel, std::move(done));
        });
  }

  /// The cursor of the page last given, or being fetched when a fetch failed (nullopt for the
  /// first page): a new walk from it repeats at most that page's keys, and skips none.
  [[nodiscard]] const std::optional<std::string>& resume_cursor() const noexcept;
  /// Pages fetched so far.
  [[nodiscard]] std::size_t pages_fetched() const noexcept;

 private:
  friend class AsyncClient;
  explicit AsyncPager(std::shared_ptr<detail::AsyncPagerState> state) : state_(std::move(state)) {}
  [[nodiscard]] const boost::asio::any_io_executor& executor() const noexcept;
  // Fetches at the walk's cursor until a page to give (or the end, or an error) for `done`.
  static void next(const std::shared_ptr<detail::AsyncPagerState>& state,
                   const AsyncCancellation& cancel, detail::AsyncCompletion<Page> done);

  std::shared_ptr<detail::AsyncPagerState> state_;
};

}  // namespace arize

#ifndef ARIZE_SEPARATE_COMPILATION
#include "arize/detail/async_client_impl.hpp"  // IWYU pragma: export
#endif
