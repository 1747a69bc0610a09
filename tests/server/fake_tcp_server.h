// A scripted TCP server on blocking Asio sockets, independent of the code under test: one
// thread per accepted connection runs the test's script. Protocol fakes (HTTP, framed
// records) derive from it and add their readers.
#ifndef DRAGOMAN_TESTS_SERVER_FAKE_TCP_SERVER_H_
#define DRAGOMAN_TESTS_SERVER_FAKE_TCP_SERVER_H_

#include <sys/socket.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace dragoman::testing {

// `Self` is the deriving fake, which scripts receive.
template <typename Self>
class FakeTcpServer {
 public:
  using tcp = boost::asio::ip::tcp;
  // Runs for each accepted connection; returns when the script is done with it.
  using Script = std::function<void(tcp::socket&, Self&)>;

  explicit FakeTcpServer(Script script) : script_(std::move(script)), acceptor_(io_) {
    acceptor_.open(tcp::v4());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }

  ~FakeTcpServer() {
    stopping_ = true;
    {
      // Wakes the blocking accept.
      boost::asio::io_context io;
      tcp::socket poke(io);
      boost::system::error_code ignored;
      poke.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_), ignored);
      accept_thread_.join();
    }
    {
      // Unblocks scripts still reading.
      std::lock_guard<std::mutex> lock(mu_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : threads_) t.join();
  }

  FakeTcpServer(const FakeTcpServer&) = delete;
  FakeTcpServer& operator=(const FakeTcpServer&) = delete;

  uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }
  int closed_connections() const { return closed_.load(); }

  static void WriteAll(tcp::socket& socket, const std::string& bytes) {
    boost::system::error_code ignored;
    boost::asio::write(socket, boost::asio::buffer(bytes), ignored);
  }

  // Closes with RST instead of FIN.
  static void Reset(tcp::socket& socket) {
    boost::system::error_code ignored;
    socket.set_option(boost::asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
  }

  // Appends what the socket has next to `carry`; false when the peer closed or failed.
  static bool ReadMore(tcp::socket& socket, std::string& carry) {
    char chunk[4096];
    boost::system::error_code ec;
    const std::size_t n = socket.read_some(boost::asio::buffer(chunk), ec);
    if (ec) return false;
    carry.append(chunk, n);
    return true;
  }

 protected:
  std::mutex mu_;

 private:
  void AcceptLoop() {
    while (true) {
      auto socket = std::make_shared<tcp::socket>(io_);
      boost::system::error_code ec;
      acceptor_.accept(*socket, ec);
      if (stopping_) return;
      if (ec) continue;
      ++connections_;
      std::lock_guard<std::mutex> lock(mu_);
      open_fds_.insert(socket->native_handle());
      threads_.emplace_back([this, socket] {
        script_(*socket, static_cast<Self&>(*this));
        std::lock_guard<std::mutex> inner(mu_);
        open_fds_.erase(socket->native_handle());
        boost::system::error_code ignored;
        socket->close(ignored);
        ++closed_;
      });
    }
  }

  Script script_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> closed_{0};
  std::thread accept_thread_;
  std::vector<std::thread> threads_;
  std::set<int> open_fds_;
};

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_SERVER_FAKE_TCP_SERVER_H_
