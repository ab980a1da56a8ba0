// File: bytes with a file name and a content type, for `format: binary` values (multipart
// file parts, uploads). In JSON (where OpenAPI 3.0 allows binary strings) only the bytes travel,
// as the string.
#pragma once

#include <string>

#include "arize/core/json.hpp"

namespace arize {

struct File {
  /// The bytes (any, including NUL).
  std::string content;
  /// Sent as the part's `filename` in multipart bodies; empty: "file".
  std::string filename{};
  /// Sent as the part's Content-Type in multipart bodies; empty: application/octet-stream.
  std::string content_type{};

  bool operator==(const File&) const = default;
};

template <>
struct Codec<File> {
  static File decode(const Json& j, const JsonPath& path) {
    return File{.content = Codec<std::string>::decode(j, path)};
  }
  static File read(JsonRef j, const JsonPath& path) {
    return File{.content = Codec<std::string>::read(j, path)};
  }
  static void encode(Json& out, const File& v, const EncodeOptions&) { out = v.content; }
};

}  // namespace arize
