// The definitions of arize/async/client.hpp. Header-only builds get them through that header;
// with ARIZE_SEPARATE_COMPILATION, only <arize/async/compiled.hpp> includes this, in one .cpp.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "arize/async/beast_transport.hpp"
#include "arize/async/client.hpp"
#include "arize/core/async_transport.hpp"
#include "arize/core/config.hpp"
#include "arize/core/retry.hpp"
#include "arize/detail/client_core.hpp"

namespace arize {

namespace detail {

/// One call's attempts: sends through the async transport, and decides with the RetryRules of
/// the sync client whether and when to send again (the wait on an Asio timer).
class AsyncRetryLoop : public std::enable_shared_from_this<AsyncRetryLoop> {
 public:
  AsyncRetryLoop(boost::asio::any_io_executor ex, AnyAsyncTransport transport,
                 std::shared_ptr<const RetryRules> rules, LogSink log, HttpRequest request,
                 AsyncCancellation cancel, AsyncSendHandler done)
      : timer_(std::move(ex)),
        transport_(std::move(transport)),
        rules_(std::move(rules)),
        log_(std::move(log)),
        request_(std::move(request)),
        cancel_(std::move(cancel)),
        done_(std::move(done)) {}

  void start() {
    start_ = std::chrono::steady_clock::now();
    rules_->start(request_, start_);
    send();
  }

 private:
  void send() {
    transport_.async_send(request_, cancel_,
                          [self = shared_from_this()](std::exception_ptr e, HttpResponse r) {
                            self->on_result(std::move(e), std::move(r));
                          });
  }

  void on_result(std::exception_ptr error, HttpResponse response) {
    std::string reason;
    std::optional<std::chrono::milliseconds> delay;
    if (!error) {
      delay = rules_->after_response(request_, response, attempt_, start_, reason);
      if (!delay) return done(nullptr, std::move(response));
    } else {
      try {
        std::rethrow_exception(error);
      } catch (const TransportError& e) {
        delay = rules_->after_error(request_, e, attempt_, start_, reason);
        if (!delay) return done(std::make_exception_ptr(RetryRules::give_up(e, attempt_, start_)));
      } catch (...) {
        return done(std::current_exception());
      }
    }
    rules_->note(log_, request_, attempt_, reason, *delay);
    ++attempt_;
    timer_.expires_after(*delay);
    cancel_.on_cancel([weak = weak_from_this(), ex = timer_.get_executor()] {
      boost::asio::post(ex, [weak] {
        if (auto self = weak.lock()) self->timer_.cancel();
      });
    });
    timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
      self->cancel_.clear();
      if (self->cancel_.cancelled()) {
        return self->done(std::make_exception_ptr(
            TransportError(TransportError::Kind::cancelled,
                           self->request_.method + " " + self->request_.path +
                               ": cancelled before retry " + std::to_string(self->attempt_ - 1),
                           true)));
      }
      self->send();
    });
  }

  void done(std::exception_ptr error, HttpResponse response = {}) {
    AsyncSendHandler d = std::move(done_);
    d(std::move(error), std::move(response));
  }

  boost::asio::steady_timer timer_;
  AnyAsyncTransport transport_;
  std::shared_ptr<const RetryRules> rules_;
  LogSink log_;
  HttpRequest request_;
  AsyncCancellation cancel_;
  AsyncSendHandler done_;
  std::chrono::steady_clock::time_point start_{};
  int attempt_ = 1;
};

/// What an AsyncClient shares with its copies and its pagers.
struct AsyncClientState {
  boost::asio::any_io_executor executor;
  std::shared_ptr<ClientCore> core;
  AnyAsyncTransport transport;
  std::shared_ptr<const RetryRules> rules;
};

struct AsyncPagerState {
  std::shared_ptr<const AsyncClientState> client;
  ListKeysParams params;
  CursorWalk walk;
  bool started = false;
  bool running = false;
};

/// The value a completion gets beside an exception (the signature has one): a placeholder,
/// never to be read (a future or a coroutine throws the exception instead).
template <class Result>
Result placeholder() {
  return Result{};
}
template <>
inline ApiKeyList placeholder<ApiKeyList>() {
  return ApiKeyList{.api_keys = std::vector<ApiKey>{}, .pagination = Pagination{.has_more = false}};
}
template <>
inline ApiKeyCreated placeholder<ApiKeyCreated>() {
  return ApiKeyCreated{.id = std::string(),
                       .name = std::string(),
                       .key_type = Open<ApiKeyType>(ApiKeyType::user),
                       .status = Open<ApiKeyStatus>(ApiKeyStatus::active),
                       .redacted_key = std::string(),
                       .created_at = DateTime{},
                       .created_by_user_id = std::string(),
                       .key = Secret()};
}

/// Ends `done` with `error`.
template <class Result>
void fail(const AsyncCompletion<Result>& done, std::exception_ptr error) {
  if constexpr (std::is_void_v<Result>)
    done(std::move(error));
  else
    done(std::move(error), placeholder<Result>());
}

/// Sends a prepared call (its stage notice, the credentials, the retry loop under `cancel`)
/// and ends `done` with its decoded answer or the error.
template <class Result>
void send_call(const std::shared_ptr<const AsyncClientState>& state, PreparedCall<Result> call,
               const AsyncCancellation& cancel, AsyncCompletion<Result> done) {
  state->core->on_first_use(call.operation, call.stage);
  HttpRequest wire = call.request;
  state->core->authorize(wire);
  auto loop = std::make_shared<AsyncRetryLoop>(
      state->executor, state->transport, state->rules, state->core->log(), std::move(wire), cancel,
      [done = std::move(done), call = std::move(call)](std::exception_ptr error,
                                                       HttpResponse response) {
        if (error) return fail<Result>(done, std::move(error));
        if constexpr (std::is_void_v<Result>) {
          try {
            call.finish(call.request, response);
          } catch (...) {
            return fail<Result>(done, std::current_exception());
          }
          done(nullptr);
        } else {
          std::optional<Result> result;
          try {
            result.emplace(call.finish(call.request, response));
          } catch (...) {
            return fail<Result>(done, std::current_exception());
          }
          done(nullptr, std::move(*result));
        }
      });
  loop->start();
}

/// Builds the call `prepare(revision)` gives for the revision in use and sends it.
template <class Result, class Prepare>
void send_prepared(const std::shared_ptr<const AsyncClientState>& state, const Prepare& prepare,
                   const AsyncCancellation& cancel, AsyncCompletion<Result> done) {
  std::optional<PreparedCall<Result>> call;
  try {
    call.emplace(prepare(state->core->revision()));
  } catch (...) {
    return fail<Result>(done, std::current_exception());
  }
  send_call<Result>(state, std::move(*call), cancel, std::move(done));
}

/// What async_create_service_key's NameResolver throws for a lookup it has no answer to yet:
/// the search to carry out before prepare_create_service_key is asked again. Internal: never
/// reaches a caller.
struct PendingLookup {
  NameSearch search;
};

/// async_create_service_key: prepare_create_service_key, with a NameResolver that answers from
/// the lookups carried out so far and throws PendingLookup for the next one. That lookup's
/// NameSearch is walked a page at a time (send_call, under the call's cancellation), its answer
/// kept, and prepare_create_service_key asked again, until it builds the request. So the
/// lookups are the sync client's, in its order, and the request is built by the same code from
/// their answers; nothing is created when a lookup fails.
class AsyncNameLookups : public std::enable_shared_from_this<AsyncNameLookups> {
 public:
  AsyncNameLookups(std::shared_ptr<const AsyncClientState> state, CreateServiceKeyParams params,
                   AsyncCancellation cancel, AsyncCompletion<ApiKeyCreated> done)
      : state_(std::move(state)),
        params_(std::move(params)),
        cancel_(std::move(cancel)),
        done_(std::move(done)) {}

  // prepare_create_service_key with the answers so far: the request, or the next lookup.
  void step() {
    std::optional<PreparedCall<ApiKeyCreated>> call;
    try {
      std::size_t asked = 0;
      NameResolver names(state_->core->max_consecutive_empty_pages(),
                         [this, &asked](NameSearch search) -> std::string {
                           if (asked < answers_.size()) return answers_[asked++];
                           throw PendingLookup{std::move(search)};
                         });
      call.emplace(prepare_create_service_key(state_->core->revision(), params_, names));
    } catch (PendingLookup& pending) {
      search_.emplace(std::move(pending.search));
      return fetch();
    } catch (...) {
      return fail<ApiKeyCreated>(done_, std::current_exception());
    }
    if (cancelled(call->request)) return;
    send_call<ApiKeyCreated>(state_, std::move(*call), cancel_, std::move(done_));
  }

 private:
  // The page search_->next() names.
  void fetch() {
    std::optional<PreparedCall<NamedPage>> call;
    try {
      call.emplace(prepare_listing(state_->core->revision(), search_->next()));
    } catch (...) {
      return fail<ApiKeyCreated>(done_, std::current_exception());
    }
    if (cancelled(call->request)) return;
    send_call<NamedPage>(state_, std::move(*call), cancel_,
                         [self = shared_from_this()](std::exception_ptr error, NamedPage page) {
                           if (error) return fail<ApiKeyCreated>(self->done_, std::move(error));
                           self->on_page(std::move(page));
                         });
  }

  void on_page(NamedPage page) {
    try {
      if (!search_->take(std::move(page))) return fetch();
    } catch (...) {
      return fail<ApiKeyCreated>(done_, std::current_exception());
    }
    answers_.push_back(search_->result());
    search_.reset();
    step();
  }

  // Cancelled between two calls (no exchange in progress to end): fails with
  // TransportError(cancelled) instead of sending `next`.
  bool cancelled(const HttpRequest& next) {
    if (!cancel_.cancelled()) return false;
    fail<ApiKeyCreated>(
        done_, std::make_exception_ptr(TransportError(
                   TransportError::Kind::cancelled,
                   next.method + " " + next.path + ": cancelled before it was sent", false)));
    return true;
  }

  std::shared_ptr<const AsyncClientState> state_;
  CreateServiceKeyParams params_;
  AsyncCancellation cancel_;
  AsyncCompletion<ApiKeyCreated> done_;
  std::vector<std::string> answers_;  // of the lookups carried out, in order
  std::optional<NameSearch> search_;  // the lookup being walked
};

/// Checks the options of an AsyncClient (with `own_transport`: one given to the constructor),
/// as arize::Client checks its own.
inline ClientOptions& checked_async_options(ClientOptions& o, bool own_transport) {
  if (o.transport) {
    throw ConfigError(
        "ClientOptions::transport is a synchronous transport: give AsyncClient an "
        "AsyncTransport instead");
  }
  return ClientCore::check_one_place(o, own_transport ? "an AsyncTransport" : "");
}

/// The state of a new AsyncClient: `transport`, or (null) a BeastTransport on `executor`.
inline std::shared_ptr<const AsyncClientState> make_async_state(
    const boost::asio::any_io_executor& executor, ClientOptions& options,
    const AnyAsyncTransport* transport) {
  auto core = std::make_shared<ClientCore>(options, ClientCore::WithoutTransport{});
  auto rules = std::make_shared<const RetryRules>(core->retry_policy());
  if (transport) {
    return std::make_shared<const AsyncClientState>(
        AsyncClientState{executor, std::move(core), *transport, std::move(rules)});
  }
  AnyAsyncTransport beast =
      BeastTransport(executor, ClientCore::default_transport_options(options, core->base_url()));
  return std::make_shared<const AsyncClientState>(
      AsyncClientState{executor, std::move(core), std::move(beast), std::move(rules)});
}

/// The next page of a walk: fetches at the walk's cursor until a page to give.
inline void fetch_page(const std::shared_ptr<AsyncPagerState>& state,
                       const AsyncCancellation& cancel, AsyncCompletion<AsyncPager::Page> done) {
  ListKeysParams params = state->params;
  params.cursor = state->walk.cursor();
  send_prepared<ApiKeyList>(
      state->client, [&params](ApiRevision rev) { return prepare_list(rev, params); }, cancel,
      [state, cancel, done = std::move(done)](std::exception_ptr error, ApiKeyList list) {
        if (error) return done(std::move(error), std::nullopt);
        AsyncPager::Page items;
        try {
          PageOf<ApiKey> page = page_from_response(
              std::move(list.api_keys.get()), list.pagination.has_more,
              std::move(list.pagination.next_cursor), state->walk.cursor(), "GET /v2/api-keys");
          if (state->walk.accept(page)) items = std::move(page.items);
        } catch (...) {
          return done(std::current_exception(), std::nullopt);
        }
        if (items) return done(nullptr, std::move(items));
        fetch_page(state, cancel, done);  // an empty page pointing on
      });
}

}  // namespace detail

ARIZE_INLINE AsyncClient::AsyncClient(executor_type executor, ClientOptions options)
    : AsyncClient(detail::make_async_state(executor, detail::checked_async_options(options, false),
                                           nullptr)) {}

ARIZE_INLINE AsyncClient::AsyncClient(executor_type executor, ClientOptions options,
                                      AnyAsyncTransport transport)
    : AsyncClient(detail::make_async_state(executor, detail::checked_async_options(options, true),
                                           &transport)) {}

ARIZE_INLINE const std::string& AsyncClient::base_url() const noexcept {
  return state_->core->base_url();
}
ARIZE_INLINE ApiRevision AsyncClient::api_revision() const noexcept {
  return state_->core->revision();
}
ARIZE_INLINE const AsyncClient::executor_type& AsyncClient::get_executor() const noexcept {
  return state_->executor;
}

ARIZE_INLINE void AsyncClient::start_list(const StatePtr& state, ListKeysParams params,
                                          const AsyncCancellation& cancel,
                                          detail::AsyncCompletion<ApiKeyList> done) {
  detail::send_prepared<ApiKeyList>(
      state, [&params](ApiRevision rev) { return detail::prepare_list(rev, params); }, cancel,
      std::move(done));
}
ARIZE_INLINE void AsyncClient::start_create(const StatePtr& state, CreateKeyParams params,
                                            const AsyncCancellation& cancel,
                                            detail::AsyncCompletion<ApiKeyCreated> done) {
  detail::send_prepared<ApiKeyCreated>(
      state, [&params](ApiRevision rev) { return detail::prepare_create(rev, params); }, cancel,
      std::move(done));
}
ARIZE_INLINE void AsyncClient::start_create_service_key(
    const StatePtr& state, CreateServiceKeyParams params, const AsyncCancellation& cancel,
    detail::AsyncCompletion<ApiKeyCreated> done) {
  std::make_shared<detail::AsyncNameLookups>(state, std::move(params), cancel, std::move(done))
      ->step();
}
ARIZE_INLINE void AsyncClient::start_revoke(const StatePtr& state, std::string api_key_id,
                                            const AsyncCancellation& cancel,
                                            detail::AsyncCompletion<void> done) {
  detail::send_prepared<void>(
      state, [&api_key_id](ApiRevision rev) { return detail::prepare_revoke(rev, api_key_id); },
      cancel, std::move(done));
}
ARIZE_INLINE void AsyncClient::start_refresh(const StatePtr& state, std::string api_key_id,
                                             RefreshParams params, const AsyncCancellation& cancel,
                                             detail::AsyncCompletion<ApiKeyCreated> done) {
  detail::send_prepared<ApiKeyCreated>(
      state, [&](ApiRevision rev) { return detail::prepare_refresh(rev, api_key_id, params); },
      cancel, std::move(done));
}

ARIZE_INLINE AsyncPager AsyncClient::list_all(ListKeysParams params) const {
  // Validates now, as the sync list_all does (the path is the same in every revision).
  (void)detail::prepare_list(api_revision(), params);
  std::optional<std::string> first = std::move(params.cursor);
  params.cursor.reset();
  auto walk = detail::CursorWalk(std::move(first), state_->core->max_consecutive_empty_pages());
  return AsyncPager(std::make_shared<detail::AsyncPagerState>(
      detail::AsyncPagerState{state_, std::move(params), std::move(walk)}));
}

ARIZE_INLINE const std::optional<std::string>& AsyncPager::resume_cursor() const noexcept {
  return state_->walk.cursor();
}
ARIZE_INLINE std::size_t AsyncPager::pages_fetched() const noexcept { return state_->walk.pages(); }
ARIZE_INLINE const boost::asio::any_io_executor& AsyncPager::executor() const noexcept {
  return state_->client->executor;
}

ARIZE_INLINE void AsyncPager::next(const std::shared_ptr<detail::AsyncPagerState>& state,
                                   const AsyncCancellation& cancel,
                                   detail::AsyncCompletion<Page> done) {
  if (state->running) {
    return done(std::make_exception_ptr(ValidationError(
                    "AsyncPager::async_next", "one async_next at a time: the last one runs")),
                std::nullopt);
  }
  if (state->started && !state->walk.more()) return done(nullptr, std::nullopt);
  if (state->started) state->walk.advance();
  state->started = true;
  state->running = true;
  detail::fetch_page(state, cancel,
                     [state, done = std::move(done)](std::exception_ptr error, Page page) {
                       state->running = false;
                       done(std::move(error), std::move(page));
                     });
}

}  // namespace arize
