// RecordingTransport: a Transport for users' own tests (and ours). It records every request and
// answers from a queue of scripted responses or errors, or from a handler.
//
//   arize::testing::RecordingTransport fake;
//   fake.respond(200, R"({"api_keys": [], "pagination": {"has_more": false}})");
//   arize::Client client({.api_key = arize::Secret("test"), .transport = fake});
//   client.api_keys.list();
//   CHECK(fake.requests().at(0).target() == "/v2/api-keys");
//
// Copies share one record (the Client holds a copy). Thread-safe.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "arize/core/errors.hpp"
#include "arize/core/transport.hpp"

namespace arize::testing {

class RecordingTransport {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  RecordingTransport() : state_(std::make_shared<State>()) {}

  /// Queues a response.
  RecordingTransport& respond(HttpResponse response) {
    const std::lock_guard lock(state_->mutex);
    state_->script.emplace_back(std::move(response));
    return *this;
  }
  RecordingTransport& respond(int status, std::string body = {}, Headers headers = {}) {
    if (!body.empty() && !headers.contains("Content-Type"))
      headers.set("Content-Type", "application/json");
    return respond(
        HttpResponse{.status = status, .headers = std::move(headers), .body = std::move(body)});
  }
  /// Queues a network failure.
  RecordingTransport& fail(TransportError error) {
    const std::lock_guard lock(state_->mutex);
    state_->script.emplace_back(std::move(error));
    return *this;
  }
  /// Answers every request the queue does not cover.
  RecordingTransport& otherwise(Handler handler) {
    const std::lock_guard lock(state_->mutex);
    state_->handler = std::move(handler);
    return *this;
  }

  HttpResponse send(const HttpRequest& request) {
    Handler handler;
    {
      const std::lock_guard lock(state_->mutex);
      state_->requests.push_back(request);
      if (!state_->script.empty()) {
        auto next = std::move(state_->script.front());
        state_->script.pop_front();
        if (auto* error = std::get_if<TransportError>(&next)) throw *error;
        return std::get<HttpResponse>(std::move(next));
      }
      handler = state_->handler;
    }
    if (handler) return handler(request);
    throw TransportError(
        TransportError::Kind::other,
        "RecordingTransport: no response scripted for " + request.method + " " + request.path,
        false);
  }

  /// Every request sent so far, in order (a copy: safe while other threads send).
  [[nodiscard]] std::vector<HttpRequest> requests() const {
    const std::lock_guard lock(state_->mutex);
    return state_->requests;
  }
  [[nodiscard]] std::size_t pending() const {
    const std::lock_guard lock(state_->mutex);
    return state_->script.size();
  }

 private:
  struct State {
    mutable std::mutex mutex;
    std::vector<HttpRequest> requests;
    std::deque<std::variant<HttpResponse, TransportError>> script;
    Handler handler;
  };
  std::shared_ptr<State> state_;
};

}  // namespace arize::testing
