#include "translators/runtime/status_util.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/cord.h"
#include "absl/types/optional.h"
#include "dragoman/errors.pb.h"

namespace dragoman {
namespace {

constexpr char kSoapFaultUrl[] = "type.googleapis.com/dragoman.SoapFault";
constexpr char kCallInfoUrl[] = "type.googleapis.com/dragoman.CallInfo";

TEST(AttachDetailTest, StoresTheMessageUnderItsTypeUrl) {
  SoapFault fault;
  fault.set_code("{http://schemas.xmlsoap.org/soap/envelope/}Client");
  fault.set_reason("bad account");
  absl::Status status = absl::InvalidArgumentError("SOAP fault");
  AttachDetail(status, fault);

  const absl::optional<absl::Cord> payload = status.GetPayload(kSoapFaultUrl);
  ASSERT_TRUE(payload.has_value());
  SoapFault read;
  ASSERT_TRUE(read.ParseFromString(std::string(*payload)));
  EXPECT_EQ(read.code(), fault.code());
  EXPECT_EQ(read.reason(), fault.reason());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "SOAP fault");
}

TEST(AttachDetailTest, KeepsOneDetailPerType) {
  absl::Status status = absl::UnknownError("in doubt");
  CallInfo info;
  info.set_request_id("req-1");
  info.set_in_doubt(true);
  AttachDetail(status, info);
  SoapFault fault;
  fault.set_reason("first");
  AttachDetail(status, fault);
  fault.set_reason("second");
  AttachDetail(status, fault);

  int count = 0;
  status.ForEachPayload([&count](absl::string_view, const absl::Cord&) { ++count; });
  EXPECT_EQ(count, 2);
  CallInfo read_info;
  ASSERT_TRUE(read_info.ParseFromString(std::string(*status.GetPayload(kCallInfoUrl))));
  EXPECT_EQ(read_info.request_id(), "req-1");
  EXPECT_TRUE(read_info.in_doubt());
  SoapFault read_fault;
  ASSERT_TRUE(read_fault.ParseFromString(std::string(*status.GetPayload(kSoapFaultUrl))));
  EXPECT_EQ(read_fault.reason(), "second");
}

TEST(AttachDetailTest, OkStatusStaysOkWithoutPayload) {
  absl::Status status;
  AttachDetail(status, SoapFault());
  EXPECT_TRUE(status.ok());
  EXPECT_FALSE(status.GetPayload(kSoapFaultUrl).has_value());
}

TEST(WithContextTest, PrefixesTheMessageAndKeepsCodeAndPayloads) {
  absl::Status status = absl::InternalError("bad packed decimal");
  CallInfo info;
  info.set_backend("mainframe");
  AttachDetail(status, info);
  status.SetPayload("custom/url", absl::Cord("raw"));

  const absl::Status wrapped = WithContext(status, "field 'amount'");
  EXPECT_EQ(wrapped.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(wrapped.message(), "field 'amount': bad packed decimal");
  EXPECT_EQ(wrapped.GetPayload(kCallInfoUrl), status.GetPayload(kCallInfoUrl));
  EXPECT_EQ(wrapped.GetPayload("custom/url"), absl::Cord("raw"));
}

TEST(WithContextTest, OkPassesThrough) {
  EXPECT_TRUE(WithContext(absl::OkStatus(), "context").ok());
}

absl::Status Step(absl::Status result, int* steps) {
  ++*steps;
  return result;
}

absl::Status TwoSteps(absl::Status first, int* steps) {
  DRAGOMAN_RETURN_IF_ERROR(Step(first, steps));
  DRAGOMAN_RETURN_IF_ERROR(Step(absl::OkStatus(), steps));
  return absl::OkStatus();
}

TEST(ReturnIfErrorTest, ReturnsTheFirstErrorAndStops) {
  int steps = 0;
  EXPECT_TRUE(TwoSteps(absl::OkStatus(), &steps).ok());
  EXPECT_EQ(steps, 2);
  steps = 0;
  EXPECT_EQ(TwoSteps(absl::NotFoundError("gone"), &steps), absl::NotFoundError("gone"));
  EXPECT_EQ(steps, 1);
}

}  // namespace
}  // namespace dragoman
