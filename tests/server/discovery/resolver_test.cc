#include "server/discovery/resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/server/discovery/test_dns_server.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

ResolvedEndpoint Srv(std::string host, uint16_t port, uint16_t priority, uint16_t weight) {
  ResolvedEndpoint endpoint;
  endpoint.host = std::move(host);
  endpoint.port = port;
  endpoint.priority = priority;
  endpoint.weight = weight;
  return endpoint;
}

TEST(DnsSrvResolverTest, ReadsTargetsPortsPrioritiesAndWeights) {
  testing::TestDnsServer dns;
  dns.SetSrv("_cics._tcp.mainframe.test", {{10, 1, 3001, "region-a.mainframe.test"},
                                           {10, 3, 3002, "region-b.mainframe.test"},
                                           {20, 0, 3003, "dr-site.mainframe.test"}});
  auto resolver = DnsSrvResolver("_cics._tcp.mainframe.test", dns.address(), 1000ms);
  absl::StatusOr<std::vector<ResolvedEndpoint>> found = resolver->Resolve();
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ::testing::UnorderedElementsAre(Srv("region-a.mainframe.test", 3001, 10, 1),
                                                      Srv("region-b.mainframe.test", 3002, 10, 3),
                                                      Srv("dr-site.mainframe.test", 3003, 20, 0)));
  EXPECT_THAT(resolver->Describe(), HasSubstr("_cics._tcp.mainframe.test"));
}

TEST(DnsSrvResolverTest, ATargetOfDotMeansNotServedHere) {
  testing::TestDnsServer dns;
  dns.SetSrv("_cics._tcp.closed.test", {{0, 0, 0, "."}});
  absl::StatusOr<std::vector<ResolvedEndpoint>> found =
      DnsSrvResolver("_cics._tcp.closed.test", dns.address(), 1000ms)->Resolve();
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(found->empty());
}

TEST(DnsSrvResolverTest, AnUnknownNameOrASilentServerIsAnError) {
  testing::TestDnsServer dns;
  absl::StatusOr<std::vector<ResolvedEndpoint>> unknown =
      DnsSrvResolver("_cics._tcp.nowhere.test", dns.address(), 1000ms)->Resolve();
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("_cics._tcp.nowhere.test"));

  dns.SetSrv("_cics._tcp.mainframe.test", {{10, 1, 3001, "a.test"}});
  dns.Mute(true);
  const auto started = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<ResolvedEndpoint>> silent =
      DnsSrvResolver("_cics._tcp.mainframe.test", dns.address(), 1000ms)->Resolve();
  EXPECT_EQ(silent.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "the timeout bounds the wait";
}

TEST(DnsSrvResolverTest, ANameserverThatIsNotAnAddressIsRefused) {
  absl::StatusOr<std::vector<ResolvedEndpoint>> found =
      DnsSrvResolver("_x._tcp.test", "dns.example:53", 1000ms)->Resolve();
  EXPECT_EQ(found.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseSrvAnswerTest, AMalformedAnswerIsAnErrorNamingTheQuestion) {
  const absl::StatusOr<std::vector<ResolvedEndpoint>> garbage =
      ParseSrvAnswer(std::string_view("\x12\x34\x81\x80\x00\x01\x00\x05", 8), "_x._tcp.test");
  EXPECT_EQ(garbage.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(garbage.status().message()), HasSubstr("_x._tcp.test"));
  EXPECT_EQ(ParseSrvAnswer("", "_x._tcp.test").status().code(), absl::StatusCode::kInternal);
}

TEST(DnsAddressResolverTest, ResolvesLoopbackNames) {
  absl::StatusOr<std::vector<ResolvedEndpoint>> found =
      DnsAddressResolver("127.0.0.1", 3000)->Resolve();
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].Key(), "127.0.0.1:3000");
}

TEST(ResolvedEndpointTest, KeysBracketIpv6AndPreferTheUrl) {
  EXPECT_EQ(Srv("::1", 80, 0, 1).Key(), "[::1]:80");
  ResolvedEndpoint url;
  url.url = "http://bank.test/soap";
  EXPECT_EQ(url.Key(), "http://bank.test/soap");
}

}  // namespace
}  // namespace dragoman
