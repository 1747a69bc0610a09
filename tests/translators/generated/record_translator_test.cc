// The generated record translator of a copybook service (records.cpy + records.manifest.yaml):
// the bytes a program receives, the values a caller gets back, and the errors either sees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "records.dragoman.h"
#include "records.pb.h"
#include "translators/runtime/record_method.h"

namespace dragoman {
namespace {

using ::records::test::CustomerReply;
using ::records::test::CustomerRequest;
using ::testing::HasSubstr;

// `n` cp037 spaces in hex.
std::string Spaces(int n) {
  std::string hex;
  for (int i = 0; i < n; ++i) hex += "40";
  return hex;
}

class RecordTranslatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(generated::records::Register(registry_).ok());
    method_ = dynamic_cast<const records::RecordMethod*>(
        registry_.Find("/records.test.CustomerService/Inquire"));
    ASSERT_NE(method_, nullptr);
  }

  absl::StatusOr<std::string> Encode(const CustomerRequest& request) const {
    BackendRequest out;
    absl::Status status = method_->EncodeRequest(request.SerializeAsString(), &out);
    if (!status.ok()) return status;
    return out.payload;
  }

  absl::StatusOr<CustomerReply> Decode(std::string record) const {
    std::string bytes;
    absl::Status status = method_->DecodeReply(record, &bytes);
    if (!status.ok()) return status;
    CustomerReply reply;
    reply.ParseFromString(bytes);
    return reply;
  }

  // A reply as the program would write it: the mock side of the same mapping.
  std::string ReplyRecord(const CustomerReply& reply) const {
    std::string record;
    EXPECT_TRUE(method_->EncodeReply(reply, &record).ok());
    return record;
  }

  static CustomerReply FullReply() {
    CustomerReply reply;
    reply.set_rpl_message("All good");
    reply.set_rpl_balance("-1234567890123.45");
    reply.set_rpl_big("-12345678901234567890");
    reply.set_rpl_count(-2);
    reply.set_rpl_ratio(0.1);
    reply.set_rpl_short_ratio(0.5);
    reply.set_rpl_thousands(125000);
    reply.set_rpl_name_n("Zo\xC3\xAB");
    reply.set_rpl_edited(" 1,234.50-");
    for (int i = 0; i < 3; ++i) {
      auto* limit = reply.add_rpl_limits();
      limit->set_rpl_limit_kind(i == 0 ? "DY" : i == 1 ? "WK" : "MO");
      limit->set_rpl_limit_value(-1000 * (i + 1));
    }
    reply.add_rpl_tag("ABC");
    reply.add_rpl_tag("XYZ");
    for (int i = 0; i < 2; ++i) {
      auto* txn = reply.add_rpl_txn();
      txn->set_rpl_txn_id(100001 + static_cast<uint32_t>(i));
      txn->set_rpl_txn_amount(i == 0 ? "10.00" : "-0.01");
    }
    return reply;
  }

  TranslatorRegistry registry_;
  const records::RecordMethod* method_ = nullptr;
};

TEST_F(RecordTranslatorTest, RequestIsTheRecordTheProgramExpectsByteForByte) {
  CustomerRequest request;
  request.set_req_customer_id(12345678);
  request.mutable_req_person()->set_req_first_name("Ann");
  request.mutable_req_person()->set_req_last_name("Lee");
  request.set_req_amount("-1234.56");
  request.set_req_rate("-0.00042");
  request.set_req_code("AB");
  absl::StatusOr<std::string> record = Encode(request);
  ASSERT_TRUE(record.ok()) << record.status();
  const std::string expected =
      absl::StrCat("d7",                 // REQ-SEGMENT-ID 'P': the branch's rule, written
                   "00bc614e",           // REQ-CUSTOMER-ID 9(8) COMP
                   "c19595", Spaces(9),  // REQ-FIRST-NAME "Ann" in cp037
                   "d38585", Spaces(9),  // REQ-LAST-NAME
                   "000123456d",         // REQ-AMOUNT S9(7)V99 COMP-3
                   "60f0f0f0f4f2",       // REQ-RATE SV9(5) SIGN LEADING SEPARATE
                   "40404040c1c2",       // REQ-CODE JUSTIFIED RIGHT
                   "c7d9d7c3",           // REQ-CHANNEL: the manifest's default
                   Spaces(8),            // REQ-SECRET: redacted, INITIALIZE's spaces
                   "c5d6d9");            // FILLER VALUE 'EOR': the copybook's VALUE
  EXPECT_EQ(absl::BytesToHexString(*record), expected);
}

TEST_F(RecordTranslatorTest, TheChosenRedefinesBranchMarksTheSegmentAndReadsBack) {
  CustomerRequest request;
  request.mutable_req_company()->set_req_company_name("ACME");
  request.mutable_req_company()->set_req_vat_id(42);
  absl::StatusOr<std::string> record = Encode(request);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(static_cast<uint8_t>((*record)[0]), 0xC3);  // 'C'
  CustomerRequest read;
  ASSERT_TRUE(method_->DecodeRequest(*record, &read).ok());
  ASSERT_TRUE(read.has_req_company());
  EXPECT_EQ(read.req_company().req_company_name(), "ACME");
  EXPECT_EQ(read.req_company().req_vat_id(), 42u);
  EXPECT_EQ(read.req_segment_id(), "C");
  EXPECT_EQ(read.req_channel(), "GRPC");
}

TEST_F(RecordTranslatorTest, ValuesThatDoNotFitAreRefusedNamingTheItem) {
  CustomerRequest request;
  request.set_req_amount("12345678.00");  // S9(7)V99: one digit too many
  EXPECT_EQ(Encode(request).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Encode(request).status().message(), HasSubstr("field REQ-AMOUNT at byte 29"));
  request.set_req_amount("1.005");  // a third decimal place is never rounded away
  EXPECT_THAT(Encode(request).status().message(), HasSubstr("REQ-AMOUNT"));
  request.clear_req_amount();
  request.set_req_code("\xE2\x82\xAC");  // the euro sign: cp037 has none
  EXPECT_THAT(Encode(request).status().message(), HasSubstr("field REQ-CODE"));
  request.set_req_code("TOOLONGCODE");
  EXPECT_THAT(Encode(request).status().message(),
              HasSubstr("field REQ-CODE at byte 40: holds 11 characters, room for 6"));
}

TEST_F(RecordTranslatorTest, EveryReplyItemRoundTripsExactly) {
  const CustomerReply reply = FullReply();
  const std::string record = ReplyRecord(reply);
  // The record ends after the second of five OCCURS DEPENDING ON entries.
  EXPECT_EQ(record.size(), 113u + 2 * 11);
  absl::StatusOr<CustomerReply> read = Decode(record);
  ASSERT_TRUE(read.ok()) << read.status();
  CustomerReply expected = reply;
  expected.set_rpl_txn_count(2);  // the counter is written from the table's size
  EXPECT_EQ(read->DebugString(), expected.DebugString());
}

// DecodeReply writes the wire format itself: it must be the very bytes protobuf serializes the
// decoded message to, defaults (zero counts, empty text) left out and oneof members kept.
TEST_F(RecordTranslatorTest, TheReplyBytesAreWhatProtobufSerializes) {
  CustomerReply sparse;
  sparse.set_rpl_ratio(-0.25);
  for (const CustomerReply& reply : {FullReply(), sparse, CustomerReply()}) {
    std::string record = ReplyRecord(reply);
    std::string bytes;
    ASSERT_TRUE(method_->DecodeReply(record, &bytes).ok());
    CustomerReply parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    EXPECT_EQ(absl::BytesToHexString(bytes), absl::BytesToHexString(parsed.SerializeAsString()));
  }
}

TEST_F(RecordTranslatorTest, ANumberForANumericEditedItemIsEditedByItsPicture) {
  CustomerReply reply;
  reply.set_rpl_edited("-1234.5");  // PIC ZZ,ZZ9.99-
  absl::StatusOr<CustomerReply> read = Decode(ReplyRecord(reply));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->rpl_edited(), " 1,234.50-");
  reply.set_rpl_edited("123456.7");  // one integer digit too many: never truncated
  std::string record;
  EXPECT_THAT(method_->EncodeReply(reply, &record).message(),
              HasSubstr("field RPL-EDITED at byte 80: the value does not fit PIC ZZ,ZZ9.99-"));
}

TEST_F(RecordTranslatorTest, BusinessReturnCodesBecomeTheManifestsStatuses) {
  CustomerReply reply;
  reply.set_rpl_return_code(5);
  reply.set_rpl_message("Customer 42 unknown");
  absl::Status status = Decode(ReplyRecord(reply)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "CUSTINQ: Customer 42 unknown");
  reply.set_rpl_return_code(8);
  status = Decode(ReplyRecord(reply)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "CUSTINQ replied RPL-RETURN-CODE = 8");
}

TEST_F(RecordTranslatorTest, CorruptRepliesAreInternalErrorsNamingFieldOffsetAndBytes) {
  std::string record = ReplyRecord(FullReply());
  record[32] = '\x1A';  // a sign nibble where RPL-BALANCE's digit goes
  absl::Status status = Decode(record).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(status.message(), HasSubstr("field RPL-BALANCE at byte 32"));
  EXPECT_THAT(status.message(), HasSubstr("(bytes 1a"));

  record = ReplyRecord(FullReply());
  record[111] = '\xF0';  // RPL-TXN-COUNT = 09, beyond the table's 5
  record[112] = '\xF9';
  status = Decode(record).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("counts 9 occurrences of RPL-TXN, which holds 0 to 5"));

  status = Decode(record.substr(0, 20)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(status.message(), HasSubstr("the record ends at byte 20"));
}

TEST_F(RecordTranslatorTest, TheTransactionCodeTravelsInTheCodePage) {
  EXPECT_EQ(absl::BytesToHexString(method_->transaction()), "c3c9d5d840404040");
  BackendRequest out;
  ASSERT_TRUE(method_->EncodeRequest("", &out).ok());
  EXPECT_EQ(out.transaction, method_->transaction());
}

}  // namespace
}  // namespace dragoman
