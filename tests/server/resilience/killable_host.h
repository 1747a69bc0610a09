// A framed-record program host for fault runs: it executes each transaction it reads (counting
// executions per transaction id in its ledger, the way a legacy system's journal would), answers
// it, and can be killed (every connection reset, the port closed) and restarted on the same port
// at any moment, as a crashing CICS region would be. Independent of the code under test: blocking
// sockets, a thread per connection.
#ifndef DRAGOMAN_TESTS_SERVER_RESILIENCE_KILLABLE_HOST_H_
#define DRAGOMAN_TESTS_SERVER_RESILIENCE_KILLABLE_HOST_H_

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace dragoman::testing {

// How a KillableHost answers.
struct HostBehaviour {
  // Speaks HTTP/1.1 (a SOAP service: POST, the body is the transaction id, the reply's body is
  // "done:" and the id) instead of framed records.
  bool http = false;
  // How long each transaction takes before its reply is written.
  std::chrono::microseconds reply_delay{0};
  // Runs transactions but never answers (a hung region).
  bool never_reply = false;
  // Writes each reply one byte at a time, this far apart (a congested link); 0: at once.
  std::chrono::milliseconds drip{0};
  // Writes each reply twice (a confused gateway, a replayed buffer).
  bool duplicate_replies = false;
  // Reads nothing at all: requests pile up in the socket buffers (a hung listener).
  bool never_read = false;
  // Resets each connection once it has read this many bytes of requests; 0: never.
  size_t reset_after_bytes = 0;
  // Runs the transaction, writes this many bytes of its reply, then resets; 0: never.
  size_t reset_reply_after_bytes = 0;
};

// Frames: a 4-byte big-endian length, then a 16-byte header (transaction code, correlation id)
// and the record (or HTTP/1.1 requests, see HostBehaviour::http). A record is the transaction id;
// the reply is "done:" and the id, after the request's header. The transaction runs (enters the
// ledger) before its reply is written, so a kill in between leaves the caller in doubt, as on a
// real host.
class KillableHost {
 public:
  using tcp = boost::asio::ip::tcp;

  // Listens on a free loopback port.
  explicit KillableHost(HostBehaviour behaviour = {}) : behaviour_(behaviour) { Listen(0); }

  ~KillableHost() {
    Kill();
    std::lock_guard<std::mutex> lock(threads_mu_);
    for (std::thread& thread : threads_) thread.join();
  }

  KillableHost(const KillableHost&) = delete;
  KillableHost& operator=(const KillableHost&) = delete;

  uint16_t port() const { return port_; }

  // Resets every connection and closes the port: calls in flight are lost, new ones refused.
  void Kill() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!up_) return;
    up_ = false;
    // shutdown() wakes the blocking accept and reads; the threads see it and close.
    ::shutdown(acceptor_->native_handle(), SHUT_RDWR);
    for (int fd : open_fds_) {
      struct linger hard = {1, 0};  // RST, as a crashed process's sockets send
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
      ::shutdown(fd, SHUT_RDWR);
    }
    ++kills_;
  }

  // Listens again on the same port.
  void Restart() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (up_) return;
    }
    Listen(port_);
  }

  // Times each transaction id was executed.
  std::map<std::string, int> ledger() const {
    std::lock_guard<std::mutex> lock(mu_);
    return ledger_;
  }
  // Kills so far.
  int kills() const {
    std::lock_guard<std::mutex> lock(mu_);
    return kills_;
  }

 private:
  void Listen(uint16_t port) {
    auto acceptor = std::make_shared<tcp::acceptor>(io_);
    acceptor->open(tcp::v4());
    acceptor->set_option(tcp::acceptor::reuse_address(true));
    boost::system::error_code ec;
    // The old port's connections may linger briefly; retry the bind for a moment.
    for (int i = 0; i < 200; ++i) {
      acceptor->bind(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), ec);
      if (!ec) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (ec) throw boost::system::system_error(ec);  // test setup, not the code under test
    acceptor->listen();
    {
      std::lock_guard<std::mutex> lock(mu_);
      acceptor_ = acceptor;
      port_ = acceptor->local_endpoint().port();
      up_ = true;
    }
    std::lock_guard<std::mutex> lock(threads_mu_);
    threads_.emplace_back([this, acceptor] { AcceptLoop(acceptor); });
  }

  void AcceptLoop(std::shared_ptr<tcp::acceptor> acceptor) {
    while (true) {
      auto socket = std::make_shared<tcp::socket>(io_);
      boost::system::error_code ec;
      acceptor->accept(*socket, ec);
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (ec || !up_ || acceptor != acceptor_) {
          boost::system::error_code ignored;
          acceptor->close(ignored);
          return;
        }
        open_fds_.insert(socket->native_handle());
      }
      // Replies go out at once, as a host's would; Nagle would hold them for the peer's ACK.
      boost::system::error_code ignored;
      socket->set_option(tcp::no_delay(true), ignored);
      std::lock_guard<std::mutex> lock(threads_mu_);
      threads_.emplace_back([this, socket] { Serve(socket); });
    }
  }

  void Serve(std::shared_ptr<tcp::socket> socket) {
    std::string carry;
    char chunk[4096];
    size_t read_so_far = 0;
    while (true) {
      if (behaviour_.never_read) {
        // Hold the connection without reading until the host is killed.
        while (true) {
          {
            std::lock_guard<std::mutex> lock(mu_);
            if (!up_) break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        break;
      }
      boost::system::error_code ec;
      const size_t limit = behaviour_.reset_after_bytes > 0
                               ? std::min(sizeof(chunk), behaviour_.reset_after_bytes - read_so_far)
                               : sizeof(chunk);
      const size_t n = socket->read_some(boost::asio::buffer(chunk, limit), ec);
      if (ec) break;
      read_so_far += n;
      if (behaviour_.reset_after_bytes > 0 && read_so_far >= behaviour_.reset_after_bytes) {
        socket->set_option(boost::asio::socket_base::linger(true, 0), ec);
        break;  // closing with linger 0 resets; nothing of the request ran
      }
      carry.append(chunk, n);
      bool alive = true;
      while (alive && behaviour_.http) {
        // One request: the head up to the blank line, then Content-Length bytes of body.
        const size_t head_end = carry.find("\r\n\r\n");
        if (head_end == std::string::npos) break;
        size_t length = 0;
        std::string head = carry.substr(0, head_end);
        for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (const size_t at = head.find("content-length:"); at != std::string::npos) {
          length = std::stoul(head.substr(at + 15));
        }
        if (carry.size() < head_end + 4 + length) break;
        const std::string id = carry.substr(head_end + 4, length);
        carry.erase(0, head_end + 4 + length);
        alive = Execute(*socket, "", id);
      }
      while (alive && !behaviour_.http && carry.size() >= 4) {
        const size_t length = (static_cast<size_t>(static_cast<uint8_t>(carry[0])) << 24) |
                              (static_cast<size_t>(static_cast<uint8_t>(carry[1])) << 16) |
                              (static_cast<size_t>(static_cast<uint8_t>(carry[2])) << 8) |
                              static_cast<uint8_t>(carry[3]);
        if (carry.size() < 4 + length) break;
        const std::string header = carry.substr(4, 16);
        const std::string id = carry.substr(20, length - 16);
        carry.erase(0, 4 + length);
        alive = Execute(*socket, header, id);
      }
      if (!alive) break;
    }
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.erase(socket->native_handle());
    boost::system::error_code ignored;
    socket->close(ignored);
  }

  // Runs one transaction and answers it; false when the host went down meanwhile.
  bool Execute(tcp::socket& socket, const std::string& header, const std::string& id) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!up_) return false;  // killed: nothing runs any more
      ++ledger_[id];
    }
    if (behaviour_.reply_delay.count() > 0) std::this_thread::sleep_for(behaviour_.reply_delay);
    if (behaviour_.never_reply) return true;
    const std::string record = header + "done:" + id;
    const auto n = static_cast<uint32_t>(record.size());
    const std::string frame =
        behaviour_.http ? "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " +
                              std::to_string(record.size()) + "\r\n\r\n" + record
                        : std::string{static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                                      static_cast<char>(n >> 8), static_cast<char>(n)} +
                              record;
    boost::system::error_code ec;
    if (behaviour_.reset_reply_after_bytes > 0) {
      boost::asio::write(
          socket,
          boost::asio::buffer(frame.data(),
                              std::min(frame.size(), behaviour_.reset_reply_after_bytes)),
          ec);
      socket.set_option(boost::asio::socket_base::linger(true, 0), ec);
      return false;  // the caller closes the socket: with linger 0 that is a reset
    }
    if (behaviour_.drip.count() == 0) {
      boost::asio::write(socket, boost::asio::buffer(frame), ec);
      if (behaviour_.duplicate_replies && !ec) {
        boost::asio::write(socket, boost::asio::buffer(frame), ec);
      }
      return !ec;
    }
    for (char byte : frame) {
      boost::asio::write(socket, boost::asio::buffer(&byte, 1), ec);
      if (ec) return false;
      std::this_thread::sleep_for(behaviour_.drip);
    }
    return true;
  }

  const HostBehaviour behaviour_;
  boost::asio::io_context io_;
  mutable std::mutex mu_;
  std::shared_ptr<tcp::acceptor> acceptor_;
  uint16_t port_ = 0;
  bool up_ = false;
  int kills_ = 0;
  std::set<int> open_fds_;
  std::map<std::string, int> ledger_;
  std::mutex threads_mu_;
  std::vector<std::thread> threads_;
};

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_SERVER_RESILIENCE_KILLABLE_HOST_H_
