# Shared by scripts/demo and scripts/test: install what is missing, then configure and build
# into build/ (executables in build/bin/). Source it; do not run it.

ARIZE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARIZE_BUILD="${ARIZE_BUILD:-$ARIZE_ROOT/build}"

# The Debian packages the project builds and tests with.
ARIZE_DEB_PACKAGES=(
  cmake g++ make pkg-config git openssl
  nlohmann-json3-dev libcpp-httplib-dev libssl-dev doctest-dev libhowardhinnant-date-dev  # date: tests only
  clang-format libcli11-dev clang libclang-rt-14-dev
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

# Configures build/ (warnings are errors, as in CI): g++ and Debian's cpp-httplib, -O2 without
# debug information (-g costs a fifth of the build time; set ARIZE_BUILD_TYPE to change).
arize_configure() {
  local py
  py="$(arize_python)"
  arize_log "configuring $ARIZE_BUILD"
  cmake -S "$ARIZE_ROOT" -B "$ARIZE_BUILD" -DCMAKE_BUILD_TYPE="${ARIZE_BUILD_TYPE:-RelWithDebInfo}" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DARIZE_WERROR=ON -DPython3_EXECUTABLE="$py" \
    >/dev/null
}

# Configures and builds build/ (arguments go to cmake --build, e.g. --target X).
arize_build() {
  arize_configure
  arize_log "building (this takes a few minutes the first time)"
  cmake --build "$ARIZE_BUILD" -j "${ARIZE_JOBS:-$(nproc)}" "$@"
}

# The second build, build-portable/: clang++, the current upstream single-header cpp-httplib
# from ../shared/third_party (the newest cpp-httplib-* there), AddressSanitizer and
# UndefinedBehaviorSanitizer, warnings as errors.
ARIZE_BUILD2="${ARIZE_BUILD2:-$ARIZE_ROOT/build-portable}"
# What the second build compiles and runs: core, runtime (unit and loopback), emulator and CLI
# tests, the two plain drop-ins (clang with the single header, and with Debian's package), and
# 30 s of each libFuzzer target (fuzz/).
ARIZE_BUILD2_TARGETS=(arize_core_tests runtime_unit_tests runtime_loopback_tests
  arize_emulator_tests arize-emulator arize-keys arize_fuzzers)
ARIZE_BUILD2_TESTS='^(core|runtime|emulator|cli|fuzz)\.|^consumer\.plain-'

# Prints the folder of the newest ../shared/third_party/cpp-httplib-*/httplib.h; nothing when
# there is none (the second build is then skipped).
arize_portable_httplib() {
  local dir
  dir="$(find "$ARIZE_ROOT/../shared/third_party" -maxdepth 1 -type d -name 'cpp-httplib-*' \
    2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -f "$dir/httplib.h" ]; then (cd "$dir" && pwd); fi
}

# Configures and builds the second build against the httplib folder $1; fails when it fails.
arize_build_portable() {
  local httplib="$1" py
  py="$(arize_python)"
  arize_log "configuring $ARIZE_BUILD2 (clang++, $(basename "$httplib") single header, ASan+UBSan)"
  cmake -S "$ARIZE_ROOT" -B "$ARIZE_BUILD2" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DARIZE_WERROR=ON -DARIZE_SANITIZE=address,undefined -DARIZE_HTTPLIB_DIR="$httplib" \
    -DARIZE_BUILD_FUZZERS=ON \
    -DPython3_EXECUTABLE="$py" >/dev/null
  arize_log "building the second build"
  cmake --build "$ARIZE_BUILD2" -j "${ARIZE_JOBS:-$(nproc)}" --target "${ARIZE_BUILD2_TARGETS[@]}"
}
