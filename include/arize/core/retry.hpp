// Retries with exponential backoff and jitter, as a Transport layered over another.
//
// What is retried:
// - responses 429, 502, 503 and 504 (configurable), for idempotent requests (GET, DELETE);
// - TransportError (connect, timeout, send, receive) for idempotent requests; never a TLS
//   failure, a refused request or an over-large response, which do not heal by waiting;
// - for non-idempotent requests (create, refresh) only a TransportError that proves the request
//   never reached the server (request_may_have_been_sent() == false, e.g. connection refused).
//   A create that may have arrived is never resent: it would mint a second key. The one
//   exception is opt-in: RetryPolicy::retry_non_idempotent_on_429.
// Retry-After (delta-seconds or an HTTP-date) is honoured; when it points beyond the remaining
// time budget the response is returned as is. Attempts and total time are bounded.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "arize/core/datetime.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/http_date.hpp"
#include "arize/core/log.hpp"
#include "arize/core/transport.hpp"

namespace arize {

struct RetryPolicy {
  /// Attempts in all, the first included; 1 disables retries.
  int max_attempts = 4;
  /// Backoff before retry n (n = 1, 2, ...) is drawn from
  /// [d/2, d] with d = min(max_backoff, initial_backoff * multiplier^(n-1)).
  std::chrono::milliseconds initial_backoff{250};
  double multiplier = 2.0;
  std::chrono::milliseconds max_backoff{std::chrono::seconds(20)};
  /// The time budget of a call, all attempts and waits included: no retry starts once it
  /// would be exceeded, and each attempt carries what is left of it as HttpRequest::deadline
  /// (the default transport ends the attempt there with TransportError(timeout)).
  std::chrono::milliseconds max_total{std::chrono::seconds(60)};
  /// Statuses that are retried (for idempotent requests).
  std::vector<int> retry_statuses{429, 502, 503, 504};
  bool honor_retry_after = true;
  /// Also retry a create or refresh (POST) answered 429, when 429 is in retry_statuses. Off by
  /// default: the API says a 429 refused the request, so nothing was made and resending is
  /// safe against the API itself; but a 429 may come from a proxy or gateway that had already
  /// forwarded the request, or from a server that counts (and may have carried out) a request
  /// before rejecting the next ones, and then a resent create mints a second key. Turn it on
  /// when the 429s come from the Arize API itself (no rate-limiting proxy in between).
  /// Each retry is logged, as any other.
  bool retry_non_idempotent_on_429 = false;

  /// A policy that sends each request once.
  [[nodiscard]] static RetryPolicy none() {
    RetryPolicy p;
    p.max_attempts = 1;
    return p;
  }
};

namespace detail {

/// The decisions of a RetryPolicy, once for every retry loop (the sync RetryingTransport and
/// the async client's, async/client.hpp): whether a response or a TransportError is retried,
/// after how long, within the one time budget of the call, and what the log says.
class RetryRules {
 public:
  using Clock = std::chrono::steady_clock;

  /// Checks the policy (throws ConfigError).
  explicit RetryRules(RetryPolicy policy) : policy_(std::move(policy)) {
    if (policy_.max_attempts < 1) throw ConfigError("RetryPolicy::max_attempts must be at least 1");
    if (!(policy_.multiplier >= 1.0))  // NaN too
      throw ConfigError("RetryPolicy::multiplier must be at least 1");
    if (policy_.initial_backoff < std::chrono::milliseconds::zero() ||
        policy_.max_backoff < policy_.initial_backoff) {
      throw ConfigError("RetryPolicy backoffs must satisfy 0 <= initial_backoff <= max_backoff");
    }
    if (policy_.max_total <= std::chrono::milliseconds::zero())
      throw ConfigError("RetryPolicy::max_total must be positive");
  }

  [[nodiscard]] const RetryPolicy& policy() const noexcept { return policy_; }

  /// Starts a call at `start`: every attempt ends within the budget (saturating: max_total may
  /// be any duration), sooner when the request already had a deadline.
  void start(HttpRequest& request, Clock::time_point start) const {
    const auto budget_end = deadline_after(start, policy_.max_total);
    request.deadline = request.deadline ? std::min(*request.deadline, budget_end) : budget_end;
  }

  /// After attempt `attempt` got `response`: the wait before the next attempt, or nullopt when
  /// the response is the call's result. `reason` gets what the log says.
  std::optional<std::chrono::milliseconds> after_response(const HttpRequest& request,
                                                          const HttpResponse& response, int attempt,
                                                          Clock::time_point start,
                                                          std::string& reason) const {
    const bool may_resend =
        request.idempotent || (response.status == 429 && policy_.retry_non_idempotent_on_429);
    if (!may_resend || !retryable_status(response.status) || attempt >= policy_.max_attempts) {
      return std::nullopt;
    }
    std::optional<std::chrono::milliseconds> server_delay;
    if (policy_.honor_retry_after) {
      if (auto v = response.headers.get("Retry-After")) server_delay = parse_retry_after(*v);
    }
    reason = "HTTP " + std::to_string(response.status);
    const auto delay = next_delay(attempt, server_delay);
    if (!fits(start, delay)) return std::nullopt;
    return delay;
  }

  /// After attempt `attempt` failed with `e`: the wait before the next attempt, or nullopt when
  /// the call fails (with give_up(e, ...)).
  std::optional<std::chrono::milliseconds> after_error(const HttpRequest& request,
                                                       const TransportError& e, int attempt,
                                                       Clock::time_point start,
                                                       std::string& reason) const {
    if (!retryable_error(request, e) || attempt >= policy_.max_attempts) return std::nullopt;
    reason = e.what();
    const auto delay = next_delay(attempt, std::nullopt);
    if (!fits(start, delay)) return std::nullopt;
    return delay;
  }

  /// `e`, saying how many attempts were made over how long when there were several.
  [[nodiscard]] static TransportError give_up(const TransportError& e, int attempts,
                                              Clock::time_point start) {
    if (attempts <= 1) return e;
    return e.after_attempts(
        attempts, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start));
  }

  /// Logs the retry about to wait `delay`.
  void note(const LogSink& log, const HttpRequest& request, int attempt, const std::string& reason,
            std::chrono::milliseconds delay) const {
    if (log) {
      log(LogLevel::info, request.method + " " + request.path + " failed (" + reason + "); retry " +
                              std::to_string(attempt) + " of " +
                              std::to_string(policy_.max_attempts - 1) + " in " +
                              std::to_string(delay.count()) + " ms");
    }
  }

 private:
  bool retryable_status(int status) const {
    return std::find(policy_.retry_statuses.begin(), policy_.retry_statuses.end(), status) !=
           policy_.retry_statuses.end();
  }

  static bool retryable_error(const HttpRequest& request, const TransportError& e) {
    using Kind = TransportError::Kind;
    switch (e.kind()) {
      case Kind::invalid_request:
      case Kind::response_too_large:
      case Kind::tls:  // a certificate problem does not go away by itself
      case Kind::cancelled: return false;
      default: return request.idempotent || !e.request_may_have_been_sent();
    }
  }

  std::chrono::milliseconds next_delay(
      int attempt, std::optional<std::chrono::milliseconds> server_delay) const {
    if (server_delay) return *server_delay;
    double d = static_cast<double>(policy_.initial_backoff.count());
    for (int i = 1; i < attempt && d < static_cast<double>(policy_.max_backoff.count()); ++i)
      d *= policy_.multiplier;
    // Compared as doubles, converted only below max_backoff: a double of a count near the
    // int64 limit may not convert back.
    const std::int64_t cap = d < static_cast<double>(policy_.max_backoff.count())
                                 ? static_cast<std::int64_t>(d)
                                 : policy_.max_backoff.count();
    thread_local std::minstd_rand rng{std::random_device{}()};
    return std::chrono::milliseconds(
        std::uniform_int_distribution<std::int64_t>(cap / 2, cap)(rng));
  }

  /// Whether waiting `delay` more stays within max_total. In milliseconds, without adding the
  /// delay to anything: a Retry-After may be centuries long.
  bool fits(Clock::time_point start, std::chrono::milliseconds delay) const {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return delay <= policy_.max_total - elapsed;
  }

  RetryPolicy policy_;
};

}  // namespace detail

/// A Transport that resends failed requests through `Inner` according to a RetryPolicy.
/// Thread-safe if Inner is.
template <Transport Inner>
class RetryingTransport {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;

  explicit RetryingTransport(Inner inner, RetryPolicy policy = {}, LogSink log = stderr_log_sink,
                             Sleep sleep = {})
      : inner_(std::move(inner)),
        rules_(std::move(policy)),
        log_(std::move(log)),
        sleep_(sleep ? std::move(sleep)
                     : Sleep([](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); })) {
  }

  [[nodiscard]] Inner& inner() noexcept { return inner_; }
  [[nodiscard]] const RetryPolicy& policy() const noexcept { return rules_.policy(); }

  /// By value: a caller that built its request (the client's credentials layer) moves it in,
  /// and the request (body included) is not copied again to carry the deadline.
  HttpResponse send(HttpRequest request) {
    const auto start = std::chrono::steady_clock::now();
    rules_.start(request, start);
    for (int attempt = 1;; ++attempt) {
      std::string reason;
      std::optional<std::chrono::milliseconds> delay;
      try {
        HttpResponse response = inner_.send(request);
        delay = rules_.after_response(request, response, attempt, start, reason);
        if (!delay) return response;
      } catch (const TransportError& e) {
        delay = rules_.after_error(request, e, attempt, start, reason);
        if (!delay) throw detail::RetryRules::give_up(e, attempt, start);
      }
      rules_.note(log_, request, attempt, reason, *delay);
      sleep_(*delay);
    }
  }

 private:
  Inner inner_;
  detail::RetryRules rules_;
  LogSink log_;
  Sleep sleep_;
};

}  // namespace arize
