// arize-bench-async: the asynchronous client (arize::AsyncClient over BeastTransport, issue 19)
// against the synchronous one and against the hand-written loop, each figure a RATIO against a
// baseline measured in the same run (see README.md).
//
//   arize-bench-async [--quick] [--json FILE] [--concurrency N,...] [--calls M] [--rounds R]
//                     [--limit L]
//
// 1. concurrency  N concurrent list calls (--limit, 50; N = 1, 10, 100, 1000), M calls in all:
//                 the async client on one io_context thread, N calls in flight at once / the
//                 sync client shared by N threads (one pool, N connections). Each run is a
//                 child process of its own, sides alternating (ABAB, BABA, ...), so that its
//                 CPU (all threads, from wait4) and its peak RSS are its own: throughput, client
//                 CPU per call, peak RSS.
// 2. vs hand      list (limit 100) and the 2026-07 service key create (with bot_user), one call
//                 at a time on the calling thread (the io_context run to completion per call) /
//                 the hand-written cpp-httplib + nlohmann loop (hand_client.hpp), alternating:
//                 wall time and CPU per call (issue 20's targets, through the Beast transport).
//                 Then the same list (limit 50 and 100) and create through the synchronous
//                 arize::Client over BeastSyncTransport (sync/beast_transport.hpp: blocking
//                 calls, three system calls a call on a kept connection) against the same loop.
//
// The API is the stub of bench_support.hpp, in a child process forked first.
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <arize/async/client.hpp>
#include <arize/sync/beast_transport.hpp>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "hand_client.hpp"

namespace {
using namespace bench;  // the harness (bench_support.hpp)

struct Config : Sampling {
  bool quick = false;
  std::optional<std::string> json_file;
  std::vector<int> concurrency{1, 10, 100, 1000};
  std::size_t calls = 20000;         // calls of one concurrency run (at least 4 per worker)
  int rounds = 3;                    // runs of each side at each N
  double request_sample_ms = 150.0;  // target length of one sample of section 2
  std::int32_t limit = 50;           // keys per page of section 1's list calls
};

constexpr std::size_t kStubKeys = 1000;  // keys behind the stub's /n1000

arize::ClientOptions stub_options(int port, std::size_t idle_connections) {
  arize::ClientOptions options{
      .api_key = arize::Secret(std::string(kBenchToken)),
      .base_url = "http://127.0.0.1:" + std::to_string(port) + "/n" + std::to_string(kStubKeys),
      .alpha_warning = false,
      .api_revision = arize::ApiRevision::v2026_07,
  };
  options.http.max_idle_connections = idle_connections;
  return options;
}

// ---- 1. concurrency ------------------------------------------------------------------------

/// What a run's child process reports through its pipe.
struct ChildReport {
  std::uint64_t ok = 0;      // calls that returned the expected page
  std::uint64_t failed = 0;  // calls that threw or returned something else
  double wall_ns = 0;        // from the first call started to the last one finished
};

/// One run, measured from outside: the child's report plus its rusage.
struct Run {
  ChildReport report;
  double cpu_ns = 0;          // user + system CPU of the child, all its threads
  std::int64_t peak_rss = 0;  // bytes (ru_maxrss)
};

double seconds_ns(const timeval& t) {
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_usec) * 1e3;
}

/// Runs `work` (returning a ChildReport) in a child process. Call it only while this process
/// has no other thread (the child starts its own).
template <class Work>
Run in_child(Work work) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork() failed");
  if (pid == 0) {
    close(fds[0]);
    int code = 1;
    try {
      const ChildReport r = work();
      code = write(fds[1], &r, sizeof r) == static_cast<ssize_t>(sizeof r) ? 0 : 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "arize-bench-async: a run failed: %s\n", e.what());
    }
    _exit(code);
  }
  close(fds[1]);
  Run run;
  const ssize_t n = read(fds[0], &run.report, sizeof run.report);
  close(fds[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      n != static_cast<ssize_t>(sizeof run.report)) {
    throw std::runtime_error("a measured run did not finish");
  }
  run.cpu_ns = seconds_ns(usage.ru_utime) + seconds_ns(usage.ru_stime);
  run.peak_rss = static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
  return run;
}

bool expected_page(const arize::ApiKeyList& page, std::int32_t limit) {
  return page.api_keys.get().size() == static_cast<std::size_t>(limit);
}

/// `total` list calls, `n` in flight at once, from one io_context thread.
ChildReport async_run(int port, int n, std::size_t total, std::int32_t limit) {
  boost::asio::io_context io(1);
  arize::AsyncClient client(io.get_executor(), stub_options(port, static_cast<std::size_t>(n)));
  const arize::ListKeysParams params{.limit = limit};
  ChildReport report;
  std::size_t started = 0;
  // Each in-flight call starts the next one when it completes, until `total` were started.
  struct Chain {
    arize::AsyncClient& client;
    const arize::ListKeysParams& params;
    ChildReport& report;
    std::size_t& started;
    std::size_t total;
    std::int32_t limit;
    void next() {
      ++started;
      client.async_list(params, [this](std::exception_ptr e, arize::ApiKeyList page) {
        if (!e && expected_page(page, limit)) {
          ++report.ok;
        } else {
          ++report.failed;
        }
        if (started < total) next();
      });
    }
  };
  Chain chain{client, params, report, started, total, limit};
  const auto start = Clock::now();
  for (int i = 0; i < n && started < total; ++i) chain.next();
  io.run();
  report.wall_ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  return report;
}

/// `total` list calls from `n` threads sharing one arize::Client (its pool keeps n connections).
ChildReport sync_run(int port, int n, std::size_t total, std::int32_t limit) {
  arize::Client client(stub_options(port, static_cast<std::size_t>(n)));
  const arize::ListKeysParams params{.limit = limit};
  std::atomic<std::size_t> started{0};
  std::atomic<std::uint64_t> ok{0};
  std::atomic<std::uint64_t> failed{0};
  const auto start = Clock::now();
  {
    std::vector<std::jthread> threads;
    threads.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&] {
        while (started.fetch_add(1) < total) {
          try {
            if (expected_page(client.api_keys.list(params), limit)) {
              ++ok;
            } else {
              ++failed;
            }
          } catch (const std::exception&) {
            ++failed;
          }
        }
      });
    }
  }  // joined
  ChildReport report;
  report.wall_ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  report.ok = ok.load();
  report.failed = failed.load();
  return report;
}

struct ConcurrencyRow {
  int n = 0;
  std::size_t calls = 0;
  std::vector<Run> async_runs, sync_runs;
};

double median_of(const std::vector<Run>& runs, double (*field)(const Run&)) {
  std::vector<double> v;
  for (const Run& r : runs) v.push_back(field(r));
  return median(std::move(v));
}
double per_call_wall(const Run& r) {
  return r.report.wall_ns / static_cast<double>(r.report.ok + r.report.failed);
}
double per_call_cpu(const Run& r) {
  return r.cpu_ns / static_cast<double>(r.report.ok + r.report.failed);
}
double peak_rss(const Run& r) { return static_cast<double>(r.peak_rss); }

std::vector<ConcurrencyRow> bench_concurrency(const Config& cfg, int port) {
  std::vector<ConcurrencyRow> rows;
  for (const int n : cfg.concurrency) {
    ConcurrencyRow row{n, std::max(cfg.calls, static_cast<std::size_t>(n) * 4), {}, {}};
    const auto one = [&](bool async) {
      Run r = in_child([&] {
        return async ? async_run(port, n, row.calls, cfg.limit)
                     : sync_run(port, n, row.calls, cfg.limit);
      });
      if (r.report.failed != 0 || r.report.ok != row.calls) {
        throw std::runtime_error(std::to_string(r.report.failed) + " of " +
                                 std::to_string(row.calls) + " calls failed (" +
                                 (async ? "async" : "sync") + ", N = " + std::to_string(n) + ")");
      }
      (async ? row.async_runs : row.sync_runs).push_back(r);
    };
    for (int round = 0; round < cfg.rounds; ++round) {
      one(round % 2 == 0);
      one(round % 2 != 0);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// ---- 2. against the hand-written loop --------------------------------------------------------

/// The async client driven one call at a time: `call` starts an operation with a handler; the
/// io_context runs until it completed.
class Blocking {
 public:
  explicit Blocking(int port) : client_(io_.get_executor(), stub_options(port, 1)) {}

  arize::ApiKeyList list(std::int32_t limit) {
    arize::ListKeysParams params{.limit = limit};
    return wait<arize::ApiKeyList>(
        [&](auto handler) { client_.async_list(std::move(params), std::move(handler)); });
  }
  arize::ApiKeyCreated create(const arize::CreateServiceKeyParams& params) {
    return wait<arize::ApiKeyCreated>(
        [&](auto handler) { client_.async_create_service_key(params, std::move(handler)); });
  }

 private:
  template <class R, class Start>
  R wait(Start start) {
    std::optional<R> result;
    std::exception_ptr error;
    start([&](std::exception_ptr e, R r) {
      error = e;
      if (!e) result.emplace(std::move(r));
    });
    io_.restart();
    io_.run();
    if (error) std::rethrow_exception(error);
    if (!result) throw std::runtime_error("the call did not complete");
    return std::move(*result);
  }

  boost::asio::io_context io_{1};
  arize::AsyncClient client_;
};

std::vector<Comparison> bench_versus_hand(const Config& cfg, int port) {
  Blocking client(port);
  hand::Client handmade = versus_hand(port, kStubKeys);
  std::vector<Comparison> out;

  constexpr std::int32_t limit = 100;
  const auto mine = client.list(limit);
  const auto theirs = handmade.list(limit, std::nullopt);
  if (mine.api_keys.get().size() != static_cast<std::size_t>(limit) ||
      theirs.keys.size() != static_cast<std::size_t>(limit) ||
      mine.api_keys.get().back().id.get() != theirs.keys.back().id) {
    throw std::runtime_error("the async client and the hand-written loop saw different pages");
  }
  out.push_back(compare(
      cfg, "list limit=100", "AsyncClient::async_list({.limit=100}), io_context run per call",
      [&] { keep(client.list(limit)); }, "hand-written Get + json::parse + structs",
      [&] { keep(handmade.list(limit, std::nullopt)); }, cfg.request_sample_ms));

  const ServiceKeyCreate create;
  ServiceKeyCreate::check_alike(client.create(create.params), handmade.create(create.body));
  out.push_back(compare(
      cfg, "create (bot_user)", "AsyncClient::async_create_service_key({...ids})",
      [&] { keep(client.create(create.params)); }, "hand-written Post + json::parse + structs",
      [&] { keep(handmade.create(create.body)); }, cfg.request_sample_ms));

  // The sync client over BeastSyncTransport (ClientOptions::http keeps its defaults).
  arize::ClientOptions sync_options = stub_options(port, 1);
  arize::HttplibTransportOptions beast = sync_options.http;
  beast.base_url = *sync_options.base_url;
  sync_options.http = {};
  sync_options.transport = arize::BeastSyncTransport(beast);
  arize::Client sync(std::move(sync_options));
  for (const std::int32_t n : {50, 100}) {
    if (sync.api_keys.list({.limit = n}).api_keys.get().back().id.get() !=
        handmade.list(n, std::nullopt).keys.back().id) {
      throw std::runtime_error("BeastSyncTransport and the hand-written loop saw different pages");
    }
    out.push_back(compare(
        cfg, "sync Beast list limit=" + std::to_string(n),
        "Client::list({.limit=" + std::to_string(n) + "}) over BeastSyncTransport",
        [&] { keep(sync.api_keys.list({.limit = n})); }, "hand-written Get + json::parse + structs",
        [&] { keep(handmade.list(n, std::nullopt)); }, cfg.request_sample_ms));
  }
  ServiceKeyCreate::check_alike(sync.api_keys.create_service_key(create.params),
                                handmade.create(create.body));
  out.push_back(compare(
      cfg, "sync Beast create (bot_user)",
      "Client::create_service_key({...ids}) over BeastSyncTransport",
      [&] { keep(sync.api_keys.create_service_key(create.params)); },
      "hand-written Post + json::parse + structs", [&] { keep(handmade.create(create.body)); },
      cfg.request_sample_ms));
  return out;
}

// ---- output --------------------------------------------------------------------------------

void print_concurrency(const Config& cfg, const std::vector<ConcurrencyRow>& rows, Json& doc) {
  std::printf(
      "\n1. N concurrent list calls (limit %d): the async client on one io_context thread / the "
      "sync client\n   shared by N threads; each run a child process (CPU of all its threads, "
      "peak RSS), medians of runs\n",
      cfg.limit);
  std::printf("  %6s %7s %12s %12s %10s %11s %11s %7s %10s %10s %7s\n", "N", "calls", "async/call",
              "sync/call", "throughput", "async CPU", "sync CPU", "CPU", "async RSS", "sync RSS",
              "RSS");
  doc["concurrency"] = Json::array();
  for (const ConcurrencyRow& row : rows) {
    const double a_wall = median_of(row.async_runs, per_call_wall);
    const double s_wall = median_of(row.sync_runs, per_call_wall);
    const double a_cpu = median_of(row.async_runs, per_call_cpu);
    const double s_cpu = median_of(row.sync_runs, per_call_cpu);
    const double a_rss = median_of(row.async_runs, peak_rss);
    const double s_rss = median_of(row.sync_runs, peak_rss);
    std::printf("  %6d %7zu %12s %12s %9.2fx %11s %11s %6.2fx %10s %10s %6.2fx\n", row.n, row.calls,
                human_ns(a_wall).c_str(), human_ns(s_wall).c_str(), s_wall / a_wall,
                human_ns(a_cpu).c_str(), human_ns(s_cpu).c_str(), a_cpu / s_cpu,
                human_bytes(static_cast<std::int64_t>(a_rss)).c_str(),
                human_bytes(static_cast<std::int64_t>(s_rss)).c_str(), a_rss / s_rss);
    doc["concurrency"].push_back({{"n", row.n},
                                  {"calls", row.calls},
                                  {"runs_per_side", row.async_runs.size()},
                                  {"async_wall_ns_per_call", a_wall},
                                  {"sync_wall_ns_per_call", s_wall},
                                  {"throughput_ratio", s_wall / a_wall},
                                  {"async_cpu_ns_per_call", a_cpu},
                                  {"sync_cpu_ns_per_call", s_cpu},
                                  {"cpu_ratio", a_cpu / s_cpu},
                                  {"async_peak_rss_bytes", a_rss},
                                  {"sync_peak_rss_bytes", s_rss},
                                  {"rss_ratio", a_rss / s_rss}});
  }
}

void print_versus_hand(const std::vector<Comparison>& rows, Json& doc) {
  std::printf(
      "\n2. One call at a time: the async client over Beast, then the sync client over "
      "BeastSyncTransport / the hand-written cpp-httplib + nlohmann loop\n   throughput = hand "
      "time / client time; CPU = client CPU per call / "
      "hand's (calling thread; all threads)\n");
  doc["versus_hand"] = versus_hand_table(rows);
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  CLI::App app{
      "The async client's figures (N concurrent calls; one call against hand-written code), as "
      "ratios against baselines measured in the same run.",
      "arize-bench-async"};
  app.add_flag("--quick", cfg.quick, "Few, short runs: N = 1 and 10, 200 calls (the smoke test)");
  app.add_option("--json", cfg.json_file, "Also write the figures to FILE as JSON")
      ->type_name("FILE");
  app.add_option("--concurrency", cfg.concurrency, "The N of section 1 (default 1,10,100,1000)")
      ->delimiter(',')
      ->check(CLI::Range(1, 4000).description(""));
  app.add_option("--calls", cfg.calls, "Calls of one run of section 1 (default 20000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}).description(""));
  app.add_option("--limit", cfg.limit, "Keys per page of section 1's calls (default 50)")
      ->check(CLI::Range(1, 100).description(""));
  app.add_option("--rounds", cfg.rounds, "Runs of each side at each N (default 3)")
      ->check(CLI::Range(1, 100).description(""));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (cfg.quick) {
    cfg.concurrency = {1, 10};
    cfg.calls = 200;
    cfg.rounds = 1;
    cfg.samples = 3;
    cfg.request_sample_ms = 15.0;
  }

  try {
    // Forked first, while this process has no other thread; threads for 1000 connections. With
    // two CPUs or more the stub gets the last one and every measured side the others: the
    // scheduler shares a CPU between threads, and 1000 runnable server threads beside one
    // client thread would leave it a thousandth of the CPU (the sync side, with N threads of
    // its own, would get half).
    const int cpus = static_cast<int>(std::thread::hardware_concurrency());
    std::vector<int> client_cpus;
    for (int cpu = 0; cpu + 1 < cpus; ++cpu) client_cpus.push_back(cpu);
    const ForkedStub stub(kStubKeys, 1100,
                          client_cpus.empty() ? std::vector<int>{} : std::vector<int>{cpus - 1});
    pin_to(client_cpus);
#ifndef __OPTIMIZE__
    std::printf("note: built without optimisation; the figures need a Release build\n");
#endif
    std::printf(
        "arize-bench-async %s (%s mode): ratios against baselines of the same run; times are "
        "medians\n",
        arize::version, cfg.quick ? "quick" : "full");
    Json doc = {{"tool", "arize-bench-async"},
                {"version", arize::version},
                {"mode", cfg.quick ? "quick" : "full"}};
    // Section 1 first: its runs are child processes, forked while this one has no thread.
    print_concurrency(cfg, bench_concurrency(cfg, stub.port), doc);
    doc["concurrency_limit"] = cfg.limit;
    print_versus_hand(bench_versus_hand(cfg, stub.port), doc);
    if (cfg.json_file) {
      std::ofstream file(*cfg.json_file);
      file << doc.dump(2) << '\n';
      if (!file) throw std::runtime_error("cannot write " + *cfg.json_file);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "arize-bench-async: %s\n", e.what());
    return 1;
  }
  return 0;
}
