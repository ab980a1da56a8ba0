// AnyTransport: any Transport behind one non-template type, so that arize::Client can use a
// user's transport (libcurl, Beast, a proxy, a test double) without becoming a template.
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
      : impl_(std::make_shared<Model<T>>(std::move(transport))) {}

  /// Does not take ownership: `transport` must outlive every copy of the AnyTransport.
  template <Transport T>
  [[nodiscard]] static AnyTransport ref(T& transport) {
    return AnyTransport(std::make_shared<Model<T&>>(transport));
  }

  HttpResponse send(const HttpRequest& request) const { return impl_->send(request); }

 private:
  struct Concept {
    virtual ~Concept() = default;
    virtual HttpResponse send(const HttpRequest& request) = 0;
  };
  template <class T>
  struct Model final : Concept {
    explicit Model(T t) : transport(static_cast<T&&>(t)) {}
    HttpResponse send(const HttpRequest& request) override { return transport.send(request); }
    T transport;
  };
  explicit AnyTransport(std::shared_ptr<Concept> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<Concept> impl_;
};

}  // namespace arize
