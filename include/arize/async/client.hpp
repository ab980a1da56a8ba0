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
// Not yet (issue 19): ARIZE_SEPARATE_COMPILATION.
#pragma once

#ifdef ARIZE_SEPARATE_COMPILATION
#error "arize/async/client.hpp is not available with ARIZE_SEPARATE_COMPILATION yet (issue 19)"
#endif

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "arize/async/beast_transport.hpp"
#include "arize/client.hpp"
#include "arize/core/async_transport.hpp"
#include "arize/core/retry.hpp"

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

/// What async_create_service_key's NameResolver throws for a lookup it has no answer to yet:
/// the search to carry out before prepare_create_service_key is asked again. Internal: never
/// reaches a caller.
struct PendingLookup {
  NameSearch search;
};

/// The value a completion handler gets beside an exception (the signature has one): a
/// placeholder, never to be read (a future or a coroutine throws the exception instead).
template <class Result>
Result placeholder();
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

template <class Result>
struct AsyncSignature {
  using type = void(std::exception_ptr, Result);
};
template <>
struct AsyncSignature<void> {
  using type = void(std::exception_ptr);
};

}  // namespace detail

class AsyncPager;

class AsyncClient {
 public:
  using executor_type = boost::asio::any_io_executor;

  /// Resolves the options as arize::Client does (throws ConfigError) and sends through a
  /// BeastTransport on `executor` with options.http. Connects on first use.
  explicit AsyncClient(executor_type executor, ClientOptions options = {})
      : AsyncClient(executor, checked(options, false), nullptr) {}
  /// Sends through `transport` instead (options.http must keep its defaults).
  AsyncClient(executor_type executor, ClientOptions options, AnyAsyncTransport transport)
      : AsyncClient(executor, checked(options, true), &transport) {}

  [[nodiscard]] const std::string& base_url() const noexcept { return state_->core->base_url(); }
  [[nodiscard]] ApiRevision api_revision() const noexcept { return state_->core->revision(); }
  [[nodiscard]] const executor_type& get_executor() const noexcept { return state_->executor; }

  /// One page of keys (ApiKeysClient::list).
  template <class Token>
  auto async_list(ListKeysParams params, Token&& token) {
    return initiate<ApiKeyList>(
        [params = std::move(params)](ApiRevision rev) { return detail::prepare_list(rev, params); },
        std::forward<Token>(token));
  }
  /// Every key, a page at a time (ApiKeysClient::list_all): see AsyncPager. Validates now.
  [[nodiscard]] AsyncPager list_all(ListKeysParams params = {}) const;
  /// Creates a user key (ApiKeysClient::create).
  template <class Token>
  auto async_create(CreateKeyParams params, Token&& token) {
    return initiate<ApiKeyCreated>(
        [params = std::move(params)](ApiRevision rev) {
          return detail::prepare_create(rev, params);
        },
        std::forward<Token>(token));
  }
  /// Creates a service key (ApiKeysClient::create_service_key). Space and organization names
  /// are looked up first, as the sync client looks them up (the same calls in the same order,
  /// the same NameResolutionError), each page through the retry loop and the cancellation of
  /// this call; the key is created only when every lookup succeeded.
  template <class Token>
  auto async_create_service_key(CreateServiceKeyParams params, Token&& token) {
    return initiate<ApiKeyCreated>(ServiceKeyPrepare{std::move(params)},
                                   std::forward<Token>(token));
  }
  /// Revokes a key (ApiKeysClient::revoke). Completion: void(std::exception_ptr).
  template <class Token>
  auto async_revoke(std::string api_key_id, Token&& token) {
    return initiate<void>(
        [id = std::move(api_key_id)](ApiRevision rev) { return detail::prepare_revoke(rev, id); },
        std::forward<Token>(token));
  }
  /// Replaces a key with a new one (ApiKeysClient::refresh).
  template <class Token>
  auto async_refresh(std::string api_key_id, RefreshParams params, Token&& token) {
    return initiate<ApiKeyCreated>(
        [id = std::move(api_key_id), params = std::move(params)](ApiRevision rev) {
          return detail::prepare_refresh(rev, id, params);
        },
        std::forward<Token>(token));
  }

 private:
  struct State {
    executor_type executor;
    std::shared_ptr<detail::ClientCore> core;
    AnyAsyncTransport transport;
    std::shared_ptr<const detail::RetryRules> rules;
  };

  static ClientOptions& checked(ClientOptions& o, bool own_transport) {
    if (o.transport) {
      throw ConfigError(
          "ClientOptions::transport is a synchronous transport: give AsyncClient an "
          "AsyncTransport instead");
    }
    if (own_transport) {
      if (o.proxy_from_environment) {
        throw ConfigError(
            "ClientOptions::proxy_from_environment and an AsyncTransport are both set: the "
            "transport replaces the default one, which alone would use the proxy");
      }
      for (const auto& member : detail::changed_members(o.http)) {
        throw ConfigError("ClientOptions::http." + member +
                          " and an AsyncTransport are both set: the transport replaces the "
                          "default one, which alone reads ClientOptions::http");
      }
    } else if (o.http.base_url != HttplibTransportOptions{}.base_url) {
      throw ConfigError(
          "ClientOptions::http.base_url and ClientOptions::base_url (or ARIZE_BASE_URL) are both "
          "set: the client sets the default transport's base URL; set ClientOptions::base_url");
    }
    return o;
  }

  AsyncClient(const executor_type& executor, ClientOptions& options,
              const AnyAsyncTransport* transport)
      : state_(make_state(executor, options, transport)) {}

  static std::shared_ptr<const State> make_state(const executor_type& executor,
                                                 ClientOptions& options,
                                                 const AnyAsyncTransport* transport) {
    auto core =
        std::make_shared<detail::ClientCore>(options, detail::ClientCore::WithoutTransport{});
    auto rules = std::make_shared<const detail::RetryRules>(core->retry_policy());
    if (transport) {
      return std::make_shared<const State>(
          State{executor, std::move(core), *transport, std::move(rules)});
    }
    AnyAsyncTransport beast = BeastTransport(
        executor, detail::ClientCore::default_transport_options(options, core->base_url()));
    return std::make_shared<const State>(
        State{executor, std::move(core), std::move(beast), std::move(rules)});
  }

  /// Starts the call `prepare` builds for the revision in use (`prepare(revision)`; or, for a
  /// call that needs calls of its own first, ServiceKeyPrepare); completes the token's handler
  /// on its associated executor (never inside this function).
  template <class Result, class Prepare, class Token>
  auto initiate(Prepare prepare, Token&& token) {
    return boost::asio::async_initiate<Token, typename detail::AsyncSignature<Result>::type>(
        [state = state_](auto handler, Prepare prepared) {
          start<Result>(state, std::move(prepared), std::move(handler));
        },
        token, std::move(prepare));
  }

  template <class Result, class Prepare, class Handler>
  static void start(const std::shared_ptr<const State>& state, Prepare prepare, Handler handler) {
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    auto ex = boost::asio::get_associated_executor(handler, state->executor);
    auto h = std::make_shared<Handler>(std::move(handler));
    AsyncCancellation cancel;
    if (slot.is_connected()) {
      slot.assign([cancel](boost::asio::cancellation_type) { cancel.cancel(); });
    }
    // Hands the outcome to the handler, once, on its executor.
    auto deliver = [h, ex, slot](std::exception_ptr error, auto&&... result) mutable {
      if (slot.is_connected()) slot.clear();
      boost::asio::post(ex, [h, error, ... r = std::move(result)]() mutable {
        std::move (*h)(error, std::move(r)...);
      });
    };
    auto fail = [deliver](std::exception_ptr error) mutable {
      if constexpr (std::is_void_v<Result>)
        deliver(std::move(error));
      else
        deliver(std::move(error), detail::placeholder<Result>());
    };
    auto send = [state, cancel, deliver, fail](detail::PreparedCall<Result> call) mutable {
      send_call(state, std::move(call), cancel, std::move(deliver), std::move(fail));
    };
    if constexpr (std::is_invocable_v<Prepare&, ApiRevision>) {
      std::optional<detail::PreparedCall<Result>> call;
      try {
        call.emplace(prepare(state->core->revision()));
      } catch (...) {
        return fail(std::current_exception());
      }
      send(std::move(*call));
    } else {
      prepare(state, cancel, std::move(fail), std::move(send));  // lookups first
    }
  }

  /// Sends a prepared call (its stage notice, the credentials, the retry loop under `cancel`)
  /// and finishes it: deliver(nullptr, result) (deliver(nullptr) for void), or fail(error).
  template <class Result, class Deliver, class Fail>
  static void send_call(const std::shared_ptr<const State>& state,
                        detail::PreparedCall<Result> call, const AsyncCancellation& cancel,
                        Deliver deliver, Fail fail) {
    state->core->on_first_use(call.operation, call.stage);
    HttpRequest wire = call.request;
    state->core->authorize(wire);
    auto loop = std::make_shared<detail::AsyncRetryLoop>(
        state->executor, state->transport, state->rules, state->core->log(), std::move(wire),
        cancel,
        [deliver = std::move(deliver), fail = std::move(fail), call = std::move(call)](
            std::exception_ptr error, HttpResponse response) mutable {
          if (error) return fail(std::move(error));
          try {
            if constexpr (std::is_void_v<Result>) {
              call.finish(call.request, response);
              deliver(nullptr);
            } else {
              deliver(nullptr, call.finish(call.request, response));
            }
          } catch (...) {
            fail(std::current_exception());
          }
        });
    loop->start();
  }

  /// async_create_service_key's preparation: prepare_create_service_key, with a NameResolver
  /// that answers from the lookups carried out so far and throws PendingLookup for the next
  /// one. That lookup's NameSearch is walked a page at a time (send_call, under the call's
  /// cancellation), its answer kept, and prepare_create_service_key asked again, until it builds
  /// the request. So the lookups are the sync client's, in its order, and the request is built
  /// by the same code from their answers; nothing is created when a lookup fails.
  struct ServiceKeyPrepare {
    CreateServiceKeyParams params;
    template <class Fail, class Send>
    void operator()(const std::shared_ptr<const State>& state, const AsyncCancellation& cancel,
                    Fail fail, Send send) {
      std::make_shared<NameLookups<Fail, Send>>(state, std::move(params), cancel, std::move(fail),
                                                std::move(send))
          ->step();
    }
  };

  template <class Fail, class Send>
  struct NameLookups : std::enable_shared_from_this<NameLookups<Fail, Send>> {
    NameLookups(std::shared_ptr<const State> s, CreateServiceKeyParams p, AsyncCancellation c,
                Fail f, Send sd)
        : state(std::move(s)),
          params(std::move(p)),
          cancel(std::move(c)),
          fail(std::move(f)),
          send(std::move(sd)) {}

    // prepare_create_service_key with the answers so far: the request, or the next lookup.
    void step() {
      std::optional<detail::PreparedCall<ApiKeyCreated>> call;
      try {
        std::size_t asked = 0;
        detail::NameResolver names(state->core->max_consecutive_empty_pages(),
                                   [this, &asked](detail::NameSearch search) -> std::string {
                                     if (asked < answers.size()) return answers[asked++];
                                     throw detail::PendingLookup{std::move(search)};
                                   });
        call.emplace(detail::prepare_create_service_key(state->core->revision(), params, names));
      } catch (detail::PendingLookup& pending) {
        search.emplace(std::move(pending.search));
        return fetch();
      } catch (...) {
        return fail(std::current_exception());
      }
      if (cancelled(call->request)) return;
      send(std::move(*call));
    }

    // The page search->next() names.
    void fetch() {
      std::optional<detail::PreparedCall<detail::NamedPage>> call;
      try {
        call.emplace(detail::prepare_listing(state->core->revision(), search->next()));
      } catch (...) {
        return fail(std::current_exception());
      }
      if (cancelled(call->request)) return;
      auto self = this->shared_from_this();
      send_call(
          state, std::move(*call), cancel,
          [self](std::exception_ptr, detail::NamedPage page) { self->on_page(std::move(page)); },
          [self](std::exception_ptr error) { self->fail(std::move(error)); });
    }

    void on_page(detail::NamedPage page) {
      try {
        if (!search->take(std::move(page))) return fetch();
      } catch (...) {
        return fail(std::current_exception());
      }
      answers.push_back(search->result());
      search.reset();
      step();
    }

    // Cancelled between two calls (no exchange in progress to end): fails with
    // TransportError(cancelled) instead of sending `next`.
    bool cancelled(const HttpRequest& next) {
      if (!cancel.cancelled()) return false;
      fail(std::make_exception_ptr(
          TransportError(TransportError::Kind::cancelled,
                         next.method + " " + next.path + ": cancelled before it was sent", false)));
      return true;
    }

    std::shared_ptr<const State> state;
    CreateServiceKeyParams params;
    AsyncCancellation cancel;
    Fail fail;
    Send send;
    std::vector<std::string> answers;          // of the lookups carried out, in order
    std::optional<detail::NameSearch> search;  // the lookup being walked
  };

  std::shared_ptr<const State> state_;
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
    return boost::asio::async_initiate<Token, void(std::exception_ptr, Page)>(
        [state = state_](auto handler) { next(state, std::move(handler)); }, token);
  }

  /// The cursor of the page last given, or being fetched when a fetch failed (nullopt for the
  /// first page): a new walk from it repeats at most that page's keys, and skips none.
  [[nodiscard]] const std::optional<std::string>& resume_cursor() const noexcept {
    return state_->walk.cursor();
  }
  /// Pages fetched so far.
  [[nodiscard]] std::size_t pages_fetched() const noexcept { return state_->walk.pages(); }

 private:
  friend class AsyncClient;
  struct State {
    AsyncClient client;
    ListKeysParams params;
    detail::CursorWalk walk;
    bool started = false;
    bool running = false;
  };
  explicit AsyncPager(std::shared_ptr<State> state) : state_(std::move(state)) {}

  // Fetches at walk.cursor() until a page to give; hands it (or the end, or the error) to
  // `handler` on its associated executor.
  template <class Handler>
  static void next(const std::shared_ptr<State>& state, Handler handler) {
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    auto ex = boost::asio::get_associated_executor(handler, state->client.get_executor());
    auto deliver = [state, ex, h = std::make_shared<Handler>(std::move(handler))](
                       std::exception_ptr error, Page page, bool ends_run = true) {
      if (ends_run) state->running = false;
      boost::asio::post(ex, [h, error, page = std::move(page)]() mutable {
        std::move (*h)(error, std::move(page));
      });
    };
    if (state->running) {
      return deliver(std::make_exception_ptr(ValidationError(
                         "AsyncPager::async_next", "one async_next at a time: the last one runs")),
                     std::nullopt, false);
    }
    if (state->started && !state->walk.more()) return deliver(nullptr, std::nullopt);
    if (state->started) state->walk.advance();
    state->started = true;
    state->running = true;
    fetch(state, std::move(slot), std::move(deliver));
  }

  template <class Slot, class Deliver>
  static void fetch(const std::shared_ptr<State> state, Slot slot, Deliver deliver) {
    ListKeysParams params = state->params;
    params.cursor = state->walk.cursor();
    state->client.async_list(
        std::move(params),
        boost::asio::bind_cancellation_slot(slot, [state, slot, deliver](std::exception_ptr error,
                                                                         ApiKeyList list) mutable {
          if (error) return deliver(std::move(error), std::nullopt);
          try {
            PageOf<ApiKey> page = page_from_response(
                std::move(list.api_keys.get()), list.pagination.has_more,
                std::move(list.pagination.next_cursor), state->walk.cursor(), "GET /v2/api-keys");
            if (state->walk.accept(page)) return deliver(nullptr, std::move(page.items));
          } catch (...) {
            return deliver(std::current_exception(), std::nullopt);
          }
          fetch(state, std::move(slot), std::move(deliver));  // an empty page pointing on
        }));
  }

  std::shared_ptr<State> state_;
};

inline AsyncPager AsyncClient::list_all(ListKeysParams params) const {
  // Validates now, as the sync list_all does (the path is the same in every revision).
  (void)detail::prepare_list(api_revision(), params);
  std::optional<std::string> first = std::move(params.cursor);
  params.cursor.reset();
  auto walk = detail::CursorWalk(std::move(first), state_->core->max_consecutive_empty_pages());
  return AsyncPager(std::make_shared<AsyncPager::State>(
      AsyncPager::State{*this, std::move(params), std::move(walk)}));
}

}  // namespace arize
