// Request bodies that are not JSON: application/x-www-form-urlencoded and multipart/form-data.
//
// Generated code adds one entry per member of the body's object (arrays: one per element) and
// sends `encode()` with `content_type()`. Both classes have the same four-call interface.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arize/core/file.hpp"
#include "arize/core/json.hpp"
#include "arize/core/url.hpp"

namespace arize {

/// application/x-www-form-urlencoded: name=value pairs joined by '&', each percent-encoded.
class FormBody {
 public:
  void add_text(std::string_view name, std::string_view value) {
    pairs_.emplace_back(std::string(name), std::string(value));
  }
  /// A file's bytes (a form has no file names).
  void add_file(std::string_view name, const File& file) { add_text(name, file.content); }
  /// A value without a text form of its own (an object, a nested array): its JSON text.
  void add_json(std::string_view name, const Json& value) { add_text(name, value.dump()); }

  [[nodiscard]] static std::string content_type() { return "application/x-www-form-urlencoded"; }
  [[nodiscard]] std::string encode() const {
    std::string out;
    for (const auto& [name, value] : pairs_) {
      if (!out.empty()) out += '&';
      out += url::encode_query_component(name);
      out += '=';
      out += url::encode_query_component(value);
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

/// multipart/form-data (RFC 7578): one part per entry; files with their file name and type.
/// The boundary is the first of "arize-part-boundary-0", "-1", ... that occurs in no part, so
/// the same body always encodes to the same bytes.
class MultipartBody {
 public:
  void add_text(std::string_view name, std::string_view value) {
    parts_.push_back(Part{std::string(name), std::string(value), {}, {}});
  }
  void add_file(std::string_view name, const File& file) {
    parts_.push_back(Part{std::string(name), file.content,
                          file.filename.empty() ? std::string("file") : file.filename,
                          file.content_type.empty() ? std::string("application/octet-stream")
                                                    : without_line_breaks(file.content_type)});
  }
  void add_json(std::string_view name, const Json& value) {
    parts_.push_back(Part{std::string(name), value.dump(), {}, "application/json"});
  }

  [[nodiscard]] std::string content_type() const {
    return "multipart/form-data; boundary=" + boundary();
  }
  [[nodiscard]] std::string encode() const {
    const std::string b = boundary();
    std::string out;
    for (const auto& p : parts_) {
      out += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + quoted(p.name) + '"';
      if (!p.filename.empty()) out += "; filename=\"" + quoted(p.filename) + '"';
      out += "\r\n";
      if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
      out += "\r\n" + p.content + "\r\n";
    }
    out += "--" + b + "--\r\n";
    return out;
  }

 private:
  struct Part {
    std::string name;
    std::string content;
    std::string filename;
    std::string content_type;
  };

  /// A name or file name inside a quoted header parameter: '"', CR and LF percent-encoded
  /// (as browsers do, RFC 7578 section 2).
  static std::string quoted(std::string_view s) {
    std::string out;
    for (const char c : s) {
      if (c == '"') {
        out += "%22";
      } else if (c == '\r') {
        out += "%0D";
      } else if (c == '\n') {
        out += "%0A";
      } else {
        out += c;
      }
    }
    return out;
  }

  static std::string without_line_breaks(std::string_view s) {
    std::string out;
    for (const char c : s) {
      if (c != '\r' && c != '\n') out += c;
    }
    return out;
  }

  [[nodiscard]] std::string boundary() const {
    for (std::size_t n = 0;; ++n) {
      std::string b = "arize-part-boundary-" + std::to_string(n);
      bool clash = false;
      for (const auto& p : parts_) {
        if (p.content.find(b) != std::string::npos) {
          clash = true;
          break;
        }
      }
      if (!clash) return b;
    }
  }

  std::vector<Part> parts_;
};

}  // namespace arize
