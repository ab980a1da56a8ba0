// What the benchmark programs share (arize-bench, arize-bench-async): the alternating
// comparison harness, CPU clocks, the realistic keys, the stub API server in a child process,
// the hand-written client's set-up and the output helpers. Figures are ratios against a
// baseline measured in the same run (see README.md).
#pragma once

#include <httplib.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <arize/api_keys.hpp>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hand_client.hpp"

namespace bench {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

/// Keeps the optimizer from dropping a computed value.
template <class T>
void keep(const T& value) {
  asm volatile("" : : "r"(&value) : "memory");
}

/// How many samples of each side a comparison takes, and how long one sample runs.
struct Sampling {
  int samples = 15;         // samples of each side
  double sample_ms = 40.0;  // target length of one sample
};

/// The bearer token of the stub servers (not a real key).
constexpr std::string_view kBenchToken = "ak-bench-token-0123456789abcdef";

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/// CPU time consumed so far by the calling thread (CLOCK_THREAD_CPUTIME_ID) or by the whole
/// process, every thread of it (CLOCK_PROCESS_CPUTIME_ID), in ns.
inline double cpu_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

/// Per call of one timed batch: wall time, CPU time of the calling thread, and CPU time of the
/// whole process (the calling thread plus any thread the code measured wakes, e.g. a watchdog).
struct BatchTimes {
  double wall_ns = 0;
  double thread_cpu_ns = 0;
  double process_cpu_ns = 0;
};

/// One timed batch: ns per call.
inline BatchTimes run_batch(const std::function<void()>& fn, std::size_t calls) {
  const double thread0 = cpu_ns(CLOCK_THREAD_CPUTIME_ID);
  const double process0 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
  const auto start = Clock::now();
  for (std::size_t i = 0; i < calls; ++i) fn();
  const auto elapsed = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  const double n = static_cast<double>(calls);
  return BatchTimes{elapsed / n, (cpu_ns(CLOCK_THREAD_CPUTIME_ID) - thread0) / n,
                    (cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - process0) / n};
}

/// Calls per batch so that a batch of the slower of the two takes about `target_ms`.
inline std::size_t calibrate(const std::function<void()>& a, const std::function<void()>& b,
                             double target_ms) {
  std::size_t calls = 1;
  for (;;) {
    const auto start = Clock::now();
    for (std::size_t i = 0; i < calls; ++i) a();
    for (std::size_t i = 0; i < calls; ++i) b();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (ms >= target_ms / 4 || calls >= (std::size_t{1} << 24)) {
      const double per_call_ms = ms / static_cast<double>(calls);  // a + b
      return std::max<std::size_t>(1, static_cast<std::size_t>(target_ms / per_call_ms));
    }
    calls *= 2;
  }
}

struct Comparison {
  std::string name;
  std::string subject;
  std::string baseline;
  double subject_ns = 0;
  double baseline_ns = 0;
  std::size_t calls_per_sample = 0;
  int samples = 0;
  // CPU per call: of the calling thread, and of the whole process (medians).
  double subject_cpu_ns = 0;
  double baseline_cpu_ns = 0;
  double subject_process_cpu_ns = 0;
  double baseline_process_cpu_ns = 0;
  [[nodiscard]] double ratio() const { return subject_ns / baseline_ns; }
};

/// Median ns per call of `subject` and `baseline`, samples alternating, after a warm-up.
/// `samples`: 0 for cfg.samples.
inline Comparison compare(const Sampling& cfg, std::string name, std::string subject_label,
                          const std::function<void()>& subject, std::string baseline_label,
                          const std::function<void()>& baseline,
                          std::optional<double> sample_ms = std::nullopt, int samples = 0) {
  if (samples <= 0) samples = cfg.samples;
  const std::size_t calls = calibrate(subject, baseline, sample_ms.value_or(cfg.sample_ms));
  (void)run_batch(subject, std::max<std::size_t>(1, calls / 4));  // warm-up
  (void)run_batch(baseline, std::max<std::size_t>(1, calls / 4));
  std::vector<BatchTimes> s;
  std::vector<BatchTimes> b;
  for (int i = 0; i < samples; ++i) {
    if (i % 2 == 0) {
      s.push_back(run_batch(subject, calls));
      b.push_back(run_batch(baseline, calls));
    } else {
      b.push_back(run_batch(baseline, calls));
      s.push_back(run_batch(subject, calls));
    }
  }
  const auto med = [](const std::vector<BatchTimes>& v, double BatchTimes::*field) {
    std::vector<double> values;
    for (const auto& t : v) values.push_back(t.*field);
    return median(std::move(values));
  };
  Comparison c{std::move(name),
               std::move(subject_label),
               std::move(baseline_label),
               med(s, &BatchTimes::wall_ns),
               med(b, &BatchTimes::wall_ns),
               calls,
               samples};
  c.subject_cpu_ns = med(s, &BatchTimes::thread_cpu_ns);
  c.baseline_cpu_ns = med(b, &BatchTimes::thread_cpu_ns);
  c.subject_process_cpu_ns = med(s, &BatchTimes::process_cpu_ns);
  c.baseline_process_cpu_ns = med(b, &BatchTimes::process_cpu_ns);
  return c;
}

/// Key `i` of a realistic page, as the API would send it: every key has a description, half
/// have `expires_at`, three quarters `last_used_at`. `current`: 2026-07's enum values
/// (USER, ACTIVE), else 2026-06's (user, active).
inline Json key_json(std::size_t i, bool current = false) {
  const std::string n = std::to_string(i);
  const bool service = i % 3 == 0;
  Json key = {
      {"id", "QXBpS2V5OjEwMDAw" + n},
      {"name", "ingestion-service-key-" + n},
      {"description", "Key used by the nightly ingestion job of team " + n},
      {"key_type", current ? (service ? "SERVICE" : "USER") : (service ? "service" : "user")},
      {"status", current ? "ACTIVE" : "active"},
      {"redacted_key", "ak-3f9...a1" + n},
      {"created_at", "2026-01-01T12:00:00.123456Z"},
      {"created_by_user_id", "VXNlcjox"},
  };
  if (i % 2 == 0) key["expires_at"] = "2027-06-30T00:00:00Z";
  if (i % 4 != 3) key["last_used_at"] = "2026-02-11T08:15:42.5Z";
  return key;
}

constexpr const char* kSpaceId = "U3BhY2U6MQ==";        // "Space:1"
constexpr const char* kOrgId = "T3JnYW5pemF0aW9uOjE=";  // "Organization:1"
constexpr const char* kCursorPrefix = "Y3Vyc29yOjAw";   // + the offset of the next key

/// The 2026-07 answer to a service key create: the key, its raw secret and its bot user.
inline std::string service_created_text() {
  const Json predefined_member = {{"type", "PREDEFINED"}, {"name", "MEMBER"}};
  Json created = key_json(0, true);
  created["key_type"] = "SERVICE";
  created["key"] = "ak-3f9c0a2b4d6e8f10a1b2c3d4e5f60718";
  created["bot_user"] = {{"id", "VXNlcjo5OTk5"},
                         {"name", "bot-ingestion-service-key-0"},
                         {"account_role", predefined_member},
                         {"organizations",
                          {{{"org_id", kOrgId},
                            {"role", {{"type", "PREDEFINED"}, {"name", "READ_ONLY"}}},
                            {"spaces", {{{"space_id", kSpaceId}, {"role", predefined_member}}}}}}}};
  return created.dump();
}

/// The API of section 4, served from a child process: GET /n<N>/v2/api-keys?limit=L&cursor=C
/// pages through the first N of `keys` keys (2026-07, generated once), the cursor being the
/// offset of the next key; POST /n<N>/v2/api-keys answers a created service key. TCP_NODELAY
/// and unlimited keep-alive; `threads` connections are served at once (0: cpp-httplib's
/// default pool), more wait for a thread. `cpus`: the CPUs the stub may run on (empty: any).
/// Fork it before any thread starts (the child serves until killed; it dies with the parent).
/// Keeps the calling thread, and the threads and processes it starts from now on, on `cpus`
/// (nothing when empty); throws when the system refuses.
inline void pin_to(const std::vector<int>& cpus) {
  if (cpus.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  for (const int cpu : cpus) CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    throw std::runtime_error("sched_setaffinity failed");
}

class ForkedStub {
 public:
  explicit ForkedStub(std::size_t keys, std::size_t threads = 0, std::vector<int> cpus = {}) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
    std::fflush(nullptr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork() failed");
    if (pid_ == 0) {
      close(fds[0]);
      pin_to(cpus);
      serve(keys, threads, fds[1]);  // never returns
    }
    close(fds[1]);
    int got = -1;
    const ssize_t n = read(fds[0], &got, sizeof got);
    close(fds[0]);
    if (n != static_cast<ssize_t>(sizeof got) || got <= 0) {
      stop();
      throw std::runtime_error("the stub server process did not start");
    }
    port = got;
  }
  ~ForkedStub() { stop(); }
  ForkedStub(const ForkedStub&) = delete;
  ForkedStub& operator=(const ForkedStub&) = delete;

  int port = 0;

 private:
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  [[noreturn]] static void serve(std::size_t count, std::size_t threads, int report_fd) {
    int port = -1;
    try {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      std::vector<std::string> keys;
      keys.reserve(count);
      for (std::size_t i = 0; i < count; ++i) keys.push_back(key_json(i, true).dump());
      const std::string created = service_created_text();
      httplib::Server server;
      server.set_tcp_nodelay(true);
      server.set_keep_alive_max_count(1 << 30);
      if (threads > 0)
        server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
      server.Get(
          R"(/n(\d+)/v2/api-keys)", [&](const httplib::Request& req, httplib::Response& res) {
            const std::size_t n = std::min<std::size_t>(std::stoul(req.matches[1]), keys.size());
            const std::size_t limit =
                req.has_param("limit") ? std::stoul(req.get_param_value("limit")) : 50;
            std::size_t from = 0;
            if (req.has_param("cursor")) {
              const std::string cursor = req.get_param_value("cursor");
              if (cursor.rfind(kCursorPrefix, 0) != 0) {
                res.status = 400;
                return;
              }
              from = std::stoul(cursor.substr(std::strlen(kCursorPrefix)));
            }
            const std::size_t to = std::min(n, from + limit);
            std::string body = R"({"api_keys":[)";
            for (std::size_t i = from; i < to; ++i) {
              if (i != from) body += ',';
              body += keys[i];
            }
            body += R"(],"pagination":{)";
            if (to < n) {
              body += R"("next_cursor":")" + std::string(kCursorPrefix) + std::to_string(to) +
                      R"(","has_more":true}})";
            } else {
              body += R"("has_more":false}})";
            }
            res.set_content(body, "application/json");
          });
      server.Post(R"(/n(\d+)/v2/api-keys)", [&](const httplib::Request&, httplib::Response& res) {
        res.status = 201;
        res.set_content(created, "application/json");
      });
      port = server.bind_to_any_port("127.0.0.1");
      if (write(report_fd, &port, sizeof port) != static_cast<ssize_t>(sizeof port)) _exit(1);
      close(report_fd);
      if (port > 0) server.listen_after_bind();
    } catch (...) {
      if (port < 0) (void)!write(report_fd, &port, sizeof port);
    }
    _exit(1);
  }

  pid_t pid_ = -1;
};

/// The client for section 4: the current revision, against the stub's walk over `keys` keys.
inline arize::Client versus_client(int port, std::size_t keys) {
  return arize::Client(arize::ClientOptions{
      .api_key = arize::Secret(std::string(kBenchToken)),
      .base_url = "http://127.0.0.1:" + std::to_string(port) + "/n" + std::to_string(keys),
      .alpha_warning = false,
      .api_revision = arize::ApiRevision::v2026_07,
  });
}

inline hand::Client versus_hand(int port, std::size_t keys) {
  return hand::Client("http://127.0.0.1:" + std::to_string(port), "/n" + std::to_string(keys),
                      std::string(kBenchToken));
}

inline std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

inline std::string human_ns(double ns) {
  if (ns >= 1e6) return fmt("%.2f ms", ns / 1e6);
  if (ns >= 1e3) return fmt("%.1f us", ns / 1e3);
  return fmt("%.0f ns", ns);
}

inline std::string human_bytes(std::int64_t b) {
  const auto v = static_cast<double>(b);
  if (v >= 1024.0 * 1024.0) return fmt("%.2f MiB", v / (1024.0 * 1024.0));
  if (v >= 1024.0) return fmt("%.1f KiB", v / 1024.0);
  return fmt("%.0f B", v);
}

inline Json to_json(const Comparison& c) {
  return Json{{"name", c.name},
              {"subject", c.subject},
              {"baseline", c.baseline},
              {"subject_ns", c.subject_ns},
              {"baseline_ns", c.baseline_ns},
              {"ratio", c.ratio()},
              {"calls_per_sample", c.calls_per_sample},
              {"samples", c.samples},
              {"subject_cpu_ns", c.subject_cpu_ns},
              {"baseline_cpu_ns", c.baseline_cpu_ns},
              {"subject_all_threads_cpu_ns", c.subject_process_cpu_ns},
              {"baseline_all_threads_cpu_ns", c.baseline_process_cpu_ns}};
}

/// Prints the rows of a comparison against the hand-written loop (throughput = hand time /
/// client time; CPU ratios of the calling thread and of all threads) and returns them as JSON.
inline Json versus_hand_table(const std::vector<Comparison>& rows) {
  std::printf("  %-28s %10s %10s %10s %10s %10s %8s %8s\n", "figure", "client", "hand",
              "throughput", "client CPU", "hand CPU", "CPU", "CPU all");
  Json out = Json::array();
  for (const Comparison& c : rows) {
    const double throughput = c.baseline_ns / c.subject_ns;
    const double cpu = c.subject_cpu_ns / c.baseline_cpu_ns;
    const double cpu_all = c.subject_process_cpu_ns / c.baseline_process_cpu_ns;
    std::printf("  %-28s %10s %10s %9.2fx %10s %10s %7.2fx %7.2fx\n", c.name.c_str(),
                human_ns(c.subject_ns).c_str(), human_ns(c.baseline_ns).c_str(), throughput,
                human_ns(c.subject_cpu_ns).c_str(), human_ns(c.baseline_cpu_ns).c_str(), cpu,
                cpu_all);
    Json j = to_json(c);
    j["throughput_ratio"] = throughput;
    j["cpu_ratio"] = cpu;
    j["all_threads_cpu_ratio"] = cpu_all;
    out.push_back(std::move(j));
  }
  return out;
}

/// The service key create of the comparisons: the client's params, and the same request as
/// the hand-written loop's JSON body.
struct ServiceKeyCreate {
  arize::CreateServiceKeyParams params{
      .name = "ingestion-service-key",
      .space_id = kSpaceId,
      .description = "Key used by the nightly ingestion job",
      .org = kOrgId,
  };
  Json body = {{"key_type", "SERVICE"},
               {"name", "ingestion-service-key"},
               {"description", "Key used by the nightly ingestion job"},
               {"organizations", {{{"org_id", kOrgId}, {"spaces", {{{"space_id", kSpaceId}}}}}}}};

  /// Throws unless both sides read the same bot user.
  static void check_alike(const arize::ApiKeyCreated& made, const hand::Created& by_hand) {
    if (!made.bot_user || !by_hand.bot_user || made.bot_user->id != by_hand.bot_user->id)
      throw std::runtime_error("the create answers were not read alike");
  }
};

}  // namespace bench
