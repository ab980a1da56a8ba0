// The arize-emulator executable, run as a subprocess: flags, printed credentials, signals,
// --state across restarts, refusal of a corrupt state file and of a state file in use. Every
// wait is bounded.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "support.hpp"

extern char** environ;

using namespace emu_test;

namespace {

using Clock = std::chrono::steady_clock;

/// A running arize-emulator with pipes on stdout and stderr.
class Process {
 public:
  explicit Process(const std::vector<std::string>& args) {
    int out[2];
    int err[2];
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::vector<std::string> all = {ARIZE_EMULATOR_BIN};
    // These tests speak 2026-06 JSON; the executable defaults to the current revision.
    if (std::find(args.begin(), args.end(), "--api-revision") == args.end()) {
      all.insert(all.end(), {"--api-revision", "2026-06"});
    }
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, ARIZE_EMULATOR_BIN, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
    REQUIRE(rc == 0);
  }
  ~Process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
    ::close(err_);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  /// Reads stdout until the "listening on" line (or EOF, or 10 s); returns the "name: value"
  /// lines seen (repeated names keep the first; spaces are in `spaces`).
  std::map<std::string, std::string> read_banner() {
    std::map<std::string, std::string> fields;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      const auto eol = out_text_.find('\n');
      if (eol != std::string::npos) {
        const std::string line = out_text_.substr(0, eol);
        out_text_.erase(0, eol + 1);
        if (line.starts_with("listening on ")) {
          fields["listening on"] = line.substr(13);
          return fields;
        }
        const auto colon = line.find(": ");
        if (colon == std::string::npos) continue;
        const std::string name = line.substr(0, colon);
        if (name == "space") spaces.push_back(line.substr(colon + 2));
        fields.emplace(name, line.substr(colon + 2));
        continue;
      }
      if (!read_some(out_, out_text_, deadline)) break;
    }
    return fields;
  }

  /// Waits up to 10 s for the exit status (-1 on timeout or a signal death).
  int wait_exit() {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      int status = 0;
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

  void signal(int number) const { ::kill(pid_, number); }

  /// Everything written to stderr (after exit).
  std::string stderr_text() {
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    std::string text;
    while (read_some(err_, text, deadline)) {
    }
    return text;
  }
  std::string stdout_text() {
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (read_some(out_, out_text_, deadline)) {
    }
    return out_text_;
  }

  std::vector<std::string> spaces;

 private:
  static bool read_some(int fd, std::string& into, Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return false;
    into.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
  std::string out_text_;
};

/// An HTTP client for a "http://host:port" base URL.
Reply http(const std::string& base_url, const std::string& method, const std::string& path,
           const std::optional<std::string>& token,
           const std::optional<std::string>& body = std::nullopt) {
  httplib::Client client(base_url);
  arize::detail::httplib_compat::send_target_as_given(client);
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  return send(client, method, path, token, body);
}

}  // namespace

TEST_SUITE("process") {
  TEST_CASE("--help prints usage and exits 0") {
    Process p({"--help"});
    CHECK(p.wait_exit() == 0);
    const std::string text = p.stdout_text();
    CHECK(text.find("usage: arize-emulator") != std::string::npos);
    for (const char* flag :
         {"--host", "--port", "--tls-cert", "--tls-key", "--state", "--fail-rate", "--latency-ms",
          "--rate-limit", "--seed", "--admin-key", "--member-key", "--space", "--verbose"}) {
      CHECK(text.find(flag) != std::string::npos);
    }
  }

  TEST_CASE("bad flags exit 2 with a message") {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--bogus"},
                                                 {"--port", "http"},
                                                 {"--port", "70000"},
                                                 {"--fail-rate", "2"},
                                                 {"--latency-ms", "-1"},
                                                 {"--rate-limit", "x"},
                                                 {"--port"},
                                                 {"--tls-cert", "a.pem"},
                                                 {"--admin-key", "k1", "--member-key", "k1"}}) {
      CAPTURE(args.front());
      Process p(args);
      CHECK(p.wait_exit() == 2);
      CHECK(p.stderr_text().starts_with("arize-emulator: "));
    }
  }

  TEST_CASE("prints credentials, spaces and the URL; serves; exits 0 on SIGTERM and SIGINT") {
    for (const int sig : {SIGTERM, SIGINT}) {
      CAPTURE(sig);
      Process p({"--port", "0", "--verbose"});
      auto banner = p.read_banner();
      REQUIRE(banner.contains("listening on"));
      const std::string url = banner["listening on"];
      CHECK(url.starts_with("http://127.0.0.1:"));
      CHECK(url.substr(17) != "0");
      CHECK(banner["admin-user"] == std::string(kAdminUserId));
      CHECK(banner["member-user"] == std::string(kMemberUserId));
      REQUIRE(banner["admin-key"].starts_with("ak-"));
      REQUIRE(banner["member-key"].starts_with("ak-"));
      CHECK(banner["api-revision"] == "2026-06");
      CHECK(banner["organization"] == std::string(kOrganizationId) + " default");
      CHECK(p.spaces == std::vector<std::string>{std::string(kSpace1) + " production",
                                                 std::string(kSpace2) + " staging",
                                                 std::string(kSpace3) + " restricted",
                                                 std::string(kSpace4) + " production",
                                                 std::string(kSpace5) + " research"});
      const Reply admin = http(url, "GET", "/v2/api-keys", banner["admin-key"]);
      CHECK(admin.status == 200);
      CHECK(http(url, "GET", "/v2/api-keys", banner["member-key"]).status == 200);
      p.signal(sig);
      CHECK(p.wait_exit() == 0);
      // --verbose: one line per request, never the key.
      const std::string log = p.stderr_text();
      CHECK(log.find("GET /v2/api-keys 200") != std::string::npos);
      CHECK(log.find(banner["admin-key"]) == std::string::npos);
    }
  }

  TEST_CASE("--admin-key, --member-key, --space and --seed") {
    Process p({"--admin-key", "ak-fixed-admin-key-0123456789", "--member-key",
               "ak-fixed-member-key-0123456789", "--space", "RXh0cmE6MQ==", "--seed", "7"});
    auto banner = p.read_banner();
    REQUIRE(banner.contains("listening on"));
    CHECK(banner["admin-key"] == "ak-fixed-admin-key-0123456789");
    CHECK(banner["member-key"] == "ak-fixed-member-key-0123456789");
    CHECK(p.spaces.back() == "RXh0cmE6MQ== space-6");
    const std::string url = banner["listening on"];
    CHECK(http(url, "GET", "/v2/api-keys?space_id=RXh0cmE6MQ%3D%3D", banner["admin-key"]).status ==
          200);
    CHECK(http(url, "GET", "/v2/api-keys?space_id=RXh0cmE6MQ%3D%3D", banner["member-key"]).status ==
          404);
    p.signal(SIGTERM);
    CHECK(p.wait_exit() == 0);

    // The same seed gives the same random keys.
    std::string first;
    for (int run = 0; run < 2; ++run) {
      Process seeded({"--seed", "11"});
      auto b = seeded.read_banner();
      REQUIRE(b.contains("admin-key"));
      if (run == 0) first = b["admin-key"];
      CHECK(b["admin-key"] == first);
      seeded.signal(SIGTERM);
      CHECK(seeded.wait_exit() == 0);
    }
  }

  TEST_CASE("--state: keys, deletions and cursors survive a restart") {
    TempDir dir;
    const std::string file = (dir.path / "state.json").string();
    const std::string admin = "ak-persistent-admin-key-000001";
    std::string created_raw;
    std::string created_id;
    std::string deleted_id;
    {
      Process p({"--state", file, "--admin-key", admin});
      auto banner = p.read_banner();
      REQUIRE(banner.contains("listening on"));
      const std::string url = banner["listening on"];
      const Reply created = http(url, "POST", "/v2/api-keys", admin, R"({"name": "kept"})");
      REQUIRE(created.status == 201);
      created_raw = created.body["key"];
      created_id = created.body["id"];
      const Reply doomed = http(url, "POST", "/v2/api-keys", admin, R"({"name": "doomed"})");
      deleted_id = doomed.body["id"];
      REQUIRE(http(url, "DELETE", "/v2/api-keys/" + encode(deleted_id), admin).status == 204);
      p.signal(SIGTERM);
      REQUIRE(p.wait_exit() == 0);
    }
    REQUIRE(std::filesystem::exists(file));
    {
      // Without --admin-key no raw key can be shown: only hashes were kept.
      Process p({"--state", file});
      auto banner = p.read_banner();
      REQUIRE(banner.contains("listening on"));
      CHECK_FALSE(banner.contains("admin-key"));
      CHECK(banner.contains("note"));
      const std::string url = banner["listening on"];
      const Reply listed = http(url, "GET", "/v2/api-keys", admin);
      REQUIRE(listed.status == 200);
      const auto ids = ids_of(listed);
      CHECK(std::find(ids.begin(), ids.end(), created_id) != ids.end());
      CHECK(std::find(ids.begin(), ids.end(), deleted_id) == ids.end());
      CHECK(http(url, "GET", "/v2/api-keys", created_raw).status == 200);
      const Reply deleted = http(url, "GET", "/v2/api-keys?status=deleted", admin);
      CHECK(ids_of(deleted) == std::vector<std::string>{deleted_id});
      // New ids continue after the old ones.
      const Reply next = http(url, "POST", "/v2/api-keys", admin, R"({"name": "next"})");
      REQUIRE(next.status == 201);
      CHECK(next.body["id"] != created_id);
      p.signal(SIGTERM);
      CHECK(p.wait_exit() == 0);
    }
    {
      // With --admin-key again: the key is known already, so it is simply shown.
      Process p({"--state", file, "--admin-key", admin});
      auto banner = p.read_banner();
      CHECK(banner["admin-key"] == admin);
      const Reply listed = http(banner["listening on"], "GET", "/v2/api-keys", admin);
      CHECK(listed.body["api_keys"].size() == 3);  // seeded, kept, next
      p.signal(SIGTERM);
      CHECK(p.wait_exit() == 0);
    }
  }

  TEST_CASE("--state: a second emulator on a state file in use exits 1 and changes nothing") {
    TempDir dir;
    const std::string file = (dir.path / "state.json").string();
    const std::string admin = "ak-locked-state-admin-key-0001";
    Process first({"--state", file, "--admin-key", admin});
    auto banner = first.read_banner();
    REQUIRE(banner.contains("listening on"));
    const std::string url = banner["listening on"];
    std::string before;
    {
      std::ifstream in(file, std::ios::binary);
      before.assign(std::istreambuf_iterator<char>(in), {});
    }
    {
      Process second({"--state", file, "--admin-key", "ak-locked-state-other-key-0002"});
      CHECK(second.wait_exit() == 1);
      const std::string error = second.stderr_text();
      CHECK(error.find("is in use by another arize-emulator") != std::string::npos);
      CHECK(error.find(file) != std::string::npos);
      CHECK(second.stdout_text().find("listening on") == std::string::npos);
    }
    {
      std::ifstream in(file, std::ios::binary);
      CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == before);
    }
    // The first emulator is unaffected, and a key it creates is kept.
    const Reply created = http(url, "POST", "/v2/api-keys", admin, R"({"name": "kept"})");
    REQUIRE(created.status == 201);
    first.signal(SIGTERM);
    REQUIRE(first.wait_exit() == 0);
    CHECK_FALSE(std::filesystem::exists(file + ".lock"));
    // Once it has stopped, the file can be used again; the created key is there.
    Process third({"--state", file, "--admin-key", admin});
    auto again = third.read_banner();
    REQUIRE(again.contains("listening on"));
    const auto ids = ids_of(http(again["listening on"], "GET", "/v2/api-keys", admin));
    CHECK(std::find(ids.begin(), ids.end(), created.body["id"]) != ids.end());
    third.signal(SIGTERM);
    CHECK(third.wait_exit() == 0);
  }

  TEST_CASE("a corrupt or unreadable state file: exit 1, the file untouched") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    for (const std::string& text : {std::string("{\"format\": \"arize-emulator-state\""),
                                    std::string("garbage"), std::string()}) {
      std::ofstream(file, std::ios::binary) << text;
      Process p({"--state", file.string()});
      CHECK(p.wait_exit() == 1);
      CHECK(p.stderr_text().find(file.string()) != std::string::npos);
      std::ifstream in(file, std::ios::binary);
      CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == text);
      CHECK(std::distance(std::filesystem::directory_iterator(dir.path),
                          std::filesystem::directory_iterator()) == 1);
    }
    Process on_directory({"--state", dir.path.string()});
    CHECK(on_directory.wait_exit() == 1);
  }

  TEST_CASE("a state file with a date beyond 9999 or a negative last_seq: exit 1, untouched") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    {
      Process p({"--state", file.string(), "--seed", "3"});
      REQUIRE(p.read_banner().contains("listening on"));
      p.signal(SIGTERM);
      REQUIRE(p.wait_exit() == 0);
    }
    std::ifstream in(file, std::ios::binary);
    const json good = json::parse(in);
    json far = good;
    far["keys"][0]["created_at"] = "9999-12-31T23:59:59-23:59";
    json negative = good;
    negative["last_seq"] = -1;
    for (const json& state : {far, negative}) {
      const std::string text = state.dump();
      CAPTURE(text.substr(0, 160));
      std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
      Process p({"--state", file.string()});
      CHECK(p.wait_exit() == 1);
      CHECK(p.stderr_text().find(file.string()) != std::string::npos);
      std::ifstream after(file, std::ios::binary);
      CHECK(std::string(std::istreambuf_iterator<char>(after), {}) == text);
    }
  }

  TEST_CASE("--state: temporary files left by a killed emulator are removed at start") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    // pid_max is at most 2^22: no process has pid 999999999, so its writer is gone.
    const auto stale = dir.path / "state.json.tmp-999999999";
    // This test's own pid is alive: a temporary file of a running writer stays.
    const auto live = dir.path / ("state.json.tmp-" + std::to_string(::getpid()));
    const auto other = dir.path / "other.json.tmp-999999999";
    const auto unrelated = dir.path / "state.json.tmp-notes";
    for (const auto& path : {stale, live, other, unrelated}) std::ofstream(path) << "{";
    Process p({"--state", file.string()});
    REQUIRE(p.read_banner().contains("listening on"));
    CHECK_FALSE(std::filesystem::exists(stale));
    CHECK(std::filesystem::exists(live));
    CHECK(std::filesystem::exists(other));
    CHECK(std::filesystem::exists(unrelated));
    p.signal(SIGTERM);
    CHECK(p.wait_exit() == 0);
  }

  TEST_CASE("a port in use or a missing TLS file: exit 1") {
    Process first({"--port", "0"});
    auto banner = first.read_banner();
    REQUIRE(banner.contains("listening on"));
    const std::string port = banner["listening on"].substr(banner["listening on"].rfind(':') + 1);
    Process second({"--port", port});
    CHECK(second.wait_exit() == 1);
    CHECK(second.stderr_text().find("cannot listen") != std::string::npos);
    first.signal(SIGTERM);
    CHECK(first.wait_exit() == 0);

    Process tls({"--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"});
    CHECK(tls.wait_exit() == 1);
  }
}
