#include "wire_common.hpp"

#include <arize/core/url.hpp>

#include "wire.hpp"
#include "wire_v2026_07.hpp"

namespace arize::emulator {

using nlohmann::json;

std::optional<json> parse_body(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
  json body;
  try {
    body = parse_json_unique(text);
  } catch (const json::parse_error& e) {
    // e.what() quotes the text it read: name only the position, never the content.
    throw Refusal(
        400, "the request body is not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {
    // Valid syntax nlohmann cannot hold: a number past double's range ("2e308") is its
    // out_of_range 406, which escaped as a 500 (found by fuzz_emulator_request).
    throw Refusal(400, "the request body holds a number out of range");
  } catch (const DuplicateMember&) {
    throw Refusal(400, "the request body holds an object with the same member twice");
  } catch (const NestedTooDeep&) {
    throw Refusal(400, "the request body nests arrays and objects more than " +
                           std::to_string(arize::max_json_depth) + " deep");
  }
  if (!body.is_object()) throw Refusal(400, "the request body must be a JSON object");
  return body;
}

std::string member_problem(const std::string& path, const std::string& reason) {
  // The decoders' reasons quote strings they were given (`got "..."`): everything from the
  // first double quote on is cut (a raw key pasted into the wrong member, say).
  std::string said = reason.substr(0, reason.find('"'));
  while (!said.empty() && (said.back() == ' ' || said.back() == ',')) said.pop_back();
  if (said.ends_with(", got")) said.resize(said.size() - 5);
  return "`" + (path.empty() ? std::string("body") : path) + "`: " + said;
}

std::map<std::string, std::string> split_query(std::string_view target,
                                               const std::vector<std::string>& names) {
  std::map<std::string, std::string> query;
  const auto mark = target.find('?');
  std::string_view rest = mark == std::string_view::npos ? "" : target.substr(mark + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? "" : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string name = arize::url::decode_component(pair.substr(0, eq));
    if (std::find(names.begin(), names.end(), name) == names.end()) continue;
    std::string value =
        eq == std::string_view::npos ? "" : arize::url::decode_component(pair.substr(eq + 1));
    if (!query.emplace(name, std::move(value)).second) {
      throw Refusal(400, "`" + name + "` is given more than once");
    }
  }
  return query;
}

std::optional<std::string> param(const std::map<std::string, std::string>& query,
                                 const std::string& name) {
  const auto it = query.find(name);
  return it == query.end() ? std::nullopt : std::optional(it->second);
}

Operation operation_of(Operation::Kind kind, const arize::HttpRequest& built, bool with_id) {
  Operation op{
      .kind = kind, .method = built.method, .prefix = built.path, .suffix = {}, .with_id = with_id};
  if (with_id) {
    const auto at = built.path.rfind("/ID");
    op.prefix = built.path.substr(0, at + 1);
    op.suffix = built.path.substr(at + 3);
  }
  return op;
}

arize::DateTime seeded_at() { return *arize::try_parse_datetime("2026-01-01T00:00:00Z"); }

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 500 ? "Client Error" : "Server Error";
  }
}

const WireApi& wire_api(ApiRevision revision) {
  return revision == ApiRevision::v2026_06 ? june_wire() : july_wire();
}

std::string_view to_string(ApiRevision revision) {
  return revision == ApiRevision::v2026_06 ? "2026-06" : "2026-07";
}

std::optional<ApiRevision> revision_from_string(std::string_view text) {
  if (text == "2026-06") return ApiRevision::v2026_06;
  if (text == "2026-07") return ApiRevision::v2026_07;
  return std::nullopt;
}

}  // namespace arize::emulator
