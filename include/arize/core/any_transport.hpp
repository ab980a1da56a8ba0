// AnyTransport: any Transport behind one non-template type, so that arize::Client can use a
// user's transport (libcurl, Beast, a proxy, a test double) without becoming a template.
//
// The erasure is a function pointer, not a virtual function: with a virtual, g++ -O2 emits
// every transport it can see as a speculative devirtualization target in each translation unit
// that calls send(), even one that never constructs it (bench/compile/ measured the default
// HttplibTransport compiled into every such unit).
#pragma once

#include <concepts>
#include <memory>
#include <type_traits>
#include <utility>

#include "arize/core/transport.hpp"

namespace arize {

class AnyTransport {
 public:
  /// Takes ownership of `transport`. Copies of an AnyTransport share that one object.
  template <Transport T>
  requires(!std::same_as<std::remove_cvref_t<T>, AnyTransport> && !std::is_reference_v<T>)
      AnyTransport(
          T transport)  // NOLINT(google-explicit-constructor): a transport is an AnyTransport
      : impl_(std::make_shared<T>(std::move(transport))), send_(&send_through<T>) {}

  HttpResponse send(const HttpRequest& request) const { return send_(impl_.get(), request); }

 private:
  template <class T>
  static HttpResponse send_through(void* transport, const HttpRequest& request) {
    return static_cast<T*>(transport)->send(request);
  }

  std::shared_ptr<void> impl_;
  HttpResponse (*send_)(void*, const HttpRequest&);
};

}  // namespace arize
