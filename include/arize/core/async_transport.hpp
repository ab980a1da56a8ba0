// The asynchronous HTTP boundary: the AsyncTransport concept beside Transport (transport.hpp).
//
// An async transport takes an HttpRequest and reports the HttpResponse, or the TransportError
// that ended the exchange, through a completion handler, once. Nothing here names an I/O
// library: the Boost.Beast transport is async/beast_transport.hpp, a recording one for tests is
// testing/async_recording_transport.hpp, and async/client.hpp (arize::AsyncClient) sends through
// any of them, with credentials and retries added around it as the sync client adds them.
#pragma once

#include <concepts>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>

#include "arize/core/transport.hpp"

namespace arize {

/// How an async transport ends one exchange, exactly once: a null exception_ptr and the
/// response (every HTTP status is a response), or the exception (a TransportError) and an
/// empty response. It may be called before async_send returns (the recording transport does);
/// the Beast transport always calls it from its executor, later.
using AsyncSendHandler = std::function<void(std::exception_ptr, HttpResponse)>;

/// The cancellation of one call, shared by its copies: the caller cancels (the async client,
/// from the completion token's cancellation slot); whatever is in progress for the call (a
/// transport's I/O, a retry's wait) installs how to stop it. Thread-safe; the stop function
/// runs on the thread that cancels (a transport posts the real work to its executor).
class AsyncCancellation {
 public:
  AsyncCancellation() : state_(std::make_shared<State>()) {}

  /// `stop` runs once, when the call is cancelled: at once when it already was. Replaces what
  /// was installed before.
  void on_cancel(std::function<void()> stop) const {
    {
      const std::lock_guard lock(state_->mutex);
      if (!state_->cancelled) {
        state_->stop = std::move(stop);
        return;
      }
    }
    if (stop) stop();
  }
  /// Removes what on_cancel installed (the operation it stops is over).
  void clear() const {
    const std::lock_guard lock(state_->mutex);
    state_->stop = nullptr;
  }
  /// Cancels the call (once; later calls do nothing).
  void cancel() const {
    std::function<void()> stop;
    {
      const std::lock_guard lock(state_->mutex);
      if (state_->cancelled) return;
      state_->cancelled = true;
      stop = std::move(state_->stop);
    }
    if (stop) stop();
  }
  [[nodiscard]] bool cancelled() const {
    const std::lock_guard lock(state_->mutex);
    return state_->cancelled;
  }

 private:
  struct State {
    std::mutex mutex;
    bool cancelled = false;
    std::function<void()> stop;
  };
  std::shared_ptr<State> state_;
};

/// Anything that can start sending an HttpRequest and report how it ended through an
/// AsyncSendHandler. A cancelled call ends with TransportError(cancelled) unless its response
/// was complete (a create's response is never dropped).
template <class T>
concept AsyncTransport = requires(T& t, HttpRequest request, const AsyncCancellation& cancel,
                                  AsyncSendHandler done) {
  t.async_send(std::move(request), cancel, std::move(done));
};

/// Any AsyncTransport behind one non-template type (as AnyTransport for Transport).
class AnyAsyncTransport {
 public:
  /// Takes ownership of `transport`. Copies share that one object.
  template <AsyncTransport T>
  requires(!std::same_as<std::remove_cvref_t<T>, AnyAsyncTransport> && !std::is_reference_v<T>)
      AnyAsyncTransport(T transport)  // NOLINT(google-explicit-constructor)
      : impl_(std::make_shared<T>(std::move(transport))), send_(&send_through<T>) {}

  void async_send(HttpRequest request, const AsyncCancellation& cancel,
                  AsyncSendHandler done) const {
    send_(impl_.get(), std::move(request), cancel, std::move(done));
  }

 private:
  template <class T>
  static void send_through(void* transport, HttpRequest request, const AsyncCancellation& cancel,
                           AsyncSendHandler done) {
    static_cast<T*>(transport)->async_send(std::move(request), cancel, std::move(done));
  }

  std::shared_ptr<void> impl_;
  void (*send_)(void*, HttpRequest, const AsyncCancellation&, AsyncSendHandler);
};

}  // namespace arize
