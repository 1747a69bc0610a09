#include "server/discovery/resolver.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "absl/strings/numbers.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

class Static : public Resolver {
 public:
  explicit Static(std::vector<ResolvedEndpoint> endpoints) : endpoints_(std::move(endpoints)) {}
  absl::StatusOr<std::vector<ResolvedEndpoint>> Resolve() override { return endpoints_; }
  std::string Describe() const override { return "static endpoints"; }

 private:
  const std::vector<ResolvedEndpoint> endpoints_;
};

class DnsAddress : public Resolver {
 public:
  DnsAddress(std::string host, uint16_t port) : host_(std::move(host)), port_(port) {}

  absl::StatusOr<std::vector<ResolvedEndpoint>> Resolve() override {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int error = ::getaddrinfo(host_.c_str(), nullptr, &hints, &found);
    if (error != 0) {
      return absl::UnavailableError(StrCat("dns ", host_, ": ", ::gai_strerror(error)));
    }
    std::set<std::string> seen;
    std::vector<ResolvedEndpoint> endpoints;
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
      char text[INET6_ADDRSTRLEN] = {};
      const void* address =
          a->ai_family == AF_INET
              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
              : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
      if (::inet_ntop(a->ai_family, address, text, sizeof(text)) == nullptr) continue;
      if (!seen.insert(text).second) continue;
      ResolvedEndpoint endpoint;
      endpoint.host = text;
      endpoint.port = port_;
      endpoints.push_back(std::move(endpoint));
    }
    ::freeaddrinfo(found);
    return endpoints;
  }

  std::string Describe() const override { return StrCat("dns ", host_, ":", port_); }

 private:
  const std::string host_;
  const uint16_t port_;
};

class DnsSrv : public Resolver {
 public:
  DnsSrv(std::string name, std::string nameserver, std::chrono::milliseconds timeout)
      : name_(std::move(name)), nameserver_(std::move(nameserver)), timeout_(timeout) {}

  absl::StatusOr<std::vector<ResolvedEndpoint>> Resolve() override {
    struct __res_state state;
    std::memset(&state, 0, sizeof(state));
    if (::res_ninit(&state) != 0) return absl::InternalError("dns srv: res_ninit failed");
    // res_nclose frees what res_ninit allocated, whatever happens below.
    struct Closer {
      struct __res_state* state;
      ~Closer() { ::res_nclose(state); }
    } closer{&state};
    if (!nameserver_.empty()) {
      sockaddr_in server{};
      if (!ParseIpv4(nameserver_, &server)) {
        return absl::InvalidArgumentError(
            StrCat("dns srv nameserver '", nameserver_, "' is not an IPv4 address:port"));
      }
      state.nscount = 1;
      state.nsaddr_list[0] = server;
    }
    // Whole seconds are all res_query knows; one try, so a dead server costs one timeout.
    state.retrans = static_cast<int>(std::max<int64_t>(1, (timeout_.count() + 999) / 1000));
    state.retry = 1;
    std::vector<unsigned char> answer(65536);
    const int length = ::res_nquery(&state, name_.c_str(), ns_c_in, ns_t_srv, answer.data(),
                                    static_cast<int>(answer.size()));
    if (length < 0) {
      return absl::UnavailableError(
          StrCat("dns srv ", name_, ": no answer (", ::hstrerror(state.res_h_errno), ")"));
    }
    // A truncated answer reports its full length; only what fits the buffer is there.
    const size_t received = std::min(static_cast<size_t>(length), answer.size());
    return ParseSrvAnswer(std::string_view(reinterpret_cast<const char*>(answer.data()), received),
                          name_);
  }

  std::string Describe() const override {
    return StrCat("dns srv ", name_, nameserver_.empty() ? "" : StrCat(" @", nameserver_));
  }

 private:
  static bool ParseIpv4(const std::string& text, sockaddr_in* out) {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    uint32_t port = 0;
    if (!absl::SimpleAtoi(text.substr(colon + 1), &port) || port == 0 || port > 65535) {
      return false;
    }
    out->sin_family = AF_INET;
    out->sin_port = htons(static_cast<uint16_t>(port));
    return ::inet_pton(AF_INET, text.substr(0, colon).c_str(), &out->sin_addr) == 1;
  }

  const std::string name_;
  const std::string nameserver_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace

absl::StatusOr<std::vector<ResolvedEndpoint>> ParseSrvAnswer(std::string_view answer,
                                                             std::string_view name) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(answer.data());
  ns_msg message;
  if (answer.size() > 65535 ||
      ::ns_initparse(bytes, static_cast<int>(answer.size()), &message) != 0) {
    return absl::InternalError(StrCat("dns srv ", name, ": malformed answer"));
  }
  std::vector<ResolvedEndpoint> endpoints;
  const int count = ns_msg_count(message, ns_s_an);
  for (int i = 0; i < count; ++i) {
    ns_rr record;
    if (::ns_parserr(&message, ns_s_an, i, &record) != 0) {
      return absl::InternalError(StrCat("dns srv ", name, ": malformed answer record ", i));
    }
    if (ns_rr_type(record) != ns_t_srv || ns_rr_rdlen(record) < 7) continue;
    const unsigned char* data = ns_rr_rdata(record);
    char target[NS_MAXDNAME];
    if (::dn_expand(ns_msg_base(message), ns_msg_end(message), data + 6, target, sizeof(target)) <
        0) {
      return absl::InternalError(StrCat("dns srv ", name, ": malformed target name"));
    }
    // "." means the service is decidedly not available here (RFC 2782).
    if (std::strcmp(target, ".") == 0 || target[0] == '\0') continue;
    ResolvedEndpoint endpoint;
    endpoint.priority = ns_get16(data);
    endpoint.weight = ns_get16(data + 2);
    endpoint.port = ns_get16(data + 4);
    endpoint.host = target;
    endpoints.push_back(std::move(endpoint));
  }
  return endpoints;
}

std::string ResolvedEndpoint::Key() const {
  if (!url.empty()) return url;
  return host.find(':') != std::string::npos ? StrCat("[", host, "]:", port)
                                             : StrCat(host, ":", port);
}

std::unique_ptr<Resolver> StaticResolver(std::vector<ResolvedEndpoint> endpoints) {
  return std::make_unique<Static>(std::move(endpoints));
}

std::unique_ptr<Resolver> DnsAddressResolver(std::string host, uint16_t port) {
  return std::make_unique<DnsAddress>(std::move(host), port);
}

std::unique_ptr<Resolver> DnsSrvResolver(std::string name, std::string nameserver,
                                         std::chrono::milliseconds timeout) {
  return std::make_unique<DnsSrv>(std::move(name), std::move(nameserver), timeout);
}

}  // namespace dragoman
