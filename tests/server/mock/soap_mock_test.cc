#include "server/mock/soap_mock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include "bank.pb.h"
#include "server/all_translators.h"

namespace dragoman::mock {
namespace {

using ::testing::HasSubstr;
namespace http = boost::beast::http;
namespace bank = ::example::dragoman::bank;

std::string ExamplesPath() {
  const char* source = std::getenv("DRAGOMAN_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) + "/schemas/bank/examples.yaml";
}

std::string Envelope(std::string_view body) {
  return std::string(
             R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>)") +
         std::string(body) + "</s:Body></s:Envelope>";
}

class SoapMockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(RegisterAllTranslators(registry_).ok());
    auto mock = SoapMock::Create(registry_, "example.dragoman.bank.BankPort", ExamplesPath());
    ASSERT_TRUE(mock.ok()) << mock.status();
    mock_ = std::move(*mock);
  }

  HttpResponse Post(std::string_view action, std::string body) {
    HttpRequest request(http::verb::post, "/bank", 11);
    request.set(http::field::content_type, "text/xml; charset=utf-8");
    if (!action.empty()) request.set("SOAPAction", "\"" + std::string(action) + "\"");
    request.body() = std::move(body);
    std::optional<HttpResponse> response;
    mock_->Handle(std::move(request),
                  ResponseWriter([&](HttpResponse r) { response = std::move(r); }));
    EXPECT_TRUE(response.has_value());
    return response.value_or(HttpResponse());
  }

  const Translator& Method(std::string_view name) {
    return *registry_.Find("/example.dragoman.bank.BankPort/" + std::string(name));
  }

  TranslatorRegistry registry_;
  std::unique_ptr<SoapMock> mock_;
};

TEST_F(SoapMockTest, AnswersFromTheMatchingExample) {
  HttpResponse response = Post("http://dragoman.example/bank/GetAccount",
                               Envelope(R"(<b:GetAccount xmlns:b="http://dragoman.example/bank">)"
                                        R"(<b:accountId>ACC-1001</b:accountId></b:GetAccount>)"));
  EXPECT_EQ(response.result(), http::status::ok);
  std::string reply_bytes;
  ASSERT_TRUE(Method("GetAccount").DecodeReply(response.body(), &reply_bytes).ok());
  bank::GetAccountResponse reply;
  ASSERT_TRUE(reply.ParseFromString(reply_bytes));
  EXPECT_EQ(reply.account().account_id(), "ACC-1001");
  EXPECT_EQ(reply.account().balance().amount(), "1234.50");
}

TEST_F(SoapMockTest, FaultExamplesAnswer500WithTheDeclaredDetail) {
  HttpResponse response = Post("http://dragoman.example/bank/CloseAccount",
                               Envelope(R"(<b:CloseAccount xmlns:b="http://dragoman.example/bank">)"
                                        R"(<b:accountId>ACC-404</b:accountId></b:CloseAccount>)"));
  EXPECT_EQ(response.result(), http::status::internal_server_error);
  std::string reply_bytes;
  absl::Status status = Method("CloseAccount").DecodeReply(response.body(), &reply_bytes);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      status.GetPayload("type.googleapis.com/example.dragoman.bank.AccountNotFound").has_value());
}

TEST_F(SoapMockTest, UnmatchedRequestsGetASchemaValidSample) {
  HttpResponse response =
      Post("http://dragoman.example/bank/ListTransactions",
           Envelope(R"(<b:ListTransactions xmlns:b="http://dragoman.example/bank">)"
                    R"(<b:accountId>NOT-IN-EXAMPLES</b:accountId></b:ListTransactions>)"));
  EXPECT_EQ(response.result(), http::status::ok);
  std::string reply_bytes;
  ASSERT_TRUE(Method("ListTransactions").DecodeReply(response.body(), &reply_bytes).ok())
      << response.body();
  bank::ListTransactionsResponse reply;
  ASSERT_TRUE(reply.ParseFromString(reply_bytes));
  EXPECT_GE(reply.transaction_size(), 1);
}

TEST_F(SoapMockTest, DispatchesOnTheBodyElementWithoutSoapAction) {
  HttpResponse response = Post("", Envelope(R"(<b:Ping xmlns:b="http://dragoman.example/bank"/>)"));
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_THAT(response.body(), HasSubstr("PingResponse"));
}

TEST_F(SoapMockTest, RequestsThatBreakTheSchemaGetAClientFault) {
  HttpResponse response = Post("http://dragoman.example/bank/GetAccount",
                               Envelope(R"(<b:GetAccount xmlns:b="http://dragoman.example/bank">)"
                                        R"(<b:unexpected>1</b:unexpected></b:GetAccount>)"));
  EXPECT_EQ(response.result(), http::status::internal_server_error);
  EXPECT_THAT(response.body(), HasSubstr("Client"));
  EXPECT_THAT(response.body(), HasSubstr("is not expected here"));
}

TEST_F(SoapMockTest, OnlyPostIsServed) {
  HttpRequest request(http::verb::get, "/bank", 11);
  std::optional<HttpResponse> response;
  mock_->Handle(std::move(request),
                ResponseWriter([&](HttpResponse r) { response = std::move(r); }));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->result(), http::status::method_not_allowed);
}

TEST(SoapMockCreateTest, UnknownServiceListsTheAvailableOnes) {
  TranslatorRegistry registry;
  ASSERT_TRUE(RegisterAllTranslators(registry).ok());
  auto mock = SoapMock::Create(registry, "no.such.Service", "");
  ASSERT_FALSE(mock.ok());
  EXPECT_THAT(mock.status().message(), HasSubstr("example.dragoman.bank.BankPort"));
}

TEST(SoapMockCreateTest, ExamplesAreCheckedAgainstTheSchemaAtStartup) {
  const std::string path = ::testing::TempDir() + "/bad_examples.yaml";
  FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fputs("- operation: GetAccount\n  reply: {account: {balanse: 1}}\n", file);
  std::fclose(file);
  TranslatorRegistry registry;
  ASSERT_TRUE(RegisterAllTranslators(registry).ok());
  auto mock = SoapMock::Create(registry, "example.dragoman.bank.BankPort", path);
  ASSERT_FALSE(mock.ok());
  EXPECT_THAT(mock.status().message(), HasSubstr("reply.account.balanse: unknown key"));
}

}  // namespace
}  // namespace dragoman::mock
