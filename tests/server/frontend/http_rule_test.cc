// google.api.http path templates and request assembly, as grpc-gateway and Envoy read them.
#include "server/frontend/http_rule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dragoman/config.pb.h"

namespace dragoman {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(PathTemplateTest, VariablesBindSingleAndMultipleSegments) {
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse("/v1/{name=shelves/*}/books/{book.id}");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(*t->Match("/v1/shelves/7/books/a%20b"),
              ElementsAre(Pair("name", "shelves/7"), Pair("book.id", "a b")));
  EXPECT_FALSE(t->Match("/v1/shelves/7/books").has_value());
  EXPECT_FALSE(t->Match("/v1/racks/7/books/1").has_value());

  absl::StatusOr<PathTemplate> rest = PathTemplate::Parse("/files/{path=**}");
  ASSERT_TRUE(rest.ok());
  EXPECT_THAT(*rest->Match("/files/a/b/c.txt"), ElementsAre(Pair("path", "a/b/c.txt")));
}

TEST(PathTemplateTest, AVerbFollowsTheLastSegment) {
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse("/v1/{id}:publish");
  ASSERT_TRUE(t.ok());
  EXPECT_THAT(*t->Match("/v1/42:publish"), ElementsAre(Pair("id", "42")));
  EXPECT_FALSE(t->Match("/v1/42").has_value());
  EXPECT_FALSE(t->Match("/v1/42:delete").has_value());
}

TEST(PathTemplateTest, MalformedTemplatesAreRefusedQuotingThem) {
  for (const char* bad : {"v1/x", "/v1/{id", "/v1/**/x", "/v1//x", "/v1/{=x}", "/v1/x:"}) {
    absl::StatusOr<PathTemplate> t = PathTemplate::Parse(bad);
    EXPECT_FALSE(t.ok()) << bad;
    EXPECT_THAT(t.status().message(), HasSubstr(bad));
  }
}

TEST(HttpRuleTest, AdditionalBindingsAreServedToo) {
  google::api::HttpRule rule;
  rule.set_post("/v1/things");
  rule.set_body("*");
  rule.add_additional_bindings()->set_get("/v1/things/{id}");
  absl::StatusOr<std::vector<HttpBinding>> bindings = BindingsOf(rule);
  ASSERT_TRUE(bindings.ok());
  ASSERT_EQ(bindings->size(), 2u);
  EXPECT_EQ((*bindings)[0].http_method, "POST");
  EXPECT_EQ((*bindings)[0].body, "*");
  EXPECT_EQ((*bindings)[1].http_method, "GET");
}

TEST(SetFieldFromTextTest, SetsNestedScalarsByProtoOrJsonName) {
  config::Config config;
  ASSERT_TRUE(SetFieldFromText(&config, "listen.grpc", "127.0.0.1:1").ok());
  ASSERT_TRUE(SetFieldFromText(&config, "listen.httpJson.omitDefaults", "true").ok());
  EXPECT_EQ(config.listen().grpc(), "127.0.0.1:1");
  EXPECT_TRUE(config.listen().http_json().omit_defaults());
  EXPECT_THAT(SetFieldFromText(&config, "listen.http_json.omit_defaults", "yes").message(),
              HasSubstr("not true or false"));
  EXPECT_THAT(SetFieldFromText(&config, "listen.nope", "1").message(), HasSubstr("no such field"));
  EXPECT_THAT(SetFieldFromText(&config, "listen", "1").message(), HasSubstr("is a message"));
}

TEST(PercentDecodeTest, DecodesEscapesAndRefusesBrokenOnes) {
  std::string out;
  EXPECT_TRUE(PercentDecode("a%2Fb+c", true, &out));
  EXPECT_EQ(out, "a/b c");
  EXPECT_FALSE(PercentDecode("a%2", false, &out));
  EXPECT_FALSE(PercentDecode("a%zz", false, &out));
}

}  // namespace
}  // namespace dragoman
