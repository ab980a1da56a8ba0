// arize-bench: the client's speed and memory figures, each as a RATIO against a baseline measured
// in the same run (machines are shared and noisy; absolute times are printed for reference only).
//
//   arize-bench [--quick] [--json FILE] [--keys N]
//
// 1. decode   arize::decode<ApiKeyList> of a 100-key page (parse included) / nlohmann parse only
//    encode   arize::encode(ApiKeyCreate).dump() / nlohmann dump of the equivalent json object
// 2. request  client.api_keys.list() through the whole client stack / a raw httplib::Client GET
//             of the same URL and headers, both keep-alive, against an in-process emulator
// 3. memory   peak live heap bytes while iterating list_all over N keys / collecting all N keys
//             into a std::vector; and list_all's peak at 2N / at N (bounded by one page: ~1)
//
// The harness: a calibrated batch of calls is one sample; samples of the subject and of its
// baseline alternate (ABAB...), after a warm-up; the figure is the median of each.
#include <httplib.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <arize/api_keys.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto.hpp"
#include "local_emulator.hpp"
#include "store.hpp"

// ---- allocation counting ------------------------------------------------------------------
// Every operator new (but the over-aligned ones, which the code measured does not use) puts a
// 16-byte header before the block: its size, and whether it was allocated while the allocating
// thread was tracking. Tracked blocks count towards g_live (and its high-water mark g_peak)
// until freed, on whatever thread. Only the bench thread tracks, so the in-process emulator's
// server threads do not show up in the figures.

namespace {

std::atomic<std::int64_t> g_live{0};
std::atomic<std::int64_t> g_peak{0};
thread_local bool t_tracking = false;

constexpr std::size_t kHeader = 16;
static_assert(kHeader >= alignof(std::max_align_t));

struct BlockHeader {
  std::size_t size;
  std::size_t tracked;
};
static_assert(sizeof(BlockHeader) <= kHeader);

void* counted_alloc(std::size_t size) noexcept {
  auto* raw = static_cast<unsigned char*>(std::malloc(size + kHeader));
  if (raw == nullptr) return nullptr;
  const bool tracked = t_tracking;
  BlockHeader header{size, tracked ? std::size_t{1} : std::size_t{0}};
  std::memcpy(raw, &header, sizeof header);
  if (tracked) {
    const std::int64_t now =
        g_live.fetch_add(static_cast<std::int64_t>(size), std::memory_order_relaxed) +
        static_cast<std::int64_t>(size);
    std::int64_t peak = g_peak.load(std::memory_order_relaxed);
    while (now > peak && !g_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
  }
  return raw + kHeader;
}

void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  auto* raw = static_cast<unsigned char*>(p) - kHeader;
  BlockHeader header{};
  std::memcpy(&header, raw, sizeof header);
  if (header.tracked != 0) {
    g_live.fetch_sub(static_cast<std::int64_t>(header.size), std::memory_order_relaxed);
  }
  std::free(raw);
}

void* counted_new(std::size_t size) {
  void* p = counted_alloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

/// Tracks the heap of this thread from now on: live and peak start at zero.
struct HeapWatch {
  HeapWatch() {
    g_live.store(0);
    g_peak.store(0);
    t_tracking = true;
  }
  ~HeapWatch() { t_tracking = false; }
  HeapWatch(const HeapWatch&) = delete;
  HeapWatch& operator=(const HeapWatch&) = delete;
  [[nodiscard]] static std::int64_t peak() { return g_peak.load(); }
  [[nodiscard]] static std::int64_t live() { return g_live.load(); }
};

}  // namespace

void* operator new(std::size_t size) { return counted_new(size); }
void* operator new[](std::size_t size) { return counted_new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size == 0 ? 1 : size);
}
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_free(p); }

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

/// Keeps the optimizer from dropping a computed value.
template <class T>
void keep(const T& value) {
  asm volatile("" : : "r"(&value) : "memory");
}

struct Config {
  bool quick = false;
  std::optional<std::string> json_file;
  std::size_t keys = 2000;           // N of the memory figures (2N is measured too)
  int samples = 15;                  // samples of each side
  double sample_ms = 40.0;           // target length of one sample
  double request_sample_ms = 150.0;  // target length of one sample of the request figures
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/// One timed batch: ns per call.
double run_batch(const std::function<void()>& fn, std::size_t calls) {
  const auto start = Clock::now();
  for (std::size_t i = 0; i < calls; ++i) fn();
  const auto elapsed = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  return elapsed / static_cast<double>(calls);
}

/// Calls per batch so that a batch of the slower of the two takes about `target_ms`.
std::size_t calibrate(const std::function<void()>& a, const std::function<void()>& b,
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
  [[nodiscard]] double ratio() const { return subject_ns / baseline_ns; }
};

/// Median ns per call of `subject` and `baseline`, samples alternating, after a warm-up.
Comparison compare(const Config& cfg, std::string name, std::string subject_label,
                   const std::function<void()>& subject, std::string baseline_label,
                   const std::function<void()>& baseline,
                   std::optional<double> sample_ms = std::nullopt) {
  const std::size_t calls = calibrate(subject, baseline, sample_ms.value_or(cfg.sample_ms));
  (void)run_batch(subject, std::max<std::size_t>(1, calls / 4));  // warm-up
  (void)run_batch(baseline, std::max<std::size_t>(1, calls / 4));
  std::vector<double> s;
  std::vector<double> b;
  for (int i = 0; i < cfg.samples; ++i) {
    if (i % 2 == 0) {
      s.push_back(run_batch(subject, calls));
      b.push_back(run_batch(baseline, calls));
    } else {
      b.push_back(run_batch(baseline, calls));
      s.push_back(run_batch(subject, calls));
    }
  }
  return Comparison{std::move(name),
                    std::move(subject_label),
                    std::move(baseline_label),
                    median(s),
                    median(b),
                    calls,
                    cfg.samples};
}

// ---- 1. decode / encode -------------------------------------------------------------------

/// A realistic 100-key page, as the API would send it.
std::string page_text(std::size_t keys) {
  Json list = Json::array();
  for (std::size_t i = 0; i < keys; ++i) {
    const std::string n = std::to_string(i);
    Json key = {
        {"id", "QXBpS2V5OjEwMDAw" + n},
        {"name", "ingestion-service-key-" + n},
        {"description", "Key used by the nightly ingestion job of team " + n},
        {"key_type", i % 3 == 0 ? "service" : "user"},
        {"status", "active"},
        {"redacted_key", "ak-3f9...a1" + n},
        {"created_at", "2026-01-01T12:00:00.123456Z"},
        {"created_by_user_id", "VXNlcjox"},
    };
    if (i % 2 == 0) key["expires_at"] = "2027-06-30T00:00:00Z";
    if (i % 4 != 3) key["last_used_at"] = "2026-02-11T08:15:42.5Z";
    list.push_back(std::move(key));
  }
  return Json{
      {"api_keys", std::move(list)},
      {"pagination", {{"next_cursor", "eyJzIjoxMDB9LmFiY2RlZjAxMjM0NTY3ODk"}, {"has_more", true}}}}
      .dump();
}

std::vector<Comparison> bench_codec(const Config& cfg) {
  std::vector<Comparison> out;
  const std::string text = page_text(100);
  // Sanity: the page decodes to 100 keys.
  if (arize::decode<arize::v2026_06::ApiKeyList>(arize::parse_json(text)).api_keys.get().size() !=
      100) {
    throw std::runtime_error("the 100-key page did not decode to 100 keys");
  }
  out.push_back(compare(
      cfg, "decode 100-key page", "arize::decode<ApiKeyList>(parse_json(text))",
      [&] { keep(arize::decode<arize::v2026_06::ApiKeyList>(arize::parse_json(text))); },
      "nlohmann::json::parse(text)", [&] { keep(Json::parse(text)); }));

  const Json parsed = Json::parse(text);
  out.push_back(compare(
      cfg, "decode from parsed json", "arize::decode<ApiKeyList>(json)",
      [&] { keep(arize::decode<arize::v2026_06::ApiKeyList>(parsed)); },
      "nlohmann::json copy of the page", [&] { keep(Json(parsed)); }));

  const Json when = "2026-01-01T12:00:00.123456Z";
  out.push_back(compare(
      cfg, "decode one DateTime", "arize::decode<DateTime>(json string)",
      [&] { keep(arize::decode<arize::DateTime>(when)); }, "arize::decode<std::string>(same)",
      [&] { keep(arize::decode<std::string>(when)); }));

  const arize::v2026_06::ApiKeyCreate create{
      .name = "ingestion-service-key",
      .description = "Key used by the nightly ingestion job",
      .key_type = arize::v2026_06::ApiKeyType::service,
      .expires_at = arize::decode<arize::DateTime>(Json("2027-06-30T00:00:00Z")),
      .space_id = "U3BhY2U6MQ==",
      .roles =
          arize::v2026_06::ApiKeyRoles{
              .space_role = arize::v2026_06::SpaceRole::member,
              .org_role = arize::v2026_06::OrgRole::read_only,
              .account_role = arize::v2026_06::AccountRole::member,
          },
  };
  const auto plain = [] {
    return Json{{"name", "ingestion-service-key"},
                {"description", "Key used by the nightly ingestion job"},
                {"key_type", "service"},
                {"expires_at", "2027-06-30T00:00:00Z"},
                {"space_id", "U3BhY2U6MQ=="},
                {"roles",
                 {{"space_role", "member"}, {"org_role", "read-only"}, {"account_role", "member"}}}}
        .dump();
  };
  // Sanity: both sides write the same document.
  if (Json::parse(arize::encode(create).dump()) != Json::parse(plain())) {
    throw std::runtime_error("encode(ApiKeyCreate) and the baseline document differ: " +
                             arize::encode(create).dump() + " vs " + plain());
  }
  out.push_back(compare(
      cfg, "encode ApiKeyCreate", "arize::encode(ApiKeyCreate).dump()",
      [&] { keep(arize::encode(create).dump()); }, "nlohmann::json{...}.dump()",
      [&] { keep(plain()); }));
  out.push_back(compare(
      cfg, "encode request body", "arize::encode_request_body(ApiKeyCreate)",
      [&] { keep(arize::encode_request_body(create)); }, "nlohmann::json{...}.dump()",
      [&] { keep(plain()); }));
  return out;
}

// ---- the in-process emulator --------------------------------------------------------------

/// The in-process emulator, and keys added to it without HTTP.
class Emulator : public arize::emulator::LocalEmulator {
 public:
  /// Adds `n` user keys of the admin straight into the store (no HTTP).
  void add_keys(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      (void)store().create(admin_key(),
                           arize::emulator::NewKey{
                               .name = "bench-key-" + std::to_string(created_++),
                               .description = "A key created by arize-bench to fill pages",
                           });
    }
  }

 private:
  std::size_t created_ = 0;
};

arize::Client make_client(const Emulator& emu) {
  return arize::Client(arize::ClientOptions{
      .api_key = arize::Secret(emu.admin_key()),
      .base_url = emu.base_url(),
      .alpha_warning = false,
      .api_revision = arize::ApiRevision::v2026_06,  // the emulator's wire
  });
}

// ---- 2. request overhead ------------------------------------------------------------------

/// The answer to a create call.
std::string created_text() {
  return Json{{"id", "QXBpS2V5OjEwMDAwMQ=="},
              {"name", "ingestion-service-key"},
              {"description", "Key used by the nightly ingestion job"},
              {"key_type", "user"},
              {"status", "active"},
              {"redacted_key", "ak-3f9...a1"},
              {"created_at", "2026-01-01T12:00:00.123456Z"},
              {"created_by_user_id", "VXNlcjox"},
              {"key", "ak-3f9c0a2b4d6e8f10a1"}}
      .dump();
}

/// A canned-answer API server: GET /v2/api-keys?limit=L answers a fixed L-key page at once.
/// TCP_NODELAY and unlimited keep-alive, so that the figure is the client's own overhead.
class StubServer {
 public:
  explicit StubServer(const std::vector<std::int32_t>& limits) {
    for (const auto limit : limits)
      pages_[std::to_string(limit)] = page_text(static_cast<std::size_t>(limit));
    server_.set_tcp_nodelay(true);
    server_.set_keep_alive_max_count(1 << 30);
    server_.Get("/v2/api-keys", [this](const httplib::Request& req, httplib::Response& res) {
      const auto it = pages_.find(req.get_param_value("limit"));
      if (it == pages_.end()) {
        res.status = 400;
        return;
      }
      res.set_content(it->second, "application/json");
    });
    server_.Post("/v2/api-keys", [](const httplib::Request&, httplib::Response& res) {
      res.status = 201;
      res.set_content(created_text(), "application/json");
    });
    port = server_.bind_to_any_port("127.0.0.1");
    if (port <= 0) throw std::runtime_error("the stub server could not bind");
    serving_.emplace(server_);
  }
  StubServer(const StubServer&) = delete;
  StubServer& operator=(const StubServer&) = delete;

  int port = 0;

 private:
  std::map<std::string, std::string> pages_;
  httplib::Server server_;
  std::optional<arize::emulator::ServerThread<httplib::Server>> serving_;  // before server_ goes
};

/// The two sides of a request comparison: the whole client, and a raw keep-alive cpp-httplib
/// client with the headers the client sends.
struct RequestSides {
  RequestSides(int port, const std::string& api_key)
      : client(arize::ClientOptions{
            .api_key = arize::Secret(api_key),
            .base_url = "http://127.0.0.1:" + std::to_string(port),
            .alpha_warning = false,
            .api_revision = arize::ApiRevision::v2026_06,  // the emulator's wire
        }),
        raw("127.0.0.1", port),
        headers{
            {"Authorization", "Bearer " + api_key},
            {"Accept", "application/json"},
            {"User-Agent", std::string(arize::user_agent)},
        } {
    raw.set_keep_alive(true);
  }
  arize::Client client;
  httplib::Client raw;
  httplib::Headers headers;
};

/// list() through the whole client against a raw keep-alive GET, for each page size.
void bench_list_calls(const Config& cfg, const std::string& where, int port,
                      const std::string& api_key, std::vector<Comparison>& out) {
  RequestSides sides(port, api_key);
  arize::Client& client = sides.client;
  httplib::Client& raw = sides.raw;
  const httplib::Headers& headers = sides.headers;
  for (const std::int32_t limit : {1, 100}) {
    const std::string path = "/v2/api-keys?limit=" + std::to_string(limit);
    // Sanity: both sides get the same page size.
    const auto res = raw.Get(path, headers);
    if (!res || res->status != 200) throw std::runtime_error("the raw GET " + path + " failed");
    const std::size_t raw_count = Json::parse(res->body).at("api_keys").size();
    const std::size_t client_count = client.api_keys.list({.limit = limit}).api_keys.get().size();
    if (raw_count != client_count || raw_count != static_cast<std::size_t>(limit)) {
      throw std::runtime_error("unexpected page sizes for " + path);
    }
    out.push_back(compare(
        cfg, where + " list() limit=" + std::to_string(limit),
        "client.api_keys.list({.limit=" + std::to_string(limit) + "})",
        [&] { keep(client.api_keys.list({.limit = limit})); }, "httplib::Client::Get " + path,
        [&] {
          auto r = raw.Get(path, headers);
          if (!r || r->status != 200) throw std::runtime_error("raw GET failed");
          keep(r->body);
        },
        cfg.request_sample_ms));
  }
}

/// create() through the whole client against a raw keep-alive POST of the same body.
void bench_create_call(const Config& cfg, int port, const std::string& api_key,
                       std::vector<Comparison>& out) {
  RequestSides sides(port, api_key);
  arize::Client& client = sides.client;
  httplib::Client& raw = sides.raw;
  const httplib::Headers& headers = sides.headers;
  const arize::CreateKeyParams params{.name = "ingestion-service-key",
                                      .description = "Key used by the nightly ingestion job"};
  const std::string body = arize::encode_request_body(arize::v2026_06::ApiKeyCreate{
      .name = "ingestion-service-key",
      .description = "Key used by the nightly ingestion job",
      .key_type = arize::v2026_06::ApiKeyType::user,
  });
  out.push_back(compare(
      cfg, "stub create()", "client.api_keys.create({name, description})",
      [&] { keep(client.api_keys.create(params)); }, "httplib::Client::Post /v2/api-keys",
      [&] {
        auto r = raw.Post("/v2/api-keys", headers, body, "application/json");
        if (!r || r->status != 201) throw std::runtime_error("raw POST failed");
        keep(r->body);
      },
      cfg.request_sample_ms));
  // The same, against a raw client with TCP_NODELAY: what the client would cost with it.
  httplib::Client fast("127.0.0.1", port);
  fast.set_keep_alive(true);
  fast.set_tcp_nodelay(true);
  out.push_back(compare(
      cfg, "stub create() vs NODELAY", "client.api_keys.create({name, description})",
      [&] { keep(client.api_keys.create(params)); }, "Post as above, TCP_NODELAY",
      [&] {
        auto r = fast.Post("/v2/api-keys", headers, body, "application/json");
        if (!r || r->status != 201) throw std::runtime_error("raw POST failed");
        keep(r->body);
      },
      cfg.request_sample_ms));
}

std::vector<Comparison> bench_requests(const Config& cfg, Emulator& emu) {
  std::vector<Comparison> out;
  {
    const StubServer stub({1, 100});
    bench_list_calls(cfg, "stub", stub.port, emu.admin_key(), out);
    bench_create_call(cfg, stub.port, emu.admin_key(), out);
  }
  bench_list_calls(cfg, "emulator", emu.port(), emu.admin_key(), out);
  return out;
}

// ---- 3. pagination memory -----------------------------------------------------------------

struct MemoryFigure {
  std::size_t keys = 0;
  std::int64_t list_all_peak = 0;    // bytes, iterating without keeping
  std::int64_t collect_peak = 0;     // bytes, collecting into a vector
  std::int64_t first_page_peak = 0;  // bytes, fetching the first page only
  std::size_t pages = 0;
};

MemoryFigure measure_memory(Emulator& emu, std::size_t expected) {
  MemoryFigure f;
  arize::Client client = make_client(emu);
  (void)client.api_keys.list({.limit = 1});  // open the pooled connection before measuring
  {
    std::size_t count = 0;
    std::size_t name_bytes = 0;
    const HeapWatch watch;
    auto pager = client.api_keys.list_all({.limit = 100});
    for (const arize::ApiKey& key : pager) {
      ++count;
      name_bytes += key.name.get().size();
    }
    f.list_all_peak = HeapWatch::peak();
    f.pages = pager.pages_fetched();
    keep(name_bytes);
    f.keys = count;
  }
  {
    auto pager = client.api_keys.list_all({.limit = 100});
    const HeapWatch watch;
    auto it = pager.begin();
    f.first_page_peak = HeapWatch::peak();
    keep(it);
  }
  {
    std::vector<arize::ApiKey> all;
    const HeapWatch watch;
    for (const arize::ApiKey& key : client.api_keys.list_all({.limit = 100})) all.push_back(key);
    f.collect_peak = HeapWatch::peak();
    if (all.size() != f.keys) throw std::runtime_error("the two walks saw different key counts");
  }
  if (f.keys != expected) {
    throw std::runtime_error("list_all saw " + std::to_string(f.keys) + " keys, expected " +
                             std::to_string(expected));
  }
  return f;
}

// ---- output -------------------------------------------------------------------------------

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string human_ns(double ns) {
  if (ns >= 1e6) return fmt("%.2f ms", ns / 1e6);
  if (ns >= 1e3) return fmt("%.1f us", ns / 1e3);
  return fmt("%.0f ns", ns);
}

std::string human_bytes(std::int64_t b) {
  const auto v = static_cast<double>(b);
  if (v >= 1024.0 * 1024.0) return fmt("%.2f MiB", v / (1024.0 * 1024.0));
  if (v >= 1024.0) return fmt("%.1f KiB", v / 1024.0);
  return fmt("%.0f B", v);
}

void print_comparisons(const std::string& title, const std::vector<Comparison>& rows) {
  std::printf("\n%s\n", title.c_str());
  std::printf("  %-26s %12s %12s %8s   %s\n", "figure", "subject", "baseline", "ratio",
              "subject / baseline");
  for (const auto& c : rows) {
    std::printf("  %-26s %12s %12s %8.2f   %s / %s\n", c.name.c_str(),
                human_ns(c.subject_ns).c_str(), human_ns(c.baseline_ns).c_str(), c.ratio(),
                c.subject.c_str(), c.baseline.c_str());
  }
}

Json to_json(const Comparison& c) {
  return Json{{"name", c.name},
              {"subject", c.subject},
              {"baseline", c.baseline},
              {"subject_ns", c.subject_ns},
              {"baseline_ns", c.baseline_ns},
              {"ratio", c.ratio()},
              {"calls_per_sample", c.calls_per_sample},
              {"samples", c.samples}};
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  CLI::App app{
      "The client's speed and memory figures, as ratios against baselines measured in "
      "the same run.",
      "arize-bench"};
  app.add_flag("--quick", cfg.quick, "Few, short samples and at most 300 keys (the smoke test)");
  app.add_option("--json", cfg.json_file, "Also write the figures to FILE as JSON")
      ->type_name("FILE");
  app.add_option("--keys", cfg.keys, "N of the memory figures (2N is measured too; default 2000)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::numeric_limits<std::size_t>::max()).description(""));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (cfg.quick) {
    cfg.samples = 3;
    cfg.sample_ms = 5.0;
    cfg.request_sample_ms = 15.0;
    cfg.keys = std::min<std::size_t>(cfg.keys, 300);
  }

  try {
    std::printf(
        "arize-bench %s (%s mode): ratios are subject / baseline, same run; times are "
        "medians of %d samples\n",
        arize::version, cfg.quick ? "quick" : "full", cfg.samples);

    const auto codec = bench_codec(cfg);
    print_comparisons("1. JSON decoding and encoding (per call)", codec);

    Emulator emu;
    emu.add_keys(200);  // enough for a full 100-key page
    const auto requests = bench_requests(cfg, emu);
    print_comparisons("2. Request overhead over loopback, keep-alive (per call)", requests);

    // The memory walks start from the keys added so far: top up to N, then to 2N.
    const std::size_t seeded = 200 + 1;  // + the admin's own key
    const std::size_t n = std::max(cfg.keys, seeded);
    emu.add_keys(n - seeded);
    const MemoryFigure at_n = measure_memory(emu, n);
    emu.add_keys(n);
    const MemoryFigure at_2n = measure_memory(emu, 2 * n);
    const double stream_ratio =
        static_cast<double>(at_n.list_all_peak) / static_cast<double>(at_n.collect_peak);
    const double growth =
        static_cast<double>(at_2n.list_all_peak) / static_cast<double>(at_n.list_all_peak);
    // Heap of one collected key: the baseline's growth from N to 2N keys, per key.
    const double per_key =
        static_cast<double>(at_2n.collect_peak - at_n.collect_peak) / static_cast<double>(n);
    const double in_keys = static_cast<double>(at_n.list_all_peak) / per_key;
    const double vs_first =
        static_cast<double>(at_n.list_all_peak) / static_cast<double>(at_n.first_page_peak);

    std::printf("\n3. Pagination memory: peak live heap of the bench thread (page size 100)\n");
    std::printf("  %-34s %12s %12s\n", "figure", "N", "2N");
    std::printf("  %-34s %12zu %12zu\n", "keys walked", at_n.keys, at_2n.keys);
    std::printf("  %-34s %12zu %12zu\n", "pages fetched", at_n.pages, at_2n.pages);
    std::printf("  %-34s %12s %12s\n", "list_all peak (keys not kept)",
                human_bytes(at_n.list_all_peak).c_str(), human_bytes(at_2n.list_all_peak).c_str());
    std::printf("  %-34s %12s %12s\n", "baseline: collect into vector",
                human_bytes(at_n.collect_peak).c_str(), human_bytes(at_2n.collect_peak).c_str());
    std::printf("  %-34s %12.3f\n", "ratio list_all / collect at N", stream_ratio);
    std::printf("  %-34s %12.3f   (bounded by one page: ~1.0)\n", "ratio list_all peak 2N / N",
                growth);
    std::printf("  %-34s %12s %12s\n", "fetching the first page only",
                human_bytes(at_n.first_page_peak).c_str(),
                human_bytes(at_2n.first_page_peak).c_str());
    std::printf("  %-34s %12.3f\n", "ratio list_all / first page", vs_first);
    std::printf("  %-34s %12.0f   (baseline growth N -> 2N, per key)\n", "bytes per collected key",
                per_key);
    std::printf("  %-34s %12.1f   (keys' worth of heap held at once)\n", "list_all peak in keys",
                in_keys);

    if (cfg.json_file) {
      Json doc = {
          {"tool", "arize-bench"},
          {"version", arize::version},
          {"mode", cfg.quick ? "quick" : "full"},
          {"codec", Json::array()},
          {"requests", Json::array()},
          {"memory",
           {{"page_size", 100},
            {"n", n},
            {"list_all_peak_bytes_n", at_n.list_all_peak},
            {"list_all_peak_bytes_2n", at_2n.list_all_peak},
            {"collect_peak_bytes_n", at_n.collect_peak},
            {"collect_peak_bytes_2n", at_2n.collect_peak},
            {"pages_n", at_n.pages},
            {"pages_2n", at_2n.pages},
            {"ratio_list_all_vs_collect", stream_ratio},
            {"ratio_list_all_2n_vs_n", growth},
            {"first_page_peak_bytes_n", at_n.first_page_peak},
            {"ratio_list_all_vs_first_page", vs_first},
            {"bytes_per_collected_key", per_key},
            {"list_all_peak_in_keys", in_keys}}},
      };
      for (const auto& c : codec) doc["codec"].push_back(to_json(c));
      for (const auto& c : requests) doc["requests"].push_back(to_json(c));
      std::ofstream file(*cfg.json_file);
      file << doc.dump(2) << '\n';
      if (!file) throw std::runtime_error("cannot write " + *cfg.json_file);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "arize-bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
