// The deadline watchdog of the default transport: one thread that stops requests which outlive
// their deadline.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "arize/core/httplib/compat.hpp"

namespace arize::detail {

/// Ends requests that outlive their deadline. cpp-httplib bounds each socket operation, not a
/// whole request, so a server that trickles bytes (or chunks without end) could hold a call for
/// ever; Client::stop() is its public, thread-safe way to abort a request in flight (it shuts
/// the socket down, and the blocked read or write fails). One thread per transport, started on
/// first use; a stopped client is stopped again every 50 ms until its request returns (a stop
/// while the connection is still being made can only take effect once it is made).
///
/// Per request, arm() and disarm() take the lock and add or remove one entry; the thread is
/// woken only when a new deadline is earlier than the one it sleeps until (or it has none).
/// Requests with the usual deadlines (each later than those armed before it) never wake it:
/// it wakes at the earliest deadline it knew of, finds that request long done, and sleeps
/// again until the earliest deadline still armed.
class DeadlineWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  DeadlineWatchdog() = default;
  DeadlineWatchdog(const DeadlineWatchdog&) = delete;
  DeadlineWatchdog& operator=(const DeadlineWatchdog&) = delete;
  ~DeadlineWatchdog() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  /// Watches `client` until disarm(ticket); it is stopped once `deadline` has passed.
  std::uint64_t arm(httplib::Client& client, Clock::time_point deadline) {
    const std::lock_guard lock(mutex_);
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    const std::uint64_t ticket = ++next_ticket_;
    entries_.emplace(ticket, Entry{&client, deadline});
    if (deadline < sleeping_until_) wake_.notify_all();
    return ticket;
  }

  /// Stops watching; true when the deadline was reached (the request was, or may have been,
  /// cut off). After it returns, the client is no longer touched.
  bool disarm(std::uint64_t ticket) {
    std::unique_lock lock(mutex_);
    const auto it = entries_.find(ticket);
    done_.wait(lock, [&] { return !it->second.stopping; });
    const bool fired = it->second.fired;
    entries_.erase(it);
    return fired;
  }

 private:
  struct Entry {
    httplib::Client* client;
    Clock::time_point deadline;
    bool fired = false;
    bool stopping = false;  // stop() is running on it, outside the lock
  };

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      auto next = Clock::time_point::max();
      for (const auto& [ticket, e] : entries_) next = std::min(next, e.deadline);
      // arm() wakes the thread for a deadline before `next` only; from waking to the next
      // wait, the lock is held (or the loop starts over): no entry goes unseen.
      sleeping_until_ = next;
      if (next == Clock::time_point::max()) {
        wake_.wait(lock);
      } else {
        (void)wake_.wait_until(lock, next);
      }
      sleeping_until_ = Clock::time_point::min();
      const auto now = Clock::now();
      std::vector<Entry*> due;
      for (auto& [ticket, e] : entries_) {
        if (e.deadline > now) continue;
        e.fired = true;
        e.stopping = true;
        e.deadline = now + std::chrono::milliseconds(50);
        due.push_back(&e);
      }
      // stop() may wait for a connect in progress: never hold the lock meanwhile. Entries are
      // not erased while `stopping` (disarm waits), so the pointers stay valid.
      lock.unlock();
      for (Entry* e : due) e->client->stop();
      lock.lock();
      for (Entry* e : due) e->stopping = false;
      done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::map<std::uint64_t, Entry> entries_;
  std::uint64_t next_ticket_ = 0;
  // The deadline the thread sleeps until (max: none); min while it is awake, since it looks
  // at every entry before it sleeps again.
  Clock::time_point sleeping_until_ = Clock::time_point::min();
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace arize::detail
