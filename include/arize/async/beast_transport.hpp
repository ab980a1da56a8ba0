// BeastTransport: the non-blocking AsyncTransport (core/async_transport.hpp) on Boost.Beast and
// Boost.Asio SSL, the one header of the client that includes Boost. Header-only (Debian's
// libboost1.81-dev); link OpenSSL. CMake: arize::async (ARIZE_ASYNC).
//
// It takes the default transport's options (HttplibTransportOptions) and keeps its promises:
// - http:// and https://; TLS verifies the peer against OpenSSL's default CA paths or ca_file /
//   ca_dir, sends SNI, and checks the host name with the same policy (core/tls_host.hpp: DNS
//   SANs for a name, IP SANs for an address, never the subject CN);
// - max_response_bytes bounds the body (Beast's body_limit); the head is bounded at
//   detail::max_response_head_bytes (header_limit); a larger one is the same receive error the
//   default transport reports for a head it refuses;
// - connect_timeout, write_timeout and read_timeout bound each connect, write and read (a read
//   is one read of the socket: a trickling server is ended by the deadline), request_timeout and
//   HttpRequest::deadline the whole exchange; the TransportError kinds and messages are the
//   default transport's for the same failure (core/transport_errors.hpp);
// - keep-alive: a connection whose response allowed it is kept for the next request, at most
//   max_idle_connections of them; a kept connection the server has closed meanwhile is dropped
//   before use (polled), or, when that shows only once the request was written, replaced once
//   for a request that may be resent (idempotent);
// - options.proxy, an http:// forward proxy (core/proxy.hpp), as the default transport uses it:
//   http:// requests go to the proxy in absolute form ("http://host:port/path?query");
//   https:// ones through a CONNECT tunnel ("CONNECT host:port", with Host), whose answer is
//   read under connect_timeout (each write and read) and the deadline, its head bounded as a
//   response's; a non-2xx answer is TransportError(connect) naming its status, never its
//   headers or body; TLS then runs end to end with the origin (SNI and the host check name the
//   API's host, not the proxy's). Bytes the proxy sends after its answer, before TLS, are
//   refused (a connect error), never fed to TLS or dropped. With a user name, "Proxy-
//   Authorization: Basic" goes to the proxy only: on each http:// request and on the CONNECT,
//   never inside the tunnel. Kept connections lead where every connection of this transport
//   leads (its one proxy, or its one server), so proxied and direct ones never mix.
//
// Threads: every exchange runs on the executor given (an io_context, a strand of one). Many
// exchanges at once on one io_context thread need no other thread. async_send may be called
// from any thread (it posts to the executor); with an io_context run by several threads, give
// the transport a strand.
#pragma once

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arize/async/beast_common.hpp"
#include "arize/core/async_transport.hpp"
#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/proxy.hpp"
#include "arize/core/secret.hpp"
#include "arize/core/socket_quiet.hpp"
#include "arize/core/tls_host.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_errors.hpp"
#include "arize/core/transport_options.hpp"

namespace arize {

class BeastTransport {
 public:
  using Executor = boost::asio::any_io_executor;

  /// Checks the options (throws ConfigError); opens no connection.
  explicit BeastTransport(Executor executor, HttplibTransportOptions options = {})
      : state_(std::make_shared<State>(std::move(executor), std::move(options))) {}

  [[nodiscard]] const HttplibTransportOptions& options() const noexcept { return state_->options; }
  [[nodiscard]] const BaseUrl& base_url() const noexcept { return state_->base; }
  [[nodiscard]] const Executor& executor() const noexcept { return state_->executor; }
  /// Connections kept for reuse now (call on the executor).
  [[nodiscard]] std::size_t idle_connections() const noexcept { return state_->idle.size(); }

  void async_send(HttpRequest request, const AsyncCancellation& cancel, AsyncSendHandler done) {
    auto exchange = std::make_shared<Exchange>(state_, std::move(request), cancel, std::move(done));
    boost::asio::post(state_->executor, [exchange] { exchange->start(); });
  }

 private:
  using Clock = std::chrono::steady_clock;
  using tcp = boost::asio::ip::tcp;
  struct Connection {
    explicit Connection(const Executor& ex) : plain(ex) {}
    Connection(const Executor& ex, boost::asio::ssl::context& ctx) : tls(std::in_place, ex, ctx) {}
    std::optional<boost::beast::tcp_stream> plain;
    std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls;
    boost::beast::flat_buffer buffer;
    boost::beast::tcp_stream& tcp() { return tls ? tls->next_layer() : *plain; }
  };

  struct State {
    State(Executor ex, HttplibTransportOptions o)
        : executor(std::move(ex)), options(std::move(o)), base(BaseUrl::parse(options.base_url)) {
      detail::check_transport_options(options, base);
      if (options.proxy) proxy_authorization = options.proxy->basic_authorization();
      detail::set_up_beast_tls(ssl, options, base);
    }
    Executor executor;
    HttplibTransportOptions options;
    BaseUrl base;
    std::optional<boost::asio::ssl::context> ssl;
    std::optional<Secret> proxy_authorization;      // "Basic ..." when the proxy has a user name
    std::vector<std::unique_ptr<Connection>> idle;  // used on the executor only
  };

  /// One request and its response, from the pool or a new connection to the last byte.
  class Exchange : public std::enable_shared_from_this<Exchange> {
   public:
    Exchange(std::shared_ptr<State> state, HttpRequest request, AsyncCancellation cancel,
             AsyncSendHandler done)
        : state_(std::move(state)),
          request_(std::move(request)),
          cancel_(std::move(cancel)),
          done_(std::move(done)),
          resolver_(state_->executor) {}

    void start() {
      try {
        detail::check_request(request_);
        wire_ = detail::beast_request(request_, state_->options, state_->base,
                                      state_->proxy_authorization);
      } catch (...) {
        finish(std::current_exception());
        return;
      }
      time_.emplace(request_, state_->options.request_timeout);
      if (cancel_.cancelled()) return fail(failure().cancelled(false));
      if (time_->spent()) return fail(time_->over(failure(), false));
      cancel_.on_cancel([weak = this->weak_from_this(), ex = state_->executor] {
        boost::asio::post(ex, [weak] {
          if (auto self = weak.lock()) self->stop();
        });
      });
      while (state_->options.keep_alive && !state_->idle.empty()) {
        std::unique_ptr<Connection> kept = std::move(state_->idle.back());
        state_->idle.pop_back();
        if (!still_open(*kept)) continue;  // closed by the server while idle: dropped
        connection_ = std::move(kept);
        reused_ = true;
        return write();
      }
      connect();
    }

   private:
    /// Whether a kept connection may carry a request (detail::socket_is_quiet).
    static bool still_open(Connection& c) {
      return detail::socket_is_quiet(c.tcp().socket().native_handle());
    }

    detail::TransportFailure failure() const { return {request_, state_->options, state_->base}; }
    /// When a step that may take `limit` must be over.
    [[nodiscard]] Clock::time_point step_end(std::chrono::milliseconds limit) const {
      return time_->step_end(limit);
    }
    /// What a step that timed out reports: the deadline when it has passed, else `step`.
    [[nodiscard]] TransportError expired(bool sent, TransportError step) const {
      return time_->expired(failure(), sent, std::move(step));
    }

    void connect() {
      connection_ = state_->ssl ? std::make_unique<Connection>(state_->executor, *state_->ssl)
                                : std::make_unique<Connection>(state_->executor);
      const auto [host, port] = detail::beast_connect_target(state_->options, state_->base);
      resolver_.async_resolve(
          host, port,
          [self = this->shared_from_this()](boost::system::error_code ec,
                                            const tcp::resolver::results_type& results) {
            self->on_resolve(ec, results);
          });
    }
    void on_resolve(boost::system::error_code ec, const tcp::resolver::results_type& results) {
      if (stopped_) return fail(failure().cancelled(false));
      if (ec) return fail(failure().connect());
      connection_->tcp().expires_at(step_end(state_->options.connect_timeout));
      connection_->tcp().async_connect(
          results, [self = this->shared_from_this()](
                       boost::system::error_code e, const tcp::endpoint&) { self->on_connect(e); });
    }
    void on_connect(boost::system::error_code ec) {
      if (stopped_) return fail(failure().cancelled(false));
      if (ec == boost::beast::error::timeout) {
        return fail(expired(false, failure().connect_timeout()));
      }
      if (ec) return fail(failure().connect());
      if (!connection_->tls) return write();
      if (state_->options.proxy) return tunnel();
      handshake();
    }

    /// CONNECT host:port to the proxy, for an https:// origin.
    void tunnel() {
      namespace http = boost::beast::http;
      connect_request_.emplace(
          detail::beast_connect_request(state_->base, state_->proxy_authorization));
      connection_->tcp().expires_at(step_end(state_->options.connect_timeout));
      http::async_write(connection_->tcp(), *connect_request_,
                        [self = this->shared_from_this()](
                            boost::system::error_code e, std::size_t) { self->on_tunnel_sent(e); });
    }
    void on_tunnel_sent(boost::system::error_code ec) {
      connect_request_.reset();  // its Proxy-Authorization is not kept longer than needed
      if (stopped_) return fail(failure().cancelled(false));
      if (ec == boost::beast::error::timeout) {
        return fail(expired(false, failure().connect_timeout()));
      }
      if (ec) return fail(failure().connect());
      connect_answer_.emplace();
      connect_answer_->header_limit(detail::max_response_head_bytes);
      connect_answer_->skip(true);  // a 2xx answer to CONNECT has no body (RFC 9110 9.3.6)
      read_tunnel_answer();
    }
    void read_tunnel_answer() {
      connection_->tcp().expires_at(step_end(state_->options.connect_timeout));
      boost::beast::http::async_read_some(
          connection_->tcp(), connection_->buffer, *connect_answer_,
          [self = this->shared_from_this()](boost::system::error_code e, std::size_t) {
            self->on_tunnel_answer(e);
          });
    }
    void on_tunnel_answer(boost::system::error_code ec) {
      if (stopped_) return fail(failure().cancelled(false));
      if (ec == boost::beast::error::timeout) {
        return fail(expired(false, failure().connect_timeout()));
      }
      // header_limit (an answer over max_response_head_bytes) included.
      if (ec) return fail(failure().proxy_bad_answer());
      if (!connect_answer_->is_header_done()) return read_tunnel_answer();
      const unsigned status = connect_answer_->get().result_int();
      connect_answer_.reset();
      if (status / 100 != 2) return fail(failure().proxy_refused(static_cast<int>(status)));
      // The server speaks first only after the ClientHello: anything read past the answer came
      // from the proxy, and TLS, which reads the socket itself, would never see it.
      if (connection_->buffer.size() != 0) return fail(failure().proxy_bad_answer());
      handshake();
    }

    void handshake() {
      detail::set_sni(connection_->tls->native_handle(), state_->base.host);
      connection_->tcp().expires_at(step_end(state_->options.connect_timeout));
      connection_->tls->async_handshake(
          boost::asio::ssl::stream_base::client,
          [self = this->shared_from_this()](boost::system::error_code e) {
            self->on_handshake(e);
          });
    }
    void on_handshake(boost::system::error_code ec) {
      if (stopped_) return fail(failure().cancelled(false));
      if (ec == boost::beast::error::timeout) {
        return fail(expired(false, failure().connect_timeout()));
      }
      if (ec)
        return fail(detail::tls_handshake_failure(connection_->tls->native_handle(), failure()));
      write();
    }

    void write() {
      connection_->tcp().expires_at(step_end(state_->options.write_timeout));
      const auto on_write = [self = this->shared_from_this()](boost::system::error_code ec,
                                                              std::size_t) { self->on_write(ec); };
      if (connection_->tls)
        boost::beast::http::async_write(*connection_->tls, wire_, on_write);
      else
        boost::beast::http::async_write(*connection_->plain, wire_, on_write);
    }
    void on_write(boost::system::error_code ec) {
      if (stopped_) return fail(failure().cancelled(true));
      if (ec == boost::beast::error::timeout) {
        return fail(expired(true, failure().send()));
      }
      if (ec) {
        // A kept connection the server closed while it was idle: once more on a new one, when
        // the request may be resent.
        if (reused_ && request_.idempotent) return reconnect();
        return fail(failure().send());
      }
      parser_.emplace();
      // Without room, a 20 KiB page took 40 reads, each with its wake-up and timer update.
      detail::prepare_beast_read(connection_->buffer, *parser_, state_->options);
      read();
    }

    void read() {
      connection_->tcp().expires_at(step_end(state_->options.read_timeout));
      const auto on_read = [self = this->shared_from_this()](boost::system::error_code ec,
                                                             std::size_t n) {
        self->on_read(ec, n);
      };
      if (connection_->tls)
        boost::beast::http::async_read_some(*connection_->tls, connection_->buffer, *parser_,
                                            on_read);
      else
        boost::beast::http::async_read_some(*connection_->plain, connection_->buffer, *parser_,
                                            on_read);
    }
    void on_read(boost::system::error_code ec, std::size_t n) {
      namespace http = boost::beast::http;
      if (n > 0) received_ = true;
      if (stopped_) return fail(failure().cancelled(true));
      if (ec == http::error::body_limit) return fail(failure().too_large());
      if (ec == boost::beast::error::timeout) {
        return fail(expired(true, failure().read_timeout()));
      }
      if (ec) {
        // A kept connection closed before answering: the server dropped it while idle. Resent
        // only when that is safe (the request may have reached it).
        if (reused_ && !received_ && request_.idempotent &&
            (ec == http::error::end_of_stream || ec == boost::asio::error::connection_reset ||
             ec == boost::asio::error::eof)) {
          return reconnect();
        }
        // header_limit (a head over max_response_head_bytes) included.
        return fail(failure().receive());
      }
      if (!parser_->is_done()) {
        detail::grow_beast_read(connection_->buffer, *parser_);
        return read();
      }
      http::response<http::string_body> res = parser_->release();
      const bool keep_alive = res.keep_alive();
      HttpResponse out = detail::to_http_response(std::move(res));
      // Kept for the next request when the server allows it, the pool has room, and nothing
      // the server sent after the response was read (it would be taken for the next answer).
      if (state_->options.keep_alive && keep_alive && connection_->buffer.size() == 0 &&
          state_->idle.size() < state_->options.max_idle_connections) {
        connection_->tcp().expires_never();
        connection_->buffer.shrink_to_fit();  // an idle connection holds no read buffer
        state_->idle.push_back(std::move(connection_));
      }
      finish(nullptr, std::move(out));
    }

    void reconnect() {
      reused_ = false;
      received_ = false;
      connection_.reset();
      connect();
    }

    /// The caller cancelled: ends the I/O in progress (its handler then reports it).
    void stop() {
      if (finished_) return;
      stopped_ = true;
      resolver_.cancel();
      if (connection_) connection_->tcp().cancel();
    }

    void fail(TransportError error) {
      connection_.reset();  // a failed connection is never reused
      finish(std::make_exception_ptr(std::move(error)));
    }
    void finish(std::exception_ptr error, HttpResponse response = {}) {
      if (finished_) return;
      finished_ = true;
      cancel_.clear();
      AsyncSendHandler done = std::move(done_);
      done(std::move(error), std::move(response));
    }

    std::shared_ptr<State> state_;
    HttpRequest request_;
    AsyncCancellation cancel_;
    AsyncSendHandler done_;
    tcp::resolver resolver_;
    std::unique_ptr<Connection> connection_;
    boost::beast::http::request<boost::beast::http::string_body> wire_;
    std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser_;
    std::optional<boost::beast::http::request<boost::beast::http::empty_body>> connect_request_;
    std::optional<boost::beast::http::response_parser<boost::beast::http::empty_body>>
        connect_answer_;
    std::optional<detail::ExchangeTime> time_;  // from start()
    bool reused_ = false;
    bool received_ = false;
    bool stopped_ = false;
    bool finished_ = false;
  };

  std::shared_ptr<State> state_;
};

}  // namespace arize
