// arize-bench: the client's speed and memory figures, each as a RATIO against a baseline measured
// in the same run (machines are shared and noisy; absolute times are printed for reference only).
//
//   arize-bench [--quick] [--json FILE] [--keys N] [--walk-keys N] [--only hand]
//   arize-bench --profile client|hand [--walks R] [--walk-keys N]   (list_all walks only)
//
// 1. decode   arize::decode<ApiKeyList> of a 100-key page (parse included) / nlohmann parse only
//    encode   arize::encode(ApiKeyCreate).dump() / nlohmann dump of the equivalent json object
// 2. request  client.api_keys.list() through the whole client stack / a raw httplib::Client GET
//             of the same URL and headers, both keep-alive, against an in-process emulator
// 3. memory   peak live heap bytes while iterating list_all over N keys / collecting all N keys
//             into a std::vector; and list_all's peak at 2N / at N (bounded by one page: ~1)
// 4. vs hand  list (limit 50, 100), a list_all walk over N keys (default 100,000) and a service
//             key create (2026-07, with bot_user) through the client / the same calls written by
//             hand (hand_client.hpp), against a stub in a child process: throughput, CPU per
//             call, and the walks' peak live heap and peak RSS at N/10 and N keys
//
// The harness: a calibrated batch of calls is one sample; samples of the subject and of its
// baseline alternate (ABAB...), after a warm-up; the figure is the median of each.
#include <httplib.h>
#include <malloc.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <arize/api_keys.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
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

#include "bench_support.hpp"
#include "crypto.hpp"
#include "hand_client.hpp"
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
using namespace bench;  // the harness (bench_support.hpp)

struct Config : Sampling {
  bool quick = false;
  std::optional<std::string> json_file;
  std::size_t keys = 2000;           // N of the memory figures (2N is measured too)
  double request_sample_ms = 150.0;  // target length of one sample of the request figures
  std::size_t walk_keys = 100000;    // N of section 4's list_all walk (N/10 is measured too)
  int walk_samples = 7;              // samples of each side of the list_all walk
  std::string only = "all";          // "all", or "hand": section 4 alone
  std::string profile;               // "client" or "hand": only list_all walks of that side
  int profile_walks = 5;             // walks of --profile
};

// ---- 1. decode / encode -------------------------------------------------------------------

/// A realistic page of `keys` keys (2026-06), as the API would send it.
std::string page_text(std::size_t keys) {
  Json list = Json::array();
  for (std::size_t i = 0; i < keys; ++i) list.push_back(key_json(i));
  return Json{
      {"api_keys", std::move(list)},
      {"pagination", {{"next_cursor", "eyJzIjoxMDB9LmFiY2RlZjAxMjM0NTY3ODk"}, {"has_more", true}}}}
      .dump();
}

std::vector<Comparison> bench_codec(const Config& cfg) {
  std::vector<Comparison> out;
  const std::string text = page_text(100);
  // Sanity: the page decodes to 100 keys.
  using Page = arize::v2026_06::ApiKeyList;
  if (arize::decode_text<Page>(text).api_keys.get().size() != 100 ||
      arize::decode_text<Page>(text) != arize::decode<Page>(Json::parse(text))) {
    throw std::runtime_error("the 100-key page did not decode to the same 100 keys");
  }
  // What a response goes through: the bytes read into a JsonTape (simdjson where the build has
  // it), then into the models; and the same with nlohmann's SAX parser reading the bytes.
  out.push_back(compare(
      cfg, "decode 100-key page", "arize::decode_text<ApiKeyList>(text)",
      [&] { keep(arize::decode_text<Page>(text)); }, "nlohmann::json::parse(text)",
      [&] { keep(Json::parse(text)); }));
  out.push_back(compare(
      cfg, "decode 100-key page, nlohmann SAX", "the same, JsonTape::Parser::nlohmann",
      [&] {
        arize::JsonTape tape;
        if (!tape.read(text, arize::JsonTape::Parser::nlohmann)) std::abort();
        keep(arize::decode<Page>(tape.root()));
      },
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

// ---- 4. against a hand-written client ---------------------------------------------------
// The same calls written by hand as a careful user would (hand_client.hpp): cpp-httplib Client,
// nlohmann::json::parse, the fields read into plain structs, status checks and missing members
// refused. Both sides talk to the same stub, which runs in a child process:
// the client's CPU figures (its calling thread, and every thread of the process) and its peak
// RSS never include the server's.

/// The same walk through the client's list_all.
std::size_t client_walk(arize::Client& client) {
  std::size_t count = 0;
  std::size_t name_bytes = 0;
  for (const arize::ApiKey& key : client.api_keys.list_all({.limit = 100})) {
    ++count;
    name_bytes += key.name.get().size();
  }
  keep(name_bytes);
  return count;
}

/// hand::walk, keeping what it computed.
std::size_t hand_walk(hand::Client& client) {
  std::size_t name_bytes = 0;
  const std::size_t count = hand::walk(client, name_bytes);
  keep(name_bytes);
  return count;
}

/// A value of /proc/self/status in bytes ("VmRSS", "VmHWM"); -1 when it cannot be read.
std::int64_t proc_status_bytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::stoll(line.substr(field.size() + 1)) * 1024;  // "   1234 kB"
    }
  }
  return -1;
}

struct WalkMemory {
  std::size_t keys = 0;
  std::int64_t peak_heap = 0;   // bytes: peak live heap of the calling thread
  std::int64_t rss_growth = 0;  // bytes: peak RSS of the process during the walk - RSS before
};

/// One walk, its peak live heap and its peak RSS growth. Memory freed earlier is returned to
/// the system first (malloc_trim), and the peak RSS is reset (/proc/self/clear_refs: 5); -1
/// when that cannot be done.
WalkMemory measure_walk(const std::function<std::size_t()>& walk) {
  malloc_trim(0);
  bool can_reset = false;
  {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    can_reset = static_cast<bool>(clear);
  }
  const std::int64_t before = proc_status_bytes("VmRSS");
  WalkMemory m;
  {
    const HeapWatch watch;
    m.keys = walk();
    m.peak_heap = HeapWatch::peak();
  }
  const std::int64_t peak = proc_status_bytes("VmHWM");
  m.rss_growth = can_reset && before >= 0 && peak >= 0 ? peak - before : -1;
  return m;
}

struct VersusHand {
  std::vector<Comparison> calls;  // subject: the client, baseline: the hand-written loop
  std::size_t walk_keys = 0;
  std::size_t small_walk_keys = 0;
  WalkMemory client_small, client_large, hand_small, hand_large;
};

VersusHand bench_versus_hand(const Config& cfg, const ForkedStub& stub) {
  VersusHand out;
  out.walk_keys = cfg.walk_keys;
  out.small_walk_keys = std::max<std::size_t>(1, cfg.walk_keys / 10);
  arize::Client client = versus_client(stub.port, cfg.walk_keys);
  hand::Client handmade = versus_hand(stub.port, cfg.walk_keys);

  for (const std::int32_t limit : {50, 100}) {
    // Sanity: both sides see the same page.
    const auto mine = client.api_keys.list({.limit = limit});
    const auto theirs = handmade.list(limit, std::nullopt);
    if (mine.api_keys.get().size() != theirs.keys.size() ||
        theirs.keys.size() != static_cast<std::size_t>(std::min<std::size_t>(
                                  static_cast<std::size_t>(limit), cfg.walk_keys)) ||
        mine.api_keys.get().back().id.get() != theirs.keys.back().id) {
      throw std::runtime_error("the client and the hand-written loop saw different pages");
    }
    out.calls.push_back(compare(
        cfg, "list limit=" + std::to_string(limit),
        "client.api_keys.list({.limit=" + std::to_string(limit) + "})",
        [&] { keep(client.api_keys.list({.limit = limit})); },
        "hand-written Get + json::parse + structs",
        [&] { keep(handmade.list(limit, std::nullopt)); }, cfg.request_sample_ms));
  }

  const std::size_t walked = client_walk(client);
  if (walked != cfg.walk_keys || hand_walk(handmade) != walked) {
    throw std::runtime_error("the list_all walks did not see " + std::to_string(cfg.walk_keys) +
                             " keys");
  }
  out.calls.push_back(compare(
      cfg, "list_all " + std::to_string(cfg.walk_keys) + " keys",
      "for (key : client.api_keys.list_all({.limit=100}))", [&] { keep(client_walk(client)); },
      "hand-written loop following the cursor", [&] { keep(hand_walk(handmade)); },
      cfg.request_sample_ms, cfg.walk_samples));

  const ServiceKeyCreate create;
  ServiceKeyCreate::check_alike(client.api_keys.create_service_key(create.params),
                                handmade.create(create.body));
  out.calls.push_back(compare(
      cfg, "create (bot_user)", "client.api_keys.create_service_key({...ids})",
      [&] { keep(client.api_keys.create_service_key(create.params)); },
      "hand-written Post + json::parse + structs", [&] { keep(handmade.create(create.body)); },
      cfg.request_sample_ms));

  // Memory: a walk over N/10 keys and over N keys, each side on a client of its own (its
  // connection opened before measuring).
  const auto memory_of = [&](std::size_t keys, WalkMemory& mine, WalkMemory& theirs) {
    arize::Client c = versus_client(stub.port, keys);
    hand::Client h = versus_hand(stub.port, keys);
    keep(c.api_keys.list({.limit = 1}));
    keep(h.list(1, std::nullopt));
    mine = measure_walk([&] { return client_walk(c); });
    theirs = measure_walk([&] { return hand_walk(h); });
    if (mine.keys != keys || theirs.keys != keys)
      throw std::runtime_error("a measured walk saw the wrong number of keys");
  };
  memory_of(out.small_walk_keys, out.client_small, out.hand_small);
  memory_of(out.walk_keys, out.client_large, out.hand_large);
  return out;
}

/// --profile: only list_all walks of one side, for perf or callgrind (nothing else runs).
void profile_walks(const Config& cfg, const ForkedStub& stub, const std::string& who) {
  arize::Client client = versus_client(stub.port, cfg.walk_keys);
  hand::Client handmade = versus_hand(stub.port, cfg.walk_keys);
  const auto start = Clock::now();
  const double cpu0 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
  std::size_t keys = 0;
  if (who == "create") {  // service-key creates of the client, 1000 per walk
    const arize::CreateServiceKeyParams params{.name = "n", .space_id = kSpaceId, .org = kOrgId};
    for (int i = 0; i < cfg.profile_walks * 1000; ++i) {
      keys += client.api_keys.create_service_key(params).bot_user ? 1 : 0;
    }
  }
  for (int i = 0; i < cfg.profile_walks && who != "create"; ++i)
    keys += who == "client" ? client_walk(client) : hand_walk(handmade);
  const double wall = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::printf("%s: %d list_all walks, %zu keys, %.1f ms, process CPU %.1f ms\n", who.c_str(),
              cfg.profile_walks, keys, wall, (cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / 1e6);
}

// ---- output -------------------------------------------------------------------------------

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

/// Sections 1 to 3 (the in-process emulator and stub); their figures go into `doc`.
void run_sections_1_to_3(const Config& cfg, Json& doc) {
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

  doc["codec"] = Json::array();
  doc["requests"] = Json::array();
  for (const auto& c : codec) doc["codec"].push_back(to_json(c));
  for (const auto& c : requests) doc["requests"].push_back(to_json(c));
  doc["memory"] = {{"page_size", 100},
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
                   {"list_all_peak_in_keys", in_keys}};
}

/// Section 4: the client against the hand-written loop; its figures go into `doc`.
void run_section_4(const Config& cfg, const ForkedStub& stub, Json& doc) {
  const VersusHand v = bench_versus_hand(cfg, stub);
  std::printf(
      "\n4. Against a hand-written cpp-httplib + nlohmann loop (API 2026-07; stub in a child "
      "process)\n"
      "   throughput = hand time / client time (> 1: the client is faster); CPU = client CPU "
      "per call / hand's,\n"
      "   of the calling thread, and of all the process's threads (the client's watchdog "
      "included)\n");
  doc["versus_hand"] = versus_hand_table(v.calls);
  const auto ratio = [](std::int64_t a, std::int64_t b) {
    return b > 0 && a >= 0 ? static_cast<double>(a) / static_cast<double>(b) : -1.0;
  };
  const auto bytes = [](std::int64_t b) { return b < 0 ? std::string("n/a") : human_bytes(b); };
  std::printf("  list_all walk memory (page size 100) %12zu keys %10zu keys   ratio\n",
              v.small_walk_keys, v.walk_keys);
  const auto row = [&](const char* what, std::int64_t small, std::int64_t large) {
    std::printf("  %-36s %17s %15s %7.2f\n", what, bytes(small).c_str(), bytes(large).c_str(),
                ratio(large, small));
  };
  row("client peak live heap", v.client_small.peak_heap, v.client_large.peak_heap);
  row("hand-written peak live heap", v.hand_small.peak_heap, v.hand_large.peak_heap);
  row("client peak RSS growth", v.client_small.rss_growth, v.client_large.rss_growth);
  row("hand-written peak RSS growth", v.hand_small.rss_growth, v.hand_large.rss_growth);
  doc["walk_memory"] = {
      {"small_keys", v.small_walk_keys},
      {"keys", v.walk_keys},
      {"client_peak_heap_bytes_small", v.client_small.peak_heap},
      {"client_peak_heap_bytes", v.client_large.peak_heap},
      {"hand_peak_heap_bytes_small", v.hand_small.peak_heap},
      {"hand_peak_heap_bytes", v.hand_large.peak_heap},
      {"client_rss_growth_bytes_small", v.client_small.rss_growth},
      {"client_rss_growth_bytes", v.client_large.rss_growth},
      {"hand_rss_growth_bytes_small", v.hand_small.rss_growth},
      {"hand_rss_growth_bytes", v.hand_large.rss_growth},
      {"ratio_client_peak_heap_large_vs_small",
       ratio(v.client_large.peak_heap, v.client_small.peak_heap)},
      {"ratio_client_rss_growth_large_vs_small",
       ratio(v.client_large.rss_growth, v.client_small.rss_growth)},
  };
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  CLI::App app{
      "The client's speed and memory figures, as ratios against baselines measured in "
      "the same run.",
      "arize-bench"};
  app.add_flag("--quick", cfg.quick,
               "Few, short samples, at most 300 keys and 1000 walked keys (the smoke test)");
  app.add_option("--json", cfg.json_file, "Also write the figures to FILE as JSON")
      ->type_name("FILE");
  app.add_option("--keys", cfg.keys, "N of the memory figures (2N is measured too; default 2000)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::numeric_limits<std::size_t>::max()).description(""));
  app.add_option("--walk-keys", cfg.walk_keys,
                 "N of section 4's list_all walk (N/10 is measured too; default 100000)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{10}, std::size_t{10000000}).description(""));
  app.add_option("--only", cfg.only, "Run only this section: hand (4: against hand-written code)")
      ->check(CLI::IsMember({"all", "hand"}));
  app.add_option("--profile", cfg.profile,
                 "Run nothing but list_all walks of this side (client or hand), or the client's "
                 "service-key creates (create, 1000 per walk), to profile")
      ->check(CLI::IsMember({"client", "hand", "create"}));
  app.add_option("--walks", cfg.profile_walks, "Walks of --profile (default 5)")
      ->check(CLI::Range(1, 1000).description(""));
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
    cfg.walk_keys = std::min<std::size_t>(cfg.walk_keys, 1000);
    cfg.walk_samples = 3;
  }

  try {
    // Forked first, while this process has no other thread.
    const ForkedStub stub(cfg.walk_keys);
    if (!cfg.profile.empty()) {
      profile_walks(cfg, stub, cfg.profile);
      return 0;
    }
#ifndef __OPTIMIZE__
    std::printf("note: built without optimisation; the figures need a Release build\n");
#endif
    std::printf(
        "arize-bench %s (%s mode): ratios are subject / baseline, same run; times are "
        "medians of %d samples\n",
        arize::version, cfg.quick ? "quick" : "full", cfg.samples);
    Json doc = {{"tool", "arize-bench"},
                {"version", arize::version},
                {"mode", cfg.quick ? "quick" : "full"}};
    if (cfg.only == "all") run_sections_1_to_3(cfg, doc);  // its threads end with it
    run_section_4(cfg, stub, doc);

    if (cfg.json_file) {
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
