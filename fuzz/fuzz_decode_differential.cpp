// libFuzzer, differential: the response decoders that read bytes (arize::decode_text: a
// JsonTape filled by simdjson where the build has it, and by nlohmann's SAX parser) against the
// DOM decoders (arize::decode of an nlohmann::json that nlohmann's own DOM parser built). For
// the same input they must give the same value, or both refuse it, and for the same reason: the
// text is not JSON for both, or it is JSON whose content does not match the model for both.
//
// The first byte picks the model (a list page, a create or refresh response, of either API
// revision), the rest is the body. The DOM side is built independently of the tape: nlohmann's
// parser with a callback that refuses what the tape refuses (nesting past max_json_depth, a
// member name twice in one object), written here on its own, not with the tape's code.
#include <arize/generated/v2026_06/models.hpp>
#include <arize/generated/v2026_07/models.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using arize::Json;

/// nlohmann's DOM of `text`, or nullopt where the tape refuses the text.
std::optional<Json> dom_of(std::string_view text) {
  std::vector<std::set<std::string>> names;  // of each open object
  bool refused = false;
  const Json::parser_callback_t check = [&](int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start: names.emplace_back(); [[fallthrough]];
      case Json::parse_event_t::array_start:
        if (depth >= arize::max_json_depth) refused = true;
        break;
      case Json::parse_event_t::key:
        if (!names.empty() && !names.back().insert(parsed.get<std::string>()).second) {
          refused = true;
        }
        break;
      case Json::parse_event_t::object_end:
        if (!names.empty()) names.pop_back();
        break;
      default: break;
    }
    return !refused;
  };
  Json j = Json::parse(text, check, /*allow_exceptions=*/false);
  if (refused || j.is_discarded()) return std::nullopt;
  return j;
}

/// How one decoding ended.
template <class T>
struct Outcome {
  std::optional<T> value;
  bool not_json = false;  // refused as text, before any model was involved
  std::string error;
};

template <class T>
Outcome<T> from_tape(std::string_view text, arize::JsonTape::Parser parser) {
  Outcome<T> out;
  arize::JsonTape tape;
  if (!tape.read(text, parser)) {
    out.not_json = true;
    return out;
  }
  try {
    out.value.emplace(arize::decode<T>(tape.root()));
  } catch (const arize::DecodeError& e) {
    out.error = e.what();
  }
  return out;
}

template <class T>
Outcome<T> from_dom(std::string_view text) {
  Outcome<T> out;
  const auto j = dom_of(text);
  if (!j) {
    out.not_json = true;
    return out;
  }
  try {
    out.value.emplace(arize::decode<T>(*j));
  } catch (const arize::DecodeError& e) {
    out.error = e.what();
  }
  return out;
}

template <class T>
void same(const Outcome<T>& a, const char* a_name, const Outcome<T>& b, const char* b_name) {
  const bool agree = a.not_json == b.not_json && a.value.has_value() == b.value.has_value() &&
                     (!a.value || *a.value == *b.value);
  if (agree) return;
  auto describe = [](const Outcome<T>& o) -> std::string {
    if (o.not_json) return "refused as not JSON";
    if (!o.value) return "DecodeError: " + o.error;
    return "decoded: " + arize::encode(*o.value, arize::EncodeOptions{.redact_secrets = true})
                             .dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  std::cerr << T::arize_schema_name << ": " << a_name << " " << describe(a) << "\n  but " << b_name
            << " " << describe(b) << '\n';
  std::abort();
}

template <class T>
void differential(std::string_view text) {
  const auto dom = from_dom<T>(text);
  same(from_tape<T>(text, arize::JsonTape::Parser::best), "the tape", dom, "the DOM");
  if constexpr (arize::JsonTape::has_simdjson) {
    same(from_tape<T>(text, arize::JsonTape::Parser::nlohmann), "the nlohmann tape", dom,
         "the DOM");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0: differential<arize::v2026_06::ApiKeyList>(text); break;
    case 1: differential<arize::v2026_06::ApiKeyCreated>(text); break;
    case 2: differential<arize::v2026_07::ListApiKeysResponse>(text); break;
    case 3: differential<arize::v2026_07::CreateApiKeyResponse>(text); break;
    case 4: differential<arize::v2026_07::RefreshApiKeyResponse>(text); break;
    default: differential<arize::v2026_06::Problem>(text); break;
  }
  return 0;
}
