// BeastSyncTransport: a synchronous Transport (core/transport.hpp) on Boost.Beast and Boost.Asio
// SSL, for arize::Client (ClientOptions::transport) in place of the default HttplibTransport.
// Header-only (Debian's libboost1.81-dev); link OpenSSL. CMake: arize::async (ARIZE_ASYNC),
// which brings Boost and OpenSSL.
//
// Why: it makes fewer system calls per call than cpp-httplib. A call on a kept plain connection
// is three: the poll that checks the kept connection, one sendmsg of head and body together, and
// a recv that waits for the answer (cpp-httplib: 7-8; the async BeastTransport: 9). There is no
// reactor and no thread: one private io_context only constructs the Asio objects; a socket
// connects in non-blocking mode under ::poll, then is blocking, every read bounded by
// SO_RCVTIMEO and every write non-blocking (MSG_DONTWAIT), waiting in ::poll, so that no step
// outlasts its deadline.
//
// It takes the default transport's options (HttplibTransportOptions) and keeps the promises of
// the async BeastTransport (async/beast_transport.hpp), sharing its code (async/beast_common.hpp):
// - http:// and https://; TLS verifies the peer against OpenSSL's default CA paths or ca_file /
//   ca_dir, sends SNI, and checks the host name with the same policy (core/tls_host.hpp);
// - max_response_bytes bounds the body, detail::max_response_head_bytes the head (a larger one
//   is a receive error); conflicting Content-Length headers are a receive error;
// - connect_timeout, write_timeout and read_timeout bound each connect, write and read (one
//   read of the socket: a trickling server is ended by the deadline), request_timeout and
//   HttpRequest::deadline the whole exchange; the TransportError kinds and messages are the
//   default transport's for the same failure (core/transport_errors.hpp);
// - keep-alive: a connection whose response allowed it is kept for the next request, at most
//   max_idle_connections of them; a kept connection with anything to read (the server closed
//   it, or sent something unasked) is dropped before use; when the server's close shows only
//   once the request was written, the request is sent once more on a new connection only when
//   it may be resent (idempotent); a connection with bytes left after its response is never
//   kept;
// - options.proxy, an http:// forward proxy, as BeastTransport uses it: http:// requests in
//   absolute form, https:// ones through a CONNECT tunnel (its answer read under
//   connect_timeout and the deadline, its head bounded; a non-2xx answer is
//   TransportError(connect) naming its status; bytes after the answer are refused); TLS runs
//   end to end with the origin; "Proxy-Authorization: Basic" goes to the proxy only.
//
// Threads: send() may be called from several threads at once (an arize::Client may be shared):
// each call has a connection of its own; the pool of kept connections is under a mutex.
#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arize/async/beast_common.hpp"
#include "arize/core/base_url.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/secret.hpp"
#include "arize/core/socket_quiet.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/transport_errors.hpp"
#include "arize/core/transport_options.hpp"

namespace arize {

namespace detail {

/// Waits in ::poll until `fd` is ready for `events` (or in error, or hung up: left for the next
/// read or write to report) or `end` has passed: 1 ready, 0 past `end`, -1 failed (errno). A
/// wait never ends before `end` (its milliseconds are rounded up).
inline int poll_until(int fd, short events, std::chrono::steady_clock::time_point end) {
  for (;;) {
    const auto left = end - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return 0;
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(ms, 1 << 30)));
    if (r > 0) return 1;
    if (r < 0 && errno != EINTR) return -1;
  }
}

/// A connected TCP socket as a blocking Asio stream (SyncReadStream and SyncWriteStream) whose
/// every wait is bounded by the step's deadline (a wait past it is boost::beast::error::timeout).
/// The socket is in blocking mode and is read and written with the system calls themselves:
/// - a read is one recv() that waits for the bytes, bounded by SO_RCVTIMEO, which is set only
///   when the step's time left no longer fits the value set before (a call with the usual
///   deadline reuses it: no setsockopt);
/// - a write is one sendmsg() of the whole sequence (a request's head and body together) with
///   MSG_DONTWAIT and MSG_NOSIGNAL; when the socket's buffer is full it waits in ::poll.
/// (Asio's own sync read, on a socket whose SO_RCVTIMEO expired, would wait without a bound.)
class PollingStream {
 public:
  using Clock = std::chrono::steady_clock;
  using socket_type = boost::asio::ip::tcp::socket;
  using executor_type = socket_type::executor_type;
  using lowest_layer_type = socket_type::lowest_layer_type;

  explicit PollingStream(socket_type socket) : socket_(std::move(socket)) {}

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  lowest_layer_type& lowest_layer() noexcept { return socket_.lowest_layer(); }
  const lowest_layer_type& lowest_layer() const noexcept { return socket_.lowest_layer(); }
  socket_type& socket() noexcept { return socket_; }

  /// When the current step (a write, a read) must be over.
  void expires_at(Clock::time_point t) noexcept { deadline_ = t; }

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    // The first non-empty buffer (read_some may read less than the sequence holds).
    boost::asio::mutable_buffer into;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && into.size() == 0; ++it) {
      into = *it;
    }
    ec = {};
    if (into.size() == 0) return 0;
    for (;;) {
      if (!bound_receive(ec)) return 0;
      const ssize_t n = ::recv(socket_.native_handle(), into.data(), into.size(), 0);
      if (n > 0) return static_cast<std::size_t>(n);
      if (n == 0) {
        ec = boost::asio::error::eof;
        return 0;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        ec = last_error();
        return 0;
      }
      // SO_RCVTIMEO ran out (or a signal): bound_receive decides whether the step's time has.
    }
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, boost::system::error_code& ec) {
    // Beast gives a request as a piece per head line and the body: 11 for a create.
    constexpr std::size_t max_pieces = 64;
    iovec pieces[max_pieces];
    std::size_t count = 0;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && count < max_pieces; ++it) {
      const boost::asio::const_buffer b = *it;
      if (b.size() == 0) continue;
      pieces[count].iov_base = const_cast<void*>(b.data());  // sendmsg does not write to it
      pieces[count].iov_len = b.size();
      ++count;
    }
    ec = {};
    if (count == 0) return 0;
    msghdr message{};
    message.msg_iov = pieces;
    message.msg_iovlen = count;
    for (;;) {
      const ssize_t n = ::sendmsg(socket_.native_handle(), &message, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        ec = last_error();
        return 0;
      }
      if (!wait_writable(ec)) return 0;
    }
  }
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers) {
    boost::system::error_code ec;
    const std::size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  /// Before a recv: false (ec: timeout) when the step's time is over; else SO_RCVTIMEO at most
  /// the time left, set again only when the value set before is longer than that, or more than
  /// kSlack shorter (it would end the wait too early, for nothing).
  bool bound_receive(boost::system::error_code& ec) {
    using std::chrono::microseconds;
    const auto left = std::chrono::duration_cast<microseconds>(deadline_ - Clock::now());
    if (left <= microseconds::zero()) {
      ec = boost::beast::error::timeout;
      return false;
    }
    constexpr microseconds kSlack = std::chrono::milliseconds(100);
    if (receive_limit_ <= left && left - receive_limit_ <= kSlack) return true;
    // Whole milliseconds, down (never past the deadline; a call with the same step length
    // finds it fits), at least 1 us (0 would mean no limit).
    const microseconds limit = std::max(
        microseconds(1), microseconds(std::chrono::floor<std::chrono::milliseconds>(left)));
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(limit.count() / 1000000);
    tv.tv_usec = static_cast<suseconds_t>(limit.count() % 1000000);
    if (::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) {
      ec = last_error();
      return false;
    }
    receive_limit_ = limit;
    return true;
  }

  /// Waits until the socket can take more bytes, or the deadline (ec: timeout). A readiness
  /// that is an error or a hang-up is left for the next write to report.
  bool wait_writable(boost::system::error_code& ec) {
    const int r = poll_until(socket_.native_handle(), POLLOUT, deadline_);
    if (r > 0) {
      ec = {};
      return true;
    }
    ec = r == 0 ? boost::system::error_code(boost::beast::error::timeout) : last_error();
    return false;
  }

  static boost::system::error_code last_error() {
    return {errno, boost::system::system_category()};
  }

  socket_type socket_;
  Clock::time_point deadline_ = Clock::time_point::max();
  std::chrono::microseconds receive_limit_{-1};  // SO_RCVTIMEO as set; none yet
};

}  // namespace detail

class BeastSyncTransport {
 public:
  /// Checks the options (throws ConfigError); opens no connection.
  explicit BeastSyncTransport(HttplibTransportOptions options = {})
      : state_(std::make_shared<State>(std::move(options))) {}

  [[nodiscard]] const HttplibTransportOptions& options() const noexcept { return state_->options; }
  [[nodiscard]] const BaseUrl& base_url() const noexcept { return state_->base; }
  /// Connections kept for reuse now.
  [[nodiscard]] std::size_t idle_connections() const {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->idle.size();
  }

  /// Sends `request` and returns the response (any status); throws TransportError.
  HttpResponse send(const HttpRequest& request) const {
    Exchange exchange(*state_, request);
    return exchange.run();
  }

 private:
  using Clock = std::chrono::steady_clock;
  using tcp = boost::asio::ip::tcp;
  using TlsStream = boost::beast::ssl_stream<detail::PollingStream>;

  struct Connection {
    explicit Connection(tcp::socket s) : plain(std::in_place, std::move(s)) {}
    Connection(tcp::socket s, boost::asio::ssl::context& ctx)
        : tls(std::in_place, detail::PollingStream(std::move(s)), ctx) {}
    std::optional<detail::PollingStream> plain;
    std::optional<TlsStream> tls;
    boost::beast::flat_buffer buffer;
    detail::PollingStream& stream() { return tls ? tls->next_layer() : *plain; }
  };

  struct State {
    explicit State(HttplibTransportOptions o)
        : options(std::move(o)), base(BaseUrl::parse(options.base_url)) {
      detail::check_transport_options(options, base);
      if (options.proxy) proxy_authorization = options.proxy->basic_authorization();
      detail::set_up_beast_tls(ssl, options, base);
    }
    boost::asio::io_context io;  // constructs the sockets; never run
    HttplibTransportOptions options;
    BaseUrl base;
    std::optional<boost::asio::ssl::context> ssl;
    std::optional<Secret> proxy_authorization;  // "Basic ..." when the proxy has a user name
    std::mutex mutex;                           // guards idle
    std::vector<std::unique_ptr<Connection>> idle;
  };

  /// One request and its response, from the pool or a new connection to the last byte.
  class Exchange {
   public:
    Exchange(State& state, const HttpRequest& request) : state_(state), request_(request) {}

    HttpResponse run() {
      detail::check_request(request_);
      wire_ =
          detail::beast_request(request_, state_.options, state_.base, state_.proxy_authorization);
      time_.emplace(request_, state_.options.request_timeout);
      if (time_->spent()) throw time_->over(failure(), false);
      connection_ = kept();
      reused_ = connection_ != nullptr;
      if (!reused_) connect();
      try {
        return exchange();
      } catch (const Resend&) {
        // A kept connection the server closed while it was idle: once more on a new one (only
        // thrown for a request that may be resent).
      }
      connect();
      return exchange();  // on a new connection: throws no Resend
    }

   private:
    /// Thrown where a kept connection turned out closed and the request may be resent.
    struct Resend {};

    [[nodiscard]] detail::TransportFailure failure() const {
      return {request_, state_.options, state_.base};
    }
    [[nodiscard]] Clock::time_point step_end(std::chrono::milliseconds limit) const {
      return time_->step_end(limit);
    }
    /// What a step that timed out reports: the deadline when it has passed, else `step`.
    [[nodiscard]] TransportError expired(bool sent, TransportError step) const {
      return time_->expired(failure(), sent, std::move(step));
    }

    /// A kept connection with nothing to read (a server that closed it, or sent anything
    /// unasked, makes it readable), or none.
    std::unique_ptr<Connection> kept() {
      if (!state_.options.keep_alive) return nullptr;
      for (;;) {
        std::unique_ptr<Connection> c;
        {
          const std::lock_guard<std::mutex> lock(state_.mutex);
          if (state_.idle.empty()) return nullptr;
          c = std::move(state_.idle.back());
          state_.idle.pop_back();
        }
        if (detail::socket_is_quiet(c->stream().socket().native_handle())) return c;
      }
    }

    void connect() {
      connection_.reset();
      reused_ = false;
      const auto [host, port] = detail::beast_connect_target(state_.options, state_.base);
      tcp::resolver resolver(state_.io);
      boost::system::error_code ec;
      const auto results = resolver.resolve(host, port, ec);
      if (ec) throw failure().connect();
      bool timed_out = false;
      for (const auto& entry : results) {
        tcp::socket socket(state_.io);
        if (open(socket, entry.endpoint(), timed_out)) {
          connection_ = state_.ssl ? std::make_unique<Connection>(std::move(socket), *state_.ssl)
                                   : std::make_unique<Connection>(std::move(socket));
          break;
        }
        if (Clock::now() >= time_->deadline) break;
      }
      if (!connection_) {
        if (timed_out) throw expired(false, failure().connect_timeout());
        throw failure().connect();
      }
      if (!connection_->tls) return;
      if (state_.options.proxy) tunnel();
      handshake();
    }

    /// A non-blocking connect to `to` under connect_timeout and the deadline; the socket is
    /// left in blocking mode.
    bool open(tcp::socket& socket, const tcp::endpoint& to, bool& timed_out) {
      boost::system::error_code ec;
      socket.open(to.protocol(), ec);
      if (ec) return false;
      socket.non_blocking(true, ec);
      if (ec) return false;
      socket.set_option(tcp::no_delay(true), ec);
      if (::connect(socket.native_handle(), to.data(), static_cast<socklen_t>(to.size())) != 0) {
        if (errno != EINPROGRESS && errno != EINTR) return false;
        const int r = detail::poll_until(socket.native_handle(), POLLOUT,
                                         step_end(state_.options.connect_timeout));
        if (r == 0) timed_out = true;
        if (r <= 0) return false;
        int error = 0;
        socklen_t size = sizeof error;
        if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_ERROR, &error, &size) != 0 ||
            error != 0) {
          return false;
        }
      }
      // Blocking from now on: reads wait in recv under SO_RCVTIMEO (PollingStream).
      socket.non_blocking(false, ec);
      return !ec;
    }

    /// CONNECT host:port to the proxy, for an https:// origin.
    void tunnel() {
      namespace http = boost::beast::http;
      detail::PollingStream& stream = connection_->stream();
      boost::system::error_code ec;
      {
        auto request = detail::beast_connect_request(state_.base, state_.proxy_authorization);
        stream.expires_at(step_end(state_.options.connect_timeout));
        http::write(stream, request, ec);
      }  // its Proxy-Authorization is not kept longer than needed
      if (ec == boost::beast::error::timeout) throw expired(false, failure().connect_timeout());
      if (ec) throw failure().connect();
      http::response_parser<http::empty_body> answer;
      answer.header_limit(detail::max_response_head_bytes);
      answer.skip(true);  // a 2xx answer to CONNECT has no body (RFC 9110 9.3.6)
      while (!answer.is_header_done()) {
        stream.expires_at(step_end(state_.options.connect_timeout));
        http::read_some(stream, connection_->buffer, answer, ec);
        if (ec == boost::beast::error::timeout) throw expired(false, failure().connect_timeout());
        // header_limit (an answer over max_response_head_bytes) included.
        if (ec) throw failure().proxy_bad_answer();
      }
      const unsigned status = answer.get().result_int();
      if (status / 100 != 2) throw failure().proxy_refused(static_cast<int>(status));
      // The server speaks first only after the ClientHello: anything read past the answer came
      // from the proxy, and TLS, which reads the socket itself, would never see it.
      if (connection_->buffer.size() != 0) throw failure().proxy_bad_answer();
    }

    void handshake() {
      TlsStream& tls = *connection_->tls;
      detail::set_sni(tls.native_handle(), state_.base.host);
      connection_->stream().expires_at(step_end(state_.options.connect_timeout));
      boost::system::error_code ec;
      tls.handshake(boost::asio::ssl::stream_base::client, ec);
      if (ec == boost::beast::error::timeout) throw expired(false, failure().connect_timeout());
      if (ec) throw detail::tls_handshake_failure(tls.native_handle(), failure());
    }

    /// Writes the request and reads its response on connection_; keeps the connection when
    /// allowed. Throws Resend when a kept connection was closed before answering and the
    /// request may be resent.
    HttpResponse exchange() {
      namespace http = boost::beast::http;
      detail::PollingStream& stream = connection_->stream();
      boost::system::error_code ec;
      stream.expires_at(step_end(state_.options.write_timeout));
      if (connection_->tls)
        http::write(*connection_->tls, wire_, ec);
      else
        http::write(stream, wire_, ec);
      if (ec == boost::beast::error::timeout) throw expired(true, failure().send());
      if (ec) {
        if (reused_ && request_.idempotent) throw Resend{};
        throw failure().send();
      }
      http::response_parser<http::string_body> parser;
      detail::prepare_beast_read(connection_->buffer, parser, state_.options);
      try {
        for (;;) {
          stream.expires_at(step_end(state_.options.read_timeout));
          if (connection_->tls)
            http::read_some(*connection_->tls, connection_->buffer, parser, ec);
          else
            http::read_some(stream, connection_->buffer, parser, ec);
          if (ec) break;
          if (parser.is_done()) break;
          detail::grow_beast_read(connection_->buffer, parser);
        }
      } catch (const std::bad_alloc&) {
        throw failure().out_of_memory();
      }
      if (ec == http::error::body_limit) throw failure().too_large();
      if (ec == boost::beast::error::timeout) throw expired(true, failure().read_timeout());
      if (ec == http::error::multiple_content_length) throw failure().conflicting_length();
      if (ec) {
        // A kept connection closed before answering: the server dropped it while idle.
        if (reused_ && !parser.got_some() && connection_->buffer.size() == 0 &&
            request_.idempotent &&
            (ec == http::error::end_of_stream || ec == boost::asio::error::connection_reset ||
             ec == boost::asio::error::eof || ec == boost::asio::ssl::error::stream_truncated)) {
          throw Resend{};
        }
        // header_limit (a head over max_response_head_bytes) included.
        throw failure().receive();
      }
      http::response<http::string_body> res = parser.release();
      const bool keep_alive = res.keep_alive();
      HttpResponse out = detail::to_http_response(std::move(res));
      // Kept when the server allows it, the pool has room, and nothing the server sent after
      // the response was read (it would be taken for the next answer).
      if (state_.options.keep_alive && keep_alive && connection_->buffer.size() == 0) {
        connection_->buffer.shrink_to_fit();  // an idle connection holds no read buffer
        const std::lock_guard<std::mutex> lock(state_.mutex);
        if (state_.idle.size() < state_.options.max_idle_connections)
          state_.idle.push_back(std::move(connection_));
      }
      return out;
    }

    State& state_;
    const HttpRequest& request_;
    boost::beast::http::request<boost::beast::http::string_body> wire_;
    std::unique_ptr<Connection> connection_;
    std::optional<detail::ExchangeTime> time_;  // from run()
    bool reused_ = false;
  };

  std::shared_ptr<State> state_;
};

}  // namespace arize
