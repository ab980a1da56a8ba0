// The JSON codecs, Required, Open, Nullable and Secret, on a hand-written model shaped like the
// generated ones (so these tests do not depend on the generator).
#include <doctest/doctest.h>

#include <sstream>
#include <type_traits>

#include "arize/core/runtime.hpp"

namespace demo {
enum class Color { red, light_blue };
}  // namespace demo

template <>
struct arize::EnumTraits<demo::Color> {
  static constexpr std::string_view name = "Color";
  static constexpr std::array<std::pair<demo::Color, std::string_view>, 2> values{
      {{demo::Color::red, "red"}, {demo::Color::light_blue, "light-blue"}}};
};

namespace demo {
using namespace arize;

struct Thing {
  Required<std::string> id;
  Required<Open<Color>> color;
  Required<std::int32_t> count;
  std::optional<Nullable<std::string>> note{};
  std::optional<DateTime> at{};
  std::optional<std::vector<std::int64_t>> numbers{};
  std::optional<Secret> key{};

  bool operator==(const Thing&) const = default;
  static Thing arize_decode(const Json& j, const JsonPath& path) {
    const Json& o = detail::expect_object(j, path);
    return Thing{
        .id = detail::decode_field<std::string>(o, "id", path),
        .color = detail::decode_field<Open<Color>>(o, "color", path),
        .count = detail::decode_field<std::int32_t>(o, "count", path),
        .note = detail::decode_optional_field<Nullable<std::string>>(o, "note", path),
        .at = detail::decode_optional_field<DateTime>(o, "at", path),
        .numbers = detail::decode_optional_field<std::vector<std::int64_t>>(o, "numbers", path),
        .key = detail::decode_optional_field<Secret>(o, "key", path),
    };
  }
  void arize_encode(Json& j, const EncodeOptions& options) const {
    j = Json::object();
    detail::encode_field(j, "id", id, options);
    detail::encode_field(j, "color", color, options);
    detail::encode_field(j, "count", count, options);
    detail::encode_optional_field(j, "note", note, options);
    detail::encode_optional_field(j, "at", at, options);
    detail::encode_optional_field(j, "numbers", numbers, options);
    detail::encode_optional_field(j, "key", key, options);
  }
  void arize_validate(const JsonPath& path) const {
    detail::check_length(id, 1, 5, path.field("id"));
    detail::check_range<std::int32_t, std::int64_t>(count, 0, 10, false, false,
                                                    path.field("count"));
  }
  friend std::ostream& operator<<(std::ostream& os, const Thing& v) {
    return detail::print_model(os, v);
  }
};
}  // namespace demo

using arize::Json;
using demo::Color;
using demo::Thing;

static_assert(arize::Model<Thing>);
static_assert(!std::is_default_constructible_v<Thing>, "required members have no default");
static_assert(!std::is_default_constructible_v<arize::Required<std::string>>);
static_assert(!std::is_convertible_v<int, arize::Required<arize::Open<Color>>>);
static_assert(!std::is_convertible_v<const char*, arize::Required<std::int32_t>>);

TEST_CASE("a model decodes, encodes and round-trips") {
  const auto j = Json::parse(R"({"id":"a","color":"light-blue","count":3,"note":null,
      "at":"2024-01-15T10:30:00.25+01:00","numbers":[1,2],"key":"s3cr3t","unknown_field":1})");
  const auto thing = j.get<Thing>();
  CHECK(thing.id == "a");
  CHECK(thing.color == Color::light_blue);
  CHECK(thing.count == 3);
  REQUIRE(thing.note.has_value());
  CHECK(thing.note->is_null());
  CHECK(thing.key->reveal() == "s3cr3t");
  const Json back = arize::encode(thing);
  CHECK(back["at"] == "2024-01-15T09:30:00.250000Z");
  CHECK(back["note"].is_null());
  CHECK_FALSE(back.contains("unknown_field"));
  CHECK(arize::decode<Thing>(back) == thing);
}

TEST_CASE("absent, null and value stay three different things") {
  const auto absent = Json::parse(R"({"id":"a","color":"red","count":1})").get<Thing>();
  const auto null = Json::parse(R"({"id":"a","color":"red","count":1,"note":null})").get<Thing>();
  const auto value = Json::parse(R"({"id":"a","color":"red","count":1,"note":"n"})").get<Thing>();
  CHECK_FALSE(absent.note.has_value());
  CHECK(null.note.has_value());
  CHECK(null.note->is_null());
  CHECK(value.note->value() == "n");
  CHECK_FALSE(arize::encode(absent).contains("note"));
  CHECK(arize::encode(null).at("note").is_null());
  CHECK(arize::encode(value).at("note") == "n");
}

TEST_CASE("unknown enum values are kept and sent back unchanged") {
  const auto thing = Json::parse(R"({"id":"a","color":"ultraviolet","count":1})").get<Thing>();
  CHECK_FALSE(thing.color.is_known());
  CHECK(thing.color.wire() == "ultraviolet");
  CHECK_FALSE(thing.color == Color::red);
  CHECK(arize::encode(thing)["color"] == "ultraviolet");
  std::ostringstream os;
  os << thing.color;
  CHECK(os.str() == "ultraviolet");
}

TEST_CASE("decode errors name the JSON path and never leak nlohmann exceptions") {
  struct Case {
    const char* body;
    const char* path;
    const char* reason;
  };
  const Case cases[] = {
      {R"([{"id":"a","color":"red","count":1},{"color":"red","count":1}])", "[1].id",
       "missing required field"},
      {R"([{"id":"a","color":"red","count":1,"numbers":[1,"x"]}])", "[0].numbers[1]",
       "expected an integer, got a string"},
      {R"([{"id":"a","color":"red","count":4294967296}])", "[0].count", "out of range"},
      {R"([{"id":"a","color":"red","count":1.5}])", "[0].count", "expected an integer"},
      {R"([{"id":"a","color":"red","count":1,"at":null}])", "[0].at", "got null"},
      {R"([{"id":"a","color":"red","count":1,"at":"2024-02-30T00:00:00Z"}])", "[0].at", "RFC 3339"},
      {R"([{"id":7,"color":"red","count":1}])", "[0].id", "expected a string, got an integer"},
      {R"([{"id":"a","color":true,"count":1}])", "[0].color", "expected a string"},
      {R"([[]])", "[0]", "expected an object, got an array"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    try {
      (void)arize::decode<std::vector<Thing>>(Json::parse(c.body));
      FAIL("no DecodeError");
    } catch (const arize::DecodeError& e) {
      CHECK(e.path() == c.path);
      CHECK(std::string(e.what()).find(c.reason) != std::string::npos);
    }
  }
  CHECK(arize::decode<std::int32_t>(Json::parse("5.0")) == 5);
  CHECK_THROWS_AS((void)arize::parse_json("{"), arize::DecodeError);
}

TEST_CASE("validation checks constraints before anything is sent") {
  CHECK_NOTHROW(arize::validate(Thing{.id = "abc", .color = Color::red, .count = 10}));
  try {
    arize::validate(std::vector<Thing>{Thing{.id = "abcdef", .color = Color::red, .count = 1}});
    FAIL("no ValidationError");
  } catch (const arize::ValidationError& e) {
    CHECK(e.path() == "[0].id");
    CHECK(e.reason() == "must be at most 5 characters long (got 6)");
  }
  // One character, one item: the noun agrees with the count.
  const arize::JsonPath at;
  const auto reason = [](auto check) {
    try {
      check();
    } catch (const arize::ValidationError& e) {
      return e.reason();
    }
    return std::string("no ValidationError");
  };
  CHECK(reason([&] { arize::detail::check_length("", 1, std::nullopt, at); }) ==
        "must be at least 1 character long (got 0)");
  CHECK(reason([&] { arize::detail::check_length("ab", std::nullopt, 1, at); }) ==
        "must be at most 1 character long (got 2)");
  CHECK(reason([&] { arize::detail::check_items(0, 1, std::nullopt, at); }) ==
        "must have at least 1 item");
  CHECK(reason([&] { arize::detail::check_items(3, std::nullopt, 2, at); }) ==
        "must have at most 2 items");
  CHECK_THROWS_AS(arize::validate(Thing{.id = "a", .color = Color::red, .count = 11}),
                  arize::ValidationError);
  // Lengths count code points: five two-byte characters fit in maxLength 5.
  CHECK_NOTHROW(arize::validate(
      Thing{.id = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", .color = Color::red, .count = 1}));
  CHECK_THROWS_AS(arize::validate(Thing{.id = "\xC3", .color = Color::red, .count = 1}),
                  arize::ValidationError);
}

TEST_CASE("utf8_length counts code points and refuses malformed UTF-8") {
  CHECK(arize::utf8_length("") == 0u);
  CHECK(arize::utf8_length("abc") == 3u);
  CHECK(arize::utf8_length("\xE2\x82\xAC\xF0\x9F\x98\x80") == 2u);
  CHECK_FALSE(arize::utf8_length("\xC0\xAF").has_value());          // overlong '/'
  CHECK_FALSE(arize::utf8_length("\xED\xA0\x80").has_value());      // surrogate
  CHECK_FALSE(arize::utf8_length("\xF4\x90\x80\x80").has_value());  // past U+10FFFF
  CHECK_FALSE(arize::utf8_length("\xE2\x82").has_value());          // truncated
}

TEST_CASE("utf8_sequence reads one code point, or none") {
  char32_t cp = 0;
  CHECK(arize::utf8_sequence("a", cp) == 1u);
  CHECK(cp == U'a');
  CHECK(arize::utf8_sequence("\xE2\x82\xAC!", cp) == 3u);
  CHECK(cp == U'\u20AC');
  CHECK(arize::utf8_sequence("\xF0\x9F\x98\x80", cp) == 4u);
  CHECK(cp == U'\U0001F600');
  CHECK(arize::utf8_sequence("", cp) == 0u);
  CHECK(arize::utf8_sequence("\x80", cp) == 0u);      // a stray continuation byte
  CHECK(arize::utf8_sequence("\xC0\xAF", cp) == 0u);  // overlong
  CHECK(arize::utf8_sequence("\xE2\x82", cp) == 0u);  // truncated
}

TEST_CASE("secrets are redacted when a model is printed, and only then") {
  const auto thing =
      Json::parse(R"({"id":"a","color":"red","count":1,"key":"ak-topsecret"})").get<Thing>();
  std::ostringstream os;
  os << thing << ' ' << *thing.key;
  CHECK(os.str().find("ak-topsecret") == std::string::npos);
  CHECK(os.str().find("[REDACTED]") != std::string::npos);
  CHECK(arize::encode(thing)["key"] == "ak-topsecret");  // explicit serialization keeps it
  CHECK(arize::to_string(*thing.key) == "[REDACTED]");
}

TEST_CASE("Required<T> behaves as its T") {
  Thing thing{.id = "a", .color = Color::red, .count = 2};
  thing.id = "b";
  thing.id += "c";
  const std::string& id = thing.id;
  CHECK(id == "bc");
  CHECK(thing.id.size() == 2);
  thing.count = 5;
  CHECK(thing.count + 1 == 6);
  CHECK(thing.count.get() == 5);
  thing.color = Color::light_blue;
  CHECK(thing.color == Color::light_blue);
}

TEST_CASE("Nullable and Open compare as values") {
  arize::Nullable<int> n = arize::null;
  CHECK(n == arize::null);
  n = 3;
  CHECK(*n == 3);
  CHECK(arize::Open<Color>::from_wire("red") == Color::red);
  CHECK(arize::Open<Color>::from_wire("red") == arize::Open<Color>(Color::red));
  CHECK_FALSE(arize::Open<Color>::from_wire("RED").is_known());
}

// ---- JsonTape: responses read straight from the bytes (issue 20) ------------------------------

namespace {
/// Reads `text` with `parser`; the tape as a DOM, or nullopt when refused.
std::optional<Json> tape_of(std::string_view text, arize::JsonTape::Parser parser) {
  arize::JsonTape tape;
  if (!tape.read(text, parser)) return std::nullopt;
  return tape.root().to_json();
}
std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }
std::string object_of(int members, std::string_view last) {
  std::string text = "{";
  for (int i = 0; i < members; ++i)
    text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  return text + "\"" + std::string(last) + "\":0}";
}
}  // namespace

TEST_CASE("the tape's parsers agree with nlohmann's DOM parser, and refuse what it should") {
  using P = arize::JsonTape::Parser;
  // Accepted by both parsers as nlohmann reads them (simdjson refuses the first two; nlohmann's
  // grammar decides, reading them as numbers).
  for (const std::string& text : std::vector<std::string>{
           "18446744073709551616", "-9223372036854775809", "-0", "0.1e-5", "1E3", "[1.5, -2, 3]",
           "\xef\xbb\xbf{}", " {\"a\" : {\"b\":[]} } ", R"("\ud83d\ude00 \u00e9 \n")",
           "18446744073709551615", "-9223372036854775808", R"({"a":{"a":1},"b":{"a":1}})",
           nested(arize::max_json_depth), object_of(40, "last")}) {
    CAPTURE(text);
    const Json dom = Json::parse(text);
    for (const P parser : {P::best, P::nlohmann}) {
      const auto tape = tape_of(text, parser);
      REQUIRE(tape.has_value());
      CHECK(*tape == dom);
      CHECK(tape->dump() == dom.dump());
    }
    CHECK(arize::parse_json(text) == dom);
  }
  // Refused by both: not JSON, too deep, or a member named twice (within 32 members, and past
  // them, where names go into a hash set).
  for (const std::string& text : std::vector<std::string>{
           "", "[1,", "1 2", "{\"a\":1,}", "\"\\ud800\"", "1e400", "NaN", "\"\x80\"", "\"a\nb\"",
           nested(arize::max_json_depth + 1), R"({"a":1,"a":1})", R"({"x":[{"a":1,"b":2,"a":3}]})",
           object_of(10, "k3"), object_of(40, "k3"), object_of(40, "k39")}) {
    CAPTURE(text);
    for (const P parser : {P::best, P::nlohmann}) CHECK_FALSE(tape_of(text, parser).has_value());
    CHECK_THROWS_AS((void)arize::parse_json(text), arize::DecodeError);
  }
}

TEST_CASE("read_leniently relaxes only what it is asked to") {
  arize::JsonTape tape;
  const std::string twice = R"({"a":1,"b":{"c":2,"c":3},"a":4})";
  CHECK_FALSE(tape.read(twice));
  CHECK_FALSE(tape.read_leniently(twice, {.repeated_names = false}));
  REQUIRE(tape.read_leniently(twice, {.repeated_names = true}));
  std::vector<std::string> names;
  for (const auto& m : tape.root().members()) names.emplace_back(m.key);
  CHECK(names == std::vector<std::string>{"a", "b", "a"});
  CHECK(tape.root().to_json() == Json::parse(twice));  // the DOM's reading: the last one counts

  const std::string trailing = R"({"a":[1,2]} {"b":)";
  CHECK_FALSE(tape.read(trailing));
  CHECK_FALSE(tape.read_leniently(trailing, {.repeated_names = true}));
  REQUIRE(tape.read_leniently(trailing, {.repeated_names = false, .trailing_bytes = true}));
  CHECK(tape.root().to_json() == Json::parse(R"({"a":[1,2]})"));
  // What stays refused whatever is relaxed: no complete first value, nesting, invalid text.
  for (const std::string& text : std::vector<std::string>{
           "", "[1,", "{\"a\":}", nested(arize::max_json_depth + 1), "\"\x80\""}) {
    CAPTURE(text);
    CHECK_FALSE(tape.read_leniently(text, {.repeated_names = true, .trailing_bytes = true}));
  }
}

TEST_CASE("decode_text gives what decode of the DOM gives, errors and paths included") {
  const std::string text = R"({"id":"a","color":"light-blue","count":3,"note":null,
      "at":"2024-01-15T10:30:00.25+01:00","numbers":[1,2],"key":"s3cr3t","extra":{"x":[1]}})";
  // Thing has no arize_read: it is read from the tape made a DOM.
  CHECK(arize::decode_text<Thing>(text) == arize::decode<Thing>(Json::parse(text)));
  CHECK(arize::decode_text<std::vector<std::int64_t>>("[1,-2,3.0]") ==
        std::vector<std::int64_t>{1, -2, 3});
  CHECK(arize::decode_text<std::map<std::string, arize::Open<Color>>>(R"({"a":"red","b":"green"})")
            .at("b")
            .wire() == "green");
  auto error_of = [](auto decode) -> std::string {
    try {
      decode();
    } catch (const arize::DecodeError& e) {
      return e.path() + ": " + e.reason();
    }
    return "no error";
  };
  for (const std::string bad :
       {R"([1, 2.5])", R"([1, "2"])", R"([1, 99999999999999999999])", R"({"a":1})"}) {
    CAPTURE(bad);
    CHECK(error_of([&] { (void)arize::decode_text<std::vector<std::int32_t>>(bad); }) ==
          error_of([&] { (void)arize::decode<std::vector<std::int32_t>>(Json::parse(bad)); }));
  }
  CHECK(error_of([] {
          (void)arize::decode_text<std::vector<arize::DateTime>>(
              R"(["2024-01-15T10:30:00Z", "x"])");
        }) == "[1]: expected an RFC 3339 date-time, got \"x\"");
  CHECK(error_of([] { (void)arize::decode_text<std::int32_t>(R"({"a":1,"a":2})"); }) ==
        std::string(": ") + arize::detail::not_json_text);
}
