// arize-emulator: a local stand-in for the Arize API keys REST API. See emulator/README.md.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "http_server.hpp"
#include "options.hpp"
#include "persistence.hpp"
#include "server_thread.hpp"
#include "store.hpp"

namespace {

using namespace arize::emulator;

int run(const Options& options) {
  // SIGINT and SIGTERM are taken by a thread of our own (sigwait), so they must be blocked
  // before any other thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto random = options.seed ? std::make_unique<Random>(*options.seed) : std::make_unique<Random>();
  std::optional<State> loaded;
  std::optional<StateFileLock> lock;  // held until the process ends: one emulator per state file
  if (options.state_file) {
    try {
      lock.emplace(*options.state_file);
    } catch (const StateError& e) {
      std::cerr << "arize-emulator: " << e.what() << std::endl;
      return 1;
    }
    if (const int removed = remove_stale_temp_files(*options.state_file); removed > 0) {
      std::cerr << "arize-emulator: removed " << removed
                << " temporary file(s) left by an interrupted save of " << *options.state_file
                << std::endl;
    }
    try {
      loaded = load_state_file(*options.state_file);
    } catch (const StateError& e) {
      std::cerr << "arize-emulator: cannot use the state file: " << e.what()
                << "\n(left untouched; fix or remove it to start fresh)" << std::endl;
      return 1;
    }
  }
  const bool fresh = !loaded;
  std::unique_ptr<Store> store;
  try {
    store = std::make_unique<Store>(fresh ? Store::fresh_state(*random) : std::move(*loaded),
                                    system_now, *random, wire_api(options.server.revision).rules());
  } catch (const std::invalid_argument& e) {
    std::cerr << "arize-emulator: cannot use the state file " << *options.state_file << ": "
              << e.what() << "\n(left untouched; fix or remove it to start fresh)" << std::endl;
    return 1;
  }

  std::optional<std::string> admin_key, member_key;
  try {
    for (const std::string& space : options.spaces) store->ensure_space(space);
    // A loaded state holds only hashes: a raw key can be shown only if it is new or given.
    if (fresh || options.admin_key) {
      admin_key = store->ensure_user_key(kAdminUserId, options.admin_key);
    }
    if (fresh || options.member_key) {
      member_key = store->ensure_user_key(kMemberUserId, options.member_key);
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "arize-emulator: " << e.what() << std::endl;
    return 2;
  }

  if (options.state_file) {
    const std::string file = *options.state_file;
    try {
      save_state_file(file, store->snapshot());
    } catch (const std::exception& e) {
      std::cerr << "arize-emulator: " << e.what() << std::endl;
      return 1;
    }
    store->set_persist_hook([file](const State& state) {
      // Whatever fails here is reported and never reaches a request: the emulator keeps
      // serving from memory.
      try {
        save_state_file(file, state);
      } catch (const std::exception& e) {
        std::cerr << "arize-emulator: state not saved: " << e.what() << std::endl;
      }
    });
  }

  std::unique_ptr<HttpServer> server;
  try {
    server = std::make_unique<HttpServer>(*store, *random, options.server, std::cerr);
    server->bind();
  } catch (const std::exception& e) {
    std::cerr << "arize-emulator: " << e.what() << std::endl;
    return 1;
  }

  // Test credentials of a local emulator: printing them is the point.
  std::cout << "api-revision: " << to_string(options.server.revision) << "\n";
  for (const Organization& org : store->snapshot().organizations) {
    std::cout << "organization: " << org.id << " " << org.name << "\n";
  }
  std::cout << "admin-user: " << kAdminUserId << "\n";
  if (admin_key) std::cout << "admin-key: " << *admin_key << "\n";
  std::cout << "member-user: " << kMemberUserId << "\n";
  if (member_key) std::cout << "member-key: " << *member_key << "\n";
  if (!admin_key || !member_key) {
    std::cout << "note: keys loaded from " << *options.state_file
              << " are stored as hashes and not shown; pass --admin-key/--member-key\n";
  }
  for (const Space& space : store->spaces()) {
    std::cout << "space: " << space.id << " " << space.name << "\n";
  }
  std::cout << "listening on " << server->base_url() << std::endl;

  std::atomic<bool> finished{false};
  std::atomic<bool> signalled{false};
  std::thread stopper([&] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    signalled = true;
    if (finished) return;
    std::cerr << "arize-emulator: stopping (signal " << signal_number << ")" << std::endl;
    // stop() works only once the accept loop runs: wait for it (a signal may come very early).
    (void)wait_until_running(*server, std::chrono::seconds(5));
    server->stop();
  });
  const bool ok = server->run();
  finished = true;
  // Wake the stopper if no signal came. The signal is blocked everywhere, so if it arrives
  // after the stopper is gone it just stays pending until exit.
  if (!signalled) ::kill(::getpid(), SIGTERM);
  stopper.join();
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    std::cerr << "arize-emulator: " << e.what() << "\n(see arize-emulator --help)" << std::endl;
    return 2;
  }
  if (options.help) {
    std::cout << usage();
    return 0;
  }
  return run(options);
}
