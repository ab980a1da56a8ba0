// AsyncRecordingTransport: an AsyncTransport for tests, over a RecordingTransport (same record,
// same scripted responses and errors, same handler). Each exchange completes at once, inside
// async_send; or, while held (hold()), waits until release() so that a test can cancel it
// mid-call: a cancelled held exchange ends with TransportError(cancelled).
//
//   arize::testing::RecordingTransport fake;
//   fake.respond(200, R"({"api_keys": [], "pagination": {"has_more": false}})");
//   arize::AsyncClient client(io.get_executor(), options,
//   arize::testing::AsyncRecordingTransport(fake));
//
// Copies share one record. Thread-safe.
#pragma once

#include <exception>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "arize/core/async_transport.hpp"
#include "arize/core/errors.hpp"
#include "arize/testing/recording_transport.hpp"

namespace arize::testing {

class AsyncRecordingTransport {
 public:
  explicit AsyncRecordingTransport(RecordingTransport recording = {})
      : recording_(std::move(recording)), state_(std::make_shared<State>()) {}

  [[nodiscard]] RecordingTransport& recording() noexcept { return recording_; }

  /// From now on, exchanges wait for release().
  void hold() {
    const std::lock_guard lock(state_->mutex);
    state_->holding = true;
  }
  /// Completes every waiting exchange (from the scripted responses, in order) and stops holding.
  void release() {
    std::vector<std::shared_ptr<Held>> held;
    {
      const std::lock_guard lock(state_->mutex);
      state_->holding = false;
      held.swap(state_->held);
    }
    for (const auto& h : held) complete(h);
  }
  /// Exchanges waiting for release() (cancelled ones included, until released).
  [[nodiscard]] std::size_t held() const {
    const std::lock_guard lock(state_->mutex);
    return state_->held.size();
  }

  void async_send(HttpRequest request, const AsyncCancellation& cancel, AsyncSendHandler done) {
    auto h = std::make_shared<Held>(std::move(request), cancel, std::move(done));
    {
      const std::lock_guard lock(state_->mutex);
      if (state_->holding) {
        state_->held.push_back(h);
        cancel.on_cancel([h] {
          finish(h, std::make_exception_ptr(TransportError(
                        TransportError::Kind::cancelled,
                        h->request.method + " " + h->request.path + ": cancelled", true)));
        });
        return;
      }
    }
    complete(h);
  }

 private:
  struct Held {
    Held(HttpRequest r, AsyncCancellation c, AsyncSendHandler d)
        : request(std::move(r)), cancel(std::move(c)), done(std::move(d)) {}
    HttpRequest request;
    AsyncCancellation cancel;
    AsyncSendHandler done;
    std::mutex mutex;
    bool finished = false;
  };
  static void finish(const std::shared_ptr<Held>& h, std::exception_ptr error,
                     HttpResponse response = {}) {
    {
      const std::lock_guard lock(h->mutex);
      if (h->finished) return;
      h->finished = true;
    }
    h->cancel.clear();
    h->done(std::move(error), std::move(response));
  }
  void complete(const std::shared_ptr<Held>& h) {
    {
      const std::lock_guard lock(h->mutex);
      if (h->finished) return;  // cancelled while held: nothing is consumed
    }
    HttpResponse response;
    try {
      response = recording_.send(h->request);
    } catch (...) {
      finish(h, std::current_exception());
      return;
    }
    finish(h, nullptr, std::move(response));
  }

  struct State {
    mutable std::mutex mutex;
    bool holding = false;
    std::vector<std::shared_ptr<Held>> held;
  };
  RecordingTransport recording_;
  std::shared_ptr<State> state_;
};

}  // namespace arize::testing
