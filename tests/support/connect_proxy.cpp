// The loopback forward proxy of the tests: see connect_proxy.hpp.
#include "connect_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <list>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace arize_test {

class ConnectProxy::Impl {
 public:
  explicit Impl(ProxyOptions options) : options_(std::move(options)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_fd_ < 0) throw_errno("ConnectProxy: socket");
    set_common_options(listen_fd_);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 64) != 0) {
      int err = errno;
      ::close(listen_fd_);
      errno = err;
      throw_errno("ConnectProxy: bind/listen");
    }
    socklen_t len = sizeof addr;
    if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      int err = errno;
      ::close(listen_fd_);
      errno = err;
      throw_errno("ConnectProxy: getsockname");
    }
    port_ = ntohs(addr.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  ~Impl() {
    stop_.store(true);
    // shutdown() makes a pending accept() return; the loop also polls stop_ every 100 ms.
    ::shutdown(listen_fd_, SHUT_RDWR);
    if (accept_thread_.joinable()) accept_thread_.join();
    ::close(listen_fd_);
    {
      // Every socket a handler owns is in open_fds_ until the handler closes it (under mu_), so
      // these shutdowns never hit a closed or reused descriptor; handlers that open a socket
      // after this point see stop_ in track() and give up.
      std::lock_guard<std::mutex> lock(mu_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    // The accept thread is gone, so workers_ no longer changes.
    for (Worker& w : workers_) {
      if (w.thread.joinable()) w.thread.join();
    }
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  int port() const noexcept { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<ProxySeen> seen() const {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

  std::size_t connections() const {
    std::lock_guard<std::mutex> lock(mu_);
    return connections_;
  }

 private:
  struct Worker {
    std::thread thread;
    std::atomic<bool> done{false};
  };

  struct Head {
    std::string method;
    std::string target;
    std::string version;
    std::vector<std::string> lines;  // header field lines, without CRLF
  };

  static constexpr std::size_t kMaxHead = 64 * 1024;
  static constexpr int kPollMs = 100;
#ifdef MSG_NOSIGNAL
  static constexpr int kSendFlags = MSG_NOSIGNAL;
#else
  static constexpr int kSendFlags = 0;
#endif

  [[noreturn]] static void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
  }

  static void set_common_options(int fd) {
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
#if !defined(MSG_NOSIGNAL) && defined(SO_NOSIGPIPE)
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
  }

  static void set_nodelay(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }

  // --- fd bookkeeping -------------------------------------------------------------------------

  // Registers a socket the destructor must shut down; false (caller closes it) once stopping.
  bool track(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_.load()) return false;
    open_fds_.insert(fd);
    return true;
  }

  void untrack_and_close(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.erase(fd);
    ::close(fd);
  }

  // --- accept loop ----------------------------------------------------------------------------

  void accept_loop() {
    while (!stop_.load()) {
      reap_finished_workers();
      pollfd p{listen_fd_, POLLIN, 0};
      int r = ::poll(&p, 1, kPollMs);
      if (r <= 0) continue;  // timeout or EINTR (or a transient error): re-check stop_
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) {
        if (stop_.load()) break;
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED) {
          continue;
        }
        // Unexpected (EMFILE, ...): back off briefly rather than spin.
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      set_common_options(fd);
      set_nodelay(fd);
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stop_.load()) {
          ::close(fd);
          break;
        }
        open_fds_.insert(fd);
        ++connections_;
      }
      Worker& w = workers_.emplace_back();
      w.thread = std::thread([this, fd, &w] {
        handle_client(fd);
        w.done.store(true);
      });
    }
  }

  void reap_finished_workers() {
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->done.load()) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // --- socket I/O -----------------------------------------------------------------------------

  // Waits until fd is readable (or hung up); false on stop, poll error or when the optional
  // deadline passes.
  bool wait_readable(int fd, std::optional<std::chrono::steady_clock::time_point> deadline = {}) {
    while (!stop_.load()) {
      if (deadline && std::chrono::steady_clock::now() >= *deadline) return false;
      pollfd p{fd, POLLIN, 0};
      int r = ::poll(&p, 1, kPollMs);
      if (r > 0) return true;
      if (r < 0 && errno != EINTR) return false;
    }
    return false;
  }

  static bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd, data.data(), data.size(), kSendFlags);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  static ssize_t recv_some(int fd, char* buf, std::size_t size) {
    for (;;) {
      ssize_t n = ::recv(fd, buf, size, 0);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

  // Sends a body-less error response, then closes "lingeringly": half-close, and drain what the
  // client still sends (bounded) so that unread request bytes do not turn close() into an RST
  // that could destroy the response before the client reads it.
  void reject(int fd, std::string_view status_line, std::string_view extra_headers = {}) {
    std::string response = "HTTP/1.1 ";
    response.append(status_line);
    response.append("\r\n");
    response.append(extra_headers);
    response.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
    if (send_all(fd, response)) {
      ::shutdown(fd, SHUT_WR);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
      char buf[4096];
      while (wait_readable(fd, deadline)) {
        if (recv_some(fd, buf, sizeof buf) <= 0) break;
      }
    }
  }

  // Reads the request head (through the blank line) into head_bytes; extra bytes read beyond it
  // are left in rest. Returns false if the client went away or we are stopping; sets too_large
  // when no blank line showed up within kMaxHead bytes.
  bool read_head(int fd, std::string& head_bytes, std::string& rest, bool& too_large) {
    std::string buf;
    char chunk[4096];
    too_large = false;
    for (;;) {
      std::size_t end = buf.find("\r\n\r\n");
      if (end != std::string::npos && end + 4 <= kMaxHead) {
        head_bytes = buf.substr(0, end + 4);
        rest = buf.substr(end + 4);
        return true;
      }
      if (buf.size() >= kMaxHead) {
        too_large = true;
        return false;
      }
      if (!wait_readable(fd)) return false;
      ssize_t n = recv_some(fd, chunk, sizeof chunk);
      if (n <= 0) return false;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // --- parsing --------------------------------------------------------------------------------

  static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  }

  static bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      char x = a[i], y = b[i];
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
      if (x != y) return false;
    }
    return true;
  }

  // Splits "Name: value" into its trimmed parts; false if there is no colon.
  static bool split_field(std::string_view line, std::string_view& name, std::string_view& value) {
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    name = trim(line.substr(0, colon));
    value = trim(line.substr(colon + 1));
    return true;
  }

  static std::optional<Head> parse_head(std::string_view bytes) {
    bytes.remove_suffix(4);  // the final "\r\n\r\n"
    Head head;
    std::size_t eol = bytes.find("\r\n");
    std::string_view request_line = bytes.substr(0, eol);
    std::size_t sp1 = request_line.find(' ');
    if (sp1 == std::string_view::npos) return std::nullopt;
    std::size_t sp2 = request_line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos ||
        request_line.find(' ', sp2 + 1) != std::string_view::npos) {
      return std::nullopt;
    }
    head.method = std::string(request_line.substr(0, sp1));
    head.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
    head.version = std::string(request_line.substr(sp2 + 1));
    if (head.method.empty() || head.target.empty() || head.version.rfind("HTTP/", 0) != 0) {
      return std::nullopt;
    }
    while (eol != std::string_view::npos) {
      bytes.remove_prefix(eol + 2);
      eol = bytes.find("\r\n");
      head.lines.emplace_back(bytes.substr(0, eol));
    }
    return head;
  }

  static std::optional<std::string> find_field(const Head& head, std::string_view wanted) {
    for (const std::string& line : head.lines) {
      std::string_view name, value;
      if (split_field(line, name, value) && iequals(name, wanted)) return std::string(value);
    }
    return std::nullopt;
  }

  // Splits an authority "host:port", "[v6]:port" (or, with default_port >= 0, without ":port").
  static bool split_authority(std::string_view authority, int default_port, std::string& host,
                              int& port) {
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
      std::size_t close = authority.find(']');
      if (close == std::string_view::npos) return false;
      host = std::string(authority.substr(1, close - 1));
      std::string_view after = authority.substr(close + 1);
      if (!after.empty()) {
        if (after.front() != ':') return false;
        port_text = after.substr(1);
      }
    } else {
      std::size_t colon = authority.rfind(':');
      if (colon == std::string_view::npos) {
        host = std::string(authority);
      } else {
        host = std::string(authority.substr(0, colon));
        port_text = authority.substr(colon + 1);
      }
    }
    if (host.empty()) return false;
    if (port_text.empty()) {
      if (default_port < 0) return false;
      port = default_port;
      return true;
    }
    if (port_text.size() > 5) return false;
    port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return false;
      port = port * 10 + (c - '0');
    }
    return port > 0 && port <= 65535;
  }

  // --- connecting -----------------------------------------------------------------------------

  static bool is_loopback_name(const std::string& host) {
    return host == "127.0.0.1" || host == "::1" || iequals(host, "localhost");
  }

  // Connects to a loopback host (non-blocking connect, polled so that stop_ is honoured).
  // Returns a tracked socket, or -1.
  int connect_origin(const std::string& host, int port) {
    sockaddr_storage storage{};
    socklen_t len = 0;
    int family = AF_INET;
    if (host == "::1") {
      family = AF_INET6;
      auto* a6 = reinterpret_cast<sockaddr_in6*>(&storage);
      a6->sin6_family = AF_INET6;
      a6->sin6_port = htons(static_cast<std::uint16_t>(port));
      a6->sin6_addr = in6addr_loopback;
      len = sizeof(sockaddr_in6);
    } else {  // 127.0.0.1 or localhost
      auto* a4 = reinterpret_cast<sockaddr_in*>(&storage);
      a4->sin_family = AF_INET;
      a4->sin_port = htons(static_cast<std::uint16_t>(port));
      a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      len = sizeof(sockaddr_in);
    }
    int fd = ::socket(family, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    set_common_options(fd);
    if (!track(fd)) {
      ::close(fd);
      return -1;
    }
    int flags = ::fcntl(fd, F_GETFL, 0);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int r = ::connect(fd, reinterpret_cast<sockaddr*>(&storage), len);
    bool ok = r == 0;
    if (!ok && (errno == EINPROGRESS || errno == EINTR)) {
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (!stop_.load() && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLOUT, 0};
        int pr = ::poll(&p, 1, kPollMs);
        if (pr < 0 && errno != EINTR) break;
        if (pr > 0) {
          int err = 0;
          socklen_t err_len = sizeof err;
          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len);
          ok = err == 0;
          break;
        }
      }
    }
    if (!ok) {
      untrack_and_close(fd);
      return -1;
    }
    ::fcntl(fd, F_SETFL, flags);
    set_nodelay(fd);
    return fd;
  }

  // --- per-connection handling ----------------------------------------------------------------

  void handle_client(int client) {
    int origin = serve(client);
    if (origin >= 0) untrack_and_close(origin);
    untrack_and_close(client);
  }

  // Records a request head and checks its Proxy-Authorization; answers 407 when it fails.
  bool admit(int client, const Head& head) {
    ProxySeen seen;
    seen.method = head.method;
    seen.target = head.target;
    seen.proxy_authorization = find_field(head, "Proxy-Authorization");
    seen.authorized =
        !options_.required_authorization ||
        (seen.proxy_authorization && *seen.proxy_authorization == *options_.required_authorization);
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen_.push_back(seen);
    }
    if (!seen.authorized) {
      reject(client, "407 Proxy Authentication Required",
             "Proxy-Authenticate: Basic realm=\"test\"\r\n");
    }
    return seen.authorized;
  }

  // An absolute-form request rewritten for the origin: its head in origin-form, without
  // Proxy-Authorization / Proxy-Connection, and the length of the body that follows it.
  struct Forward {
    std::string host;
    int port = 0;
    std::string head;
    std::size_t body_length = 0;
  };

  // Rewrites an absolute-form http:// request; answers 400 (and returns nothing) otherwise.
  std::optional<Forward> rewrite(int client, const Head& head) {
    constexpr std::string_view kScheme = "http://";
    std::string_view target = head.target;
    if (target.size() < kScheme.size() || !iequals(target.substr(0, kScheme.size()), kScheme)) {
      reject(client, "400 Bad Request");  // origin-form (not a proxy request), https://, ...
      return std::nullopt;
    }
    target.remove_prefix(kScheme.size());
    std::size_t path_start = target.find_first_of("/?#");
    std::string_view authority = target.substr(0, path_start);
    std::string path = path_start == std::string_view::npos
                           ? std::string("/")
                           : std::string(target.substr(path_start));
    if (path.front() != '/') path.insert(0, "/");
    if (std::size_t hash = path.find('#'); hash != std::string::npos) path.resize(hash);
    Forward out;
    if (authority.find('@') != std::string_view::npos ||
        !split_authority(authority, 80, out.host, out.port)) {
      reject(client, "400 Bad Request");
      return std::nullopt;
    }
    if (iequals(find_field(head, "Transfer-Encoding").value_or(""), "chunked")) {
      reject(client, "411 Length Required");  // request bodies are framed by Content-Length here
      return std::nullopt;
    }
    const std::string length = find_field(head, "Content-Length").value_or("0");
    if (length.empty() || length.size() > 12 ||
        length.find_first_not_of("0123456789") != std::string::npos) {
      reject(client, "400 Bad Request");
      return std::nullopt;
    }
    out.body_length = static_cast<std::size_t>(std::stoull(length));
    out.head = head.method + " " + path + " " + head.version + "\r\n";
    for (const std::string& line : head.lines) {
      std::string_view name, value;
      if (split_field(line, name, value) &&
          (iequals(name, "Proxy-Authorization") || iequals(name, "Proxy-Connection"))) {
        continue;
      }
      out.head.append(line).append("\r\n");
    }
    out.head.append("\r\n");
    return out;
  }

  // Does everything for one client connection; returns the origin socket (if any) to close.
  int serve(int client) {
    std::string head_bytes, rest;
    bool too_large = false;
    if (!read_head(client, head_bytes, rest, too_large)) {
      if (too_large) reject(client, "400 Bad Request");
      return -1;
    }
    std::optional<Head> head = parse_head(head_bytes);
    if (!head) {
      reject(client, "400 Bad Request");
      return -1;
    }
    if (!admit(client, *head)) return -1;

    const bool is_connect = iequals(head->method, "CONNECT");
    std::optional<Forward> first;
    std::string host;
    int port = 0;
    if (is_connect) {
      if (!split_authority(head->target, -1, host, port)) {
        reject(client, "400 Bad Request");
        return -1;
      }
    } else {
      first = rewrite(client, *head);
      if (!first) return -1;
      host = first->host;
      port = first->port;
    }

    if (!is_loopback_name(host)) {
      reject(client, "403 Forbidden");
      return -1;
    }
    int origin = connect_origin(host, port);
    if (origin < 0) {
      if (!stop_.load()) reject(client, "502 Bad Gateway");
      return -1;
    }
    if (is_connect) {
      if (!send_all(client, "HTTP/1.1 200 Connection established\r\n\r\n")) return origin;
      if (!rest.empty() && !send_all(origin, rest)) return origin;
      relay(client, origin, [&](std::string_view data) { return send_all(origin, data); });
    } else {
      if (!send_all(origin, first->head)) return origin;
      RequestStream requests{*this, client, origin, *first, std::move(rest), first->body_length};
      if (!requests.drain()) return origin;
      relay(client, origin, [&](std::string_view data) {
        requests.in.append(data);
        return requests.drain();
      });
    }
    return origin;
  }

  // Keep-alive for absolute-form requests: every request head the client sends on the
  // connection is parsed, admitted and rewritten (it must name the same origin), and its
  // Content-Length body passed on; responses are copied back unchanged by relay().
  struct RequestStream {
    Impl& proxy;
    int client;
    int origin;
    const Forward& first;
    std::string in;  // client bytes not yet forwarded
    std::size_t body_left;

    // Forwards what `in` holds; false when the connection must end.
    bool drain() {
      for (;;) {
        if (body_left > 0) {
          if (in.empty()) return true;
          const std::size_t n = std::min(body_left, in.size());
          if (!send_all(origin, std::string_view(in).substr(0, n))) return false;
          in.erase(0, n);
          body_left -= n;
          continue;
        }
        const std::size_t end = in.find("\r\n\r\n");
        if (end == std::string::npos) return in.size() < kMaxHead;
        const std::optional<Head> head = parse_head(std::string_view(in).substr(0, end + 4));
        in.erase(0, end + 4);
        if (!head) {
          proxy.reject(client, "400 Bad Request");
          return false;
        }
        if (!proxy.admit(client, *head)) return false;
        const std::optional<Forward> next = proxy.rewrite(client, *head);
        if (!next) return false;
        if (next->host != first.host || next->port != first.port) {
          proxy.reject(client, "400 Bad Request");  // one origin per client connection here
          return false;
        }
        if (!send_all(origin, next->head)) return false;
        body_left = next->body_length;
      }
    }
  };

  // Until either side closes or fails, or the proxy stops: bytes from the client go to
  // `from_client` (false ends the connection), bytes from the origin are copied to the client.
  template <class FromClient>
  void relay(int client, int origin, FromClient&& from_client) {
    char buf[16 * 1024];
    while (!stop_.load()) {
      pollfd p[2] = {{client, POLLIN, 0}, {origin, POLLIN, 0}};
      int r = ::poll(p, 2, kPollMs);
      if (r < 0) {
        if (errno == EINTR) continue;
        return;
      }
      for (int i = 0; i < 2 && r > 0; ++i) {
        if ((p[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) == 0) continue;
        const int to = i == 0 ? origin : client;
        ssize_t n = recv_some(p[i].fd, buf, sizeof buf);
        if (n <= 0) {
          ::shutdown(to, SHUT_WR);  // pass the EOF on before both get closed
          return;
        }
        const std::string_view data(buf, static_cast<std::size_t>(n));
        if (!(i == 0 ? from_client(data) : send_all(client, data))) return;
      }
    }
  }

  ProxyOptions options_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread accept_thread_;
  std::list<Worker> workers_;  // touched by the accept thread only (and by ~Impl after it)

  mutable std::mutex mu_;  // guards everything below
  std::vector<ProxySeen> seen_;
  std::size_t connections_ = 0;
  std::set<int> open_fds_;
};

ConnectProxy::ConnectProxy(ProxyOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
ConnectProxy::~ConnectProxy() = default;
int ConnectProxy::port() const noexcept { return impl_->port(); }
std::string ConnectProxy::url() const { return impl_->url(); }
std::vector<ProxySeen> ConnectProxy::seen() const { return impl_->seen(); }
std::size_t ConnectProxy::connections() const { return impl_->connections(); }

}  // namespace arize_test
