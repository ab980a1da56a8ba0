# Shared by scripts/demo and scripts/test: install what is missing, then configure and build
# into build/ (executables in build/bin/). Source it; do not run it.

ARIZE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARIZE_BUILD="${ARIZE_BUILD:-$ARIZE_ROOT/build}"

# The Debian packages the project builds and tests with.
ARIZE_DEB_PACKAGES=(
  cmake g++ make pkg-config git openssl
  nlohmann-json3-dev libcpp-httplib-dev libssl-dev doctest-dev libhowardhinnant-date-dev  # date: tests only
  clang-format libcli11-dev clang libclang-rt-14-dev
  libsimdjson-dev  # optional for users: reads responses ~10x faster (include/arize/core/json_tape.hpp)
  libboost1.81-dev  # optional for users: the async client on Boost.Beast (include/arize/async/)
)

arize_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the Debian packages that are not installed yet (needs root, as on CI).
arize_install_packages() {
  local missing=() pkg
  for pkg in "${ARIZE_DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    arize_log "installing Debian packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  arize_install_node
}

# Node.js and npm for the contract checks (tests/contract: Prism and the vendor's TypeScript
# client, from the npm registry). Best effort: without them those checks skip with one line.
# Debian's nodejs comes without npm (a package of its own); other builds of nodejs bundle it.
arize_install_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  local sudo=() pkgs=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  command -v node >/dev/null || pkgs+=(nodejs)
  arize_log "installing Node.js and npm for the contract checks"
  "${sudo[@]}" apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${pkgs[@]}" >/dev/null 2>&1 || true
  command -v npm >/dev/null ||
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
      npm >/dev/null 2>&1 || true
  command -v npm >/dev/null || arize_log "no npm: the contract checks will be skipped"
}

# Prints a python3 that has Jinja2 and PyYAML (the generator's only dependencies),
# installing Debian's python3-jinja2 and python3-yaml when no python3 on PATH has them.
arize_python() {
  local py
  for py in "$(command -v python3 || true)" /usr/bin/python3; do
    if [ -n "$py" ] && "$py" -c 'import jinja2, yaml' 2>/dev/null; then
      echo "$py"
      return
    fi
  done
  arize_log "installing python3-jinja2 and python3-yaml"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-jinja2 python3-yaml >/dev/null
  echo /usr/bin/python3
}

# The cpp-httplib carried in the repository (third_party/cpp-httplib: upstream's release, its
# SHA-256 checked by CMake), CMake's default for the top-level build.
ARIZE_CARRIED_HTTPLIB="$ARIZE_ROOT/third_party/cpp-httplib"

# Configures build/ (warnings are errors, as in CI): g++ and the carried cpp-httplib (named
# explicitly, so that a build/ configured before it was carried switches too), -O2 without
# debug information (-g costs a fifth of the build time; set ARIZE_BUILD_TYPE to change), the
# test executables' units at -O1 (ARIZE_TEST_CXX_FLAGS: a third less g++ time than -O2), the
# async client compiled once at -O0 (ARIZE_ASYNC_COMPILED_O0: the tests need no speed).
arize_configure() {
  local py
  py="$(arize_python)"
  arize_log "configuring $ARIZE_BUILD"
  cmake -S "$ARIZE_ROOT" -B "$ARIZE_BUILD" -DCMAKE_BUILD_TYPE="${ARIZE_BUILD_TYPE:-RelWithDebInfo}" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DARIZE_WERROR=ON -DPython3_EXECUTABLE="$py" \
    -DARIZE_ASYNC_COMPILED_O0=ON -DARIZE_TEST_CXX_FLAGS=-O1 -DARIZE_HTTPLIB_DIR="$ARIZE_CARRIED_HTTPLIB" \
    >/dev/null
}

# Configures and builds build/ (arguments go to cmake --build, e.g. --target X).
arize_build() {
  arize_configure
  arize_log "building (this takes a few minutes the first time)"
  cmake --build "$ARIZE_BUILD" -j "${ARIZE_JOBS:-$(nproc)}" "$@"
}

# The second build, build-portable/: clang++, Debian 12's cpp-httplib 0.11.4 (compiled, found
# by pkg-config: the oldest release the client supports, still what `apt-get install
# libcpp-httplib-dev` gives), AddressSanitizer and UndefinedBehaviorSanitizer, warnings as
# errors. The advisory notice for 0.11.4 (include/arize/core/httplib_advisories.hpp) is silenced
# here: this build uses it on purpose (consumer.httplib-advisory-notice checks the notice).
ARIZE_BUILD2="${ARIZE_BUILD2:-$ARIZE_ROOT/build-portable}"
# What the second build compiles and runs: core, runtime (unit and loopback), emulator and CLI
# tests, the plain drop-ins (clang with the carried single header, and with Debian's package),
# the advisory notice for old cpp-httplib (clang's wording), and 30 s of each libFuzzer target
# (fuzz/), the feature matrix of the generator (codegen.matrix: clang++ on every keyword), and
# the async client's tests (Beast, coroutines) under ASan and UBSan.
ARIZE_BUILD2_TARGETS=(arize_core_tests runtime_unit_tests runtime_loopback_tests runtime_redactor_dso_test
  arize_emulator_tests arize-emulator arize-keys arize_fuzzers codegen_matrix_test async_tests)
ARIZE_BUILD2_TESTS='^(core|runtime|emulator|cli|fuzz|async)\.|^consumer\.(plain-|httplib-advisory)|^codegen\.matrix$'

# Configures and builds the second build; fails when it fails.
arize_build_portable() {
  local py
  py="$(arize_python)"
  arize_log "configuring $ARIZE_BUILD2 (clang++, Debian's cpp-httplib $(pkg-config --modversion cpp-httplib), ASan+UBSan)"
  cmake -S "$ARIZE_ROOT" -B "$ARIZE_BUILD2" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DARIZE_WERROR=ON -DARIZE_SANITIZE=address,undefined -DARIZE_HTTPLIB_DIR= \
    -DARIZE_NO_HTTPLIB_ADVISORY_NOTICE=ON -DARIZE_BUILD_FUZZERS=ON -DARIZE_ASYNC=ON \
    -DPython3_EXECUTABLE="$py" >/dev/null
  arize_log "building the second build"
  cmake --build "$ARIZE_BUILD2" -j "${ARIZE_JOBS:-$(nproc)}" --target "${ARIZE_BUILD2_TARGETS[@]}"
}

# The third build, build-tsan/: clang++ with ThreadSanitizer (-O0: a quarter less compile time
# than -O1; line tables for the reports' file:line), the carried cpp-httplib (a header, so it
# is instrumented too), warnings as errors.
# Only what the tests that run threads need: the async client's tests (one io_context thread,
# the emulator's and the proxies' server threads), BeastSyncTransport's (their unit: several
# client threads on one transport) and the sync loopback tests, of which it runs
# the suites with several client threads (concurrency: one Client from 4 threads and its pool;
# transport: the pool's kept connections; soak: 4 threads, faults). Suppressions, each with its
# reason: tests/tsan.supp (races inside libraries not built with TSan only). Cost: ~145 CPU s
# of compilation (the emulator's library, the two test units), ~10 s of tests.
ARIZE_BUILD3="${ARIZE_BUILD3:-$ARIZE_ROOT/build-tsan}"
ARIZE_BUILD3_TARGETS=(async_tests runtime_loopback_tests)
ARIZE_BUILD3_TESTS='^async\.(loopback|beast_sync)$|^runtime\.loopback\.(concurrency|transport|soak)$'
ARIZE_TSAN_OPTIONS="suppressions=$ARIZE_ROOT/tests/tsan.supp:second_deadlock_stack=1"

# Configures and builds the third build; fails when it fails.
arize_build_tsan() {
  local py
  py="$(arize_python)"
  arize_log "configuring $ARIZE_BUILD3 (clang++, the carried cpp-httplib, ThreadSanitizer)"
  cmake -S "$ARIZE_ROOT" -B "$ARIZE_BUILD3" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DCMAKE_CXX_COMPILER=clang++ \
    -DARIZE_WERROR=ON -DARIZE_SANITIZE=thread -DARIZE_HTTPLIB_DIR="$ARIZE_CARRIED_HTTPLIB" \
    -DARIZE_ASYNC=ON -DPython3_EXECUTABLE="$py" >/dev/null
  arize_log "building the third build"
  cmake --build "$ARIZE_BUILD3" -j "${ARIZE_JOBS:-$(nproc)}" --target "${ARIZE_BUILD3_TARGETS[@]}"
}
