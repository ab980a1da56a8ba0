// Issue 21 item 6: a generated client whose type, member, enumerator and parameter names are
// every object-like macro of the client's own headers (macro_spec.py) compiles after those
// headers, and the includer's macros are back afterwards.
#include "arize/client.hpp"  // first: <net/if.h> defines ifr_name, OpenSSL, httplib, libc...

#include "macro_names/all.hpp"
#include "macro_names_count.hpp"

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

TEST_CASE("members named after macros round-trip") {
  MESSAGE("object-like macros used as names: " << macro_count);
  const auto json = nlohmann::json::parse(R"({"ifr_name": "eth0", "EOF": "x", "errno": "y"})");
  const auto value = arize::decode<macro_names::MacroNames>(json);
  CHECK(arize::encode(value) == json);
  CHECK(arize::decode<macro_names::MacroNames>(arize::encode(value)) == value);
}

TEST_CASE("enumerators named after macros decode") {
  const auto value =
      arize::decode<arize::Open<macro_names::MacroValues>>(nlohmann::json("ifr_name"));
  CHECK(arize::encode(value) == nlohmann::json("ifr_name"));
}

TEST_CASE("the includer's macros are restored after the generated headers") {
#ifndef ifr_name
  FAIL("ifr_name is no longer a macro");
#endif
  CHECK(EOF == -1);  // a macro of <cstdio>, still usable
}
