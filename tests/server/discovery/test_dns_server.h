// A DNS server for tests, on a loopback UDP port: it answers SRV questions for the names it is
// given (RFC 1035 messages, RFC 2782 records), NXDOMAIN for other names, and can be muted to play
// a DNS outage. Written from the RFCs, independent of the resolver under test.
#ifndef DRAGOMAN_TESTS_SERVER_DISCOVERY_TEST_DNS_SERVER_H_
#define DRAGOMAN_TESTS_SERVER_DISCOVERY_TEST_DNS_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dragoman::testing {

// One SRV record's data.
struct SrvRecord {
  uint16_t priority = 0;
  uint16_t weight = 0;
  uint16_t port = 0;
  std::string target;
};

class TestDnsServer {
 public:
  TestDnsServer() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    timeval poll{0, 100000};  // wake up now and then to see whether to stop
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &poll, sizeof(poll));
    thread_ = std::thread([this] { Serve(); });
  }

  ~TestDnsServer() {
    stopping_ = true;
    thread_.join();
    ::close(fd_);
  }

  TestDnsServer(const TestDnsServer&) = delete;
  TestDnsServer& operator=(const TestDnsServer&) = delete;

  // "127.0.0.1:port", as a resolver's nameserver setting.
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // Answers SRV questions for `name` (no trailing dot) with `records`.
  void SetSrv(const std::string& name, std::vector<SrvRecord> records) {
    std::lock_guard<std::mutex> lock(mu_);
    srv_[Lower(name)] = std::move(records);
  }
  // While muted, questions get no answer at all.
  void Mute(bool muted) { muted_ = muted; }
  // Questions received so far.
  int questions() const { return questions_.load(); }

 private:
  static std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }

  static void Put16(std::string& out, uint16_t value) {
    out.push_back(static_cast<char>(value >> 8));
    out.push_back(static_cast<char>(value & 0xff));
  }

  // The name as labels; "." or "" is the root.
  static std::string Labels(const std::string& name) {
    std::string out;
    size_t start = 0;
    while (start < name.size()) {
      size_t dot = name.find('.', start);
      if (dot == std::string::npos) dot = name.size();
      if (dot > start) {
        out.push_back(static_cast<char>(dot - start));
        out.append(name, start, dot - start);
      }
      start = dot + 1;
    }
    out.push_back('\0');
    return out;
  }

  void Serve() {
    unsigned char query[512];
    while (!stopping_) {
      sockaddr_in peer{};
      socklen_t peer_length = sizeof(peer);
      const ssize_t n = ::recvfrom(fd_, query, sizeof(query), 0, reinterpret_cast<sockaddr*>(&peer),
                                   &peer_length);
      if (n < 12) continue;
      ++questions_;
      if (muted_) continue;
      // The question: labels up to the root, then type and class.
      size_t at = 12;
      std::string name;
      while (at < static_cast<size_t>(n) && query[at] != 0) {
        const size_t label = query[at];
        if (at + 1 + label > static_cast<size_t>(n)) break;
        if (!name.empty()) name.push_back('.');
        name.append(reinterpret_cast<const char*>(query + at + 1), label);
        at += 1 + label;
      }
      if (at + 5 > static_cast<size_t>(n)) continue;
      const size_t question_end = at + 5;
      const uint16_t type = static_cast<uint16_t>(query[at + 1] << 8 | query[at + 2]);

      std::vector<SrvRecord> records;
      bool known = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = srv_.find(Lower(name));
        if (it != srv_.end()) {
          known = true;
          if (type == 33) records = it->second;
        }
      }
      std::string reply(reinterpret_cast<const char*>(query), 2);  // the id
      Put16(reply, known ? 0x8180 : 0x8183);  // response, recursion available; NXDOMAIN
      Put16(reply, 1);
      Put16(reply, static_cast<uint16_t>(records.size()));
      Put16(reply, 0);
      Put16(reply, 0);
      reply.append(reinterpret_cast<const char*>(query + 12), question_end - 12);
      for (const SrvRecord& record : records) {
        Put16(reply, 0xC00C);  // the question's name
        Put16(reply, 33);      // SRV
        Put16(reply, 1);       // IN
        Put16(reply, 0);
        Put16(reply, 30);  // TTL
        const std::string target = Labels(record.target);
        Put16(reply, static_cast<uint16_t>(6 + target.size()));
        Put16(reply, record.priority);
        Put16(reply, record.weight);
        Put16(reply, record.port);
        reply += target;
      }
      ::sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_length);
    }
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> muted_{false};
  std::atomic<int> questions_{0};
  std::mutex mu_;
  std::map<std::string, std::vector<SrvRecord>> srv_;
  std::thread thread_;
};

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_SERVER_DISCOVERY_TEST_DNS_SERVER_H_
