// The --state file: round trip, atomic writes, refusal of corrupt files, the lock that keeps a
// second user away (no sockets).
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "persistence.hpp"
#include "support.hpp"

using namespace emu_test;

namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

/// A store with a few keys of every kind, in-process (no HTTP).
struct Populated {
  ManualClock clock;
  Random random{3};
  Store store{Store::fresh_state(random), [this] { return clock.now(); }, random};
  std::string admin = store.ensure_user_key(kAdminUserId, std::nullopt);
  std::string user_raw;
  std::string cursor;

  Populated() {
    store.ensure_space("RXh0cmE6MQ==");
    user_raw = store
                   .create(admin, decode_create(R"({"name": "u", "description": "d",
                                                   "expires_at": "2027-01-01T00:00:00Z"})"))
                   .raw_key;
    store.create(admin,
                 decode_create(R"({"name": "s", "key_type": "service", "space_id": "U3BhY2U6MQ==",
                                  "roles": {"space_role": "admin"}})"));
    const auto gone = store.create(admin, decode_create(R"({"name": "gone"})"));
    store.refresh(admin, gone.record.id, decode_refresh(R"({"grace_period_seconds": 600})"));
    cursor = *store.list(admin, ListFilter{.limit = 1}).next_cursor;
  }
};

}  // namespace

TEST_SUITE("persistence") {
  TEST_CASE("save then load gives the same state; keys and cursors survive") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    Populated before;
    save_state_file(file, before.store.snapshot());

    const auto loaded = load_state_file(file);
    REQUIRE(loaded);
    CHECK(state_to_json(*loaded) == state_to_json(before.store.snapshot()));

    Random random(9);
    Store after(
        *loaded, [&before] { return before.clock.now(); }, random);
    // The admin's active user keys: seeded, "u", and the replacement of "gone".
    CHECK(after.list(before.user_raw, ListFilter{}).keys.size() == 3);
    const ListPage next = after.list(before.admin, ListFilter{.cursor = before.cursor});
    CHECK(next.keys.size() == 2);
    CHECK(after.spaces().size() == 6);  // five seeded, one added
    // The old key of the refresh is still in its grace period.
    const auto deleted = after.list(before.admin, ListFilter{.deleted = true});
    REQUIRE(deleted.keys.size() == 1);
    CHECK(deleted.keys[0].valid_until.has_value());
  }

  TEST_CASE("the file holds hashes, never raw keys; mode 0600; no temporary files left") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    Populated p;
    save_state_file(file, p.store.snapshot());
    save_state_file(file, p.store.snapshot());
    const std::string text = read_file(file);
    CHECK(text.find(p.admin) == std::string::npos);
    CHECK(text.find(p.user_raw) == std::string::npos);
    CHECK(text.find(sha256_hex(p.user_raw)) != std::string::npos);
    struct stat info {};
    REQUIRE(::stat(file.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path),
                        std::filesystem::directory_iterator()) == 1);
  }

  TEST_CASE("a missing file is a fresh start") {
    TempDir dir;
    CHECK_FALSE(load_state_file(dir.path / "absent.json"));
  }

  TEST_CASE("unreadable or corrupt files are errors, and stay untouched") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    Populated p;
    const json good = state_to_json(p.store.snapshot());
    auto without = [&good](const char* field) {
      json copy = good;
      copy.erase(field);
      return copy.dump();
    };
    json bad_key = good;
    bad_key["keys"][0]["created_at"] = "yesterday";
    json bad_role = good;
    bad_role["keys"][1]["roles"]["space_role"] = "owner";
    json bad_version = good;
    bad_version["version"] = 99;
    json bad_type = good;
    bad_type["keys"][0]["deleted"] = "no";
    for (const std::string& text :
         {std::string(), std::string("{"), std::string("[]"), std::string("not json"),
          std::string(R"({"format": "something else"})"), without("keys"), without("cursor_secret"),
          bad_key.dump(), bad_role.dump(), bad_version.dump(), bad_type.dump(),
          good.dump().substr(0, good.dump().size() / 2)}) {
      CAPTURE(text.substr(0, 80));
      write_file(file, text);
      CHECK_THROWS_AS((void)load_state_file(file), StateError);
      CHECK(read_file(file) == text);
    }
    CHECK_THROWS_AS((void)load_state_file(dir.path), StateError);  // a directory
  }

  TEST_CASE("inconsistent states are refused by the store") {
    Populated p;
    State duplicate = p.store.snapshot();
    duplicate.keys.push_back(duplicate.keys.front());
    Random random(1);
    CHECK_THROWS_AS(Store(duplicate, system_now, random), std::invalid_argument);
    State unordered = p.store.snapshot();
    std::swap(unordered.keys.front(), unordered.keys.back());
    CHECK_THROWS_AS(Store(unordered, system_now, random), std::invalid_argument);
  }

  TEST_CASE("writing into a missing directory is an error") {
    TempDir dir;
    Populated p;
    CHECK_THROWS_AS(save_state_file(dir.path / "no" / "state.json", p.store.snapshot()),
                    StateError);
  }

  TEST_CASE("a state file is locked by one holder at a time, until it lets go") {
    TempDir dir;
    const auto file = dir.path / "state.json";
    const auto lock_file = dir.path / "state.json.lock";
    {
      const StateFileLock first(file);
      CHECK(first.path() == lock_file);
      CHECK(std::filesystem::exists(lock_file));
      struct stat info {};
      REQUIRE(::stat(lock_file.c_str(), &info) == 0);
      CHECK((info.st_mode & 0777) == 0600);
      // A second holder (here in the same process: flock locks an open file) is refused.
      try {
        const StateFileLock second(file);
        FAIL("a second lock on one state file was granted");
      } catch (const StateError& e) {
        CHECK(std::string(e.what()).find("is in use by another arize-emulator") !=
              std::string::npos);
        CHECK(std::string(e.what()).find(file.string()) != std::string::npos);
      }
      const StateFileLock other(dir.path / "other.json");  // another file: no conflict
    }
    CHECK_FALSE(std::filesystem::exists(lock_file));  // released and removed
    {
      // A lock file left by a killed holder (no lock on it) is reused.
      write_file(lock_file, "");
      const StateFileLock again(file);
      CHECK_THROWS_AS(StateFileLock{file}, StateError);
    }
    // Its directory missing: a StateError naming the lock file.
    CHECK_THROWS_WITH_AS(StateFileLock(dir.path / "no" / "state.json"),
                         doctest::Contains("state.json.lock"), StateError);
  }

  TEST_CASE("the persist hook sees every change") {
    Populated p;
    int saves = 0;
    p.store.set_persist_hook([&saves](const State&) { ++saves; });
    p.store.create(p.admin, decode_create(R"({"name": "x"})"));
    CHECK(saves >= 1);
    const int after_create = saves;
    p.clock.advance(std::chrono::seconds(1));
    (void)p.store.list(p.admin, ListFilter{});  // last_used_at is recent: no change, no write
    CHECK(saves == after_create);
  }
}
