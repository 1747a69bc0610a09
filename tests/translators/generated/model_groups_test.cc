// Model groups without an element of their own (tests/translators/generated/model_groups.wsdl):
// a sequence as a choice branch, repeated sequences and group references, an optional group
// reference, and a repeated choice with a sequence branch. Their members appear inline; each
// occurrence is one message.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>

#include "model_groups.dragoman.h"
#include "model_groups.pb.h"
#include "tests/translators/generated/translator_test_util.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
namespace pb = ::groups::test;

class ModelGroupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(generated::model_groups::Register(registry_).ok());
    method_ = dynamic_cast<const soap::SoapMethod*>(registry_.Find("/groups.test.Orders/Place"));
    ASSERT_NE(method_, nullptr);
  }

  absl::StatusOr<std::string> Encode(const pb::Order& order) {
    return testing::EncodeRequest(*method_, order);
  }
  absl::StatusOr<pb::Order> Decode(std::string_view order) {
    return testing::DecodeReplyBody<pb::Order>(*method_, order);
  }

  static pb::Order Example() {
    pb::Order order;
    order.set_id("o-1");
    order.mutable_street_group()->set_street("1 Main St");
    order.mutable_street_group()->set_city("Springfield");
    for (const auto& [date, amount] : {std::pair{"2026-01-02", "10.50"}, {"2026-02-03", "7"}}) {
      pb::Order::DateGroup* entry = order.add_date_group();
      entry->set_date(date);
      entry->set_amount(amount);
    }
    order.add_sku_group()->set_sku("A-1");
    pb::Order::SkuGroup* line = order.add_sku_group();
    line->set_sku("B-2");
    line->set_quantity(3);
    order.set_created_by("ada");
    order.set_created_at("2026-11-29T06:00:00Z");
    order.add_note("fragile");
    pb::Order::TagGroup* tag = order.add_tag_group();
    tag->set_tag("eco");
    tag->set_weight(2);
    return order;
  }

  TranslatorRegistry registry_;
  const soap::SoapMethod* method_ = nullptr;
};

TEST_F(ModelGroupsTest, OccurrencesAreWrittenInlineInSchemaOrder) {
  absl::StatusOr<std::string> xml = Encode(Example());
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr("<ns1:id>o-1</ns1:id><ns1:street>1 Main St</ns1:street>"
                              "<ns1:city>Springfield</ns1:city>"
                              "<ns1:date>2026-01-02</ns1:date><ns1:amount>10.50</ns1:amount>"
                              "<ns1:date>2026-02-03</ns1:date><ns1:amount>7</ns1:amount>"
                              "<ns1:sku>A-1</ns1:sku><ns1:sku>B-2</ns1:sku>"
                              "<ns1:quantity>3</ns1:quantity>"
                              "<ns1:createdBy>ada</ns1:createdBy>"));
}

TEST_F(ModelGroupsTest, ReadsEachOccurrenceIntoItsOwnMessage) {
  absl::StatusOr<pb::Order> order = Decode(
      R"(<Order xmlns="urn:dragoman:test:groups"><id>o-2</id><poBox>PO 7</poBox>)"
      R"(<date>2026-03-04</date><amount>1</amount><date>2026-03-05</date><amount>2</amount>)"
      R"(<sku>X</sku><quantity>1</quantity><sku>Y</sku>)"
      R"(<tag>a</tag><weight>1</weight><note>n</note><tag>b</tag><weight>2</weight></Order>)");
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->po_box(), "PO 7");
  ASSERT_EQ(order->date_group_size(), 2);
  EXPECT_EQ(order->date_group(1).date(), "2026-03-05");
  EXPECT_EQ(order->date_group(1).amount(), "2");
  ASSERT_EQ(order->sku_group_size(), 2);
  EXPECT_EQ(order->sku_group(0).quantity(), 1);
  EXPECT_FALSE(order->sku_group(1).has_quantity());
  ASSERT_EQ(order->tag_group_size(), 2);
  EXPECT_EQ(order->tag_group(1).weight(), 2);
  EXPECT_FALSE(order->has_created_by());  // the optional group is absent
}

TEST_F(ModelGroupsTest, SurvivesWriteThenRead) {
  const pb::Order sent = Example();
  absl::StatusOr<std::string> xml = Encode(sent);
  ASSERT_TRUE(xml.ok()) << xml.status();
  const size_t body = xml->find(":Body>") + std::string_view(":Body>").size();
  const size_t end = xml->rfind("</", xml->rfind(":Body>"));
  absl::StatusOr<pb::Order> back = Decode(xml->substr(body, end - body));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(sent, *back))
      << back->DebugString();
}

TEST_F(ModelGroupsTest, OccurrenceBoundsAndChoicesAreChecked) {
  pb::Order none = Example();
  none.clear_street_group();
  absl::StatusOr<std::string> xml = Encode(none);
  ASSERT_FALSE(xml.ok());
  EXPECT_THAT(xml.status().message(), HasSubstr("set one of (street, city) or poBox"));

  pb::Order no_lines = Example();
  no_lines.clear_sku_group();
  xml = Encode(no_lines);
  ASSERT_FALSE(xml.ok());
  EXPECT_THAT(xml.status().message(), HasSubstr("sku_group"));

  absl::StatusOr<pb::Order> both =
      Decode(R"(<Order xmlns="urn:dragoman:test:groups"><id>o</id><street>s</street><city>c</city>)"
             R"(<poBox>p</poBox><sku>X</sku></Order>)");
  ASSERT_FALSE(both.ok());
  EXPECT_THAT(both.status().message(), HasSubstr("xsd:choice allows only one"));

  absl::StatusOr<pb::Order> no_sku =
      Decode(R"(<Order xmlns="urn:dragoman:test:groups"><id>o</id><poBox>p</poBox></Order>)");
  ASSERT_FALSE(no_sku.ok());
  EXPECT_THAT(no_sku.status().message(), HasSubstr("sequence (sku, quantity)"));
}

TEST_F(ModelGroupsTest, AChoiceMemberThatRepeatsIsOneRunOfElements) {
  const std::string prefix =
      R"(<Order xmlns="urn:dragoman:test:groups"><id>o</id><poBox>p</poBox><sku>X</sku>)";
  absl::StatusOr<pb::Order> coupons =
      Decode(prefix + "<coupon>c1</coupon><coupon>c2</coupon></Order>");
  ASSERT_TRUE(coupons.ok()) << coupons.status();
  EXPECT_THAT(coupons->coupon_list().coupon(), ::testing::ElementsAre("c1", "c2"));
  absl::StatusOr<pb::Order> both =
      Decode(prefix + "<coupon>c1</coupon><voucher>v</voucher></Order>");
  ASSERT_FALSE(both.ok());
  EXPECT_THAT(both.status().message(), HasSubstr("only one of (coupon) or voucher"));

  pb::Order order = Example();
  order.mutable_coupon_list()->add_coupon("a");
  order.mutable_coupon_list()->add_coupon("b");
  absl::StatusOr<std::string> xml = Encode(order);
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr("<ns1:coupon>a</ns1:coupon><ns1:coupon>b</ns1:coupon>"));
}

TEST_F(ModelGroupsTest, NilItemsOfARepeatedElementKeepTheirPlace) {
  pb::Order order = Example();
  order.add_remark("first");
  order.add_remark("");  // stands for the nil item
  order.add_remark("third");
  order.add_remark_nil(1);
  absl::StatusOr<std::string> xml = Encode(order);
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr(R"(<ns1:remark>first</ns1:remark><ns1:remark xsi:nil="true"/>)"
                              R"(<ns1:remark>third</ns1:remark>)"));
  const size_t body = xml->find(":Body>") + std::string_view(":Body>").size();
  const size_t end = xml->rfind("</", xml->rfind(":Body>"));
  absl::StatusOr<pb::Order> back = Decode(xml->substr(body, end - body));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_THAT(back->remark(), ::testing::ElementsAre("first", "", "third"));
  EXPECT_THAT(back->remark_nil(), ::testing::ElementsAre(1));
}

TEST_F(ModelGroupsTest, ANillableChoiceMemberKeepsNilApartFromAbsent) {
  pb::Order order = Example();
  order.set_gift_note_nil(true);
  absl::StatusOr<std::string> xml = Encode(order);
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr(R"(<ns1:giftNote xsi:nil="true"/>)"));

  const std::string prefix =
      R"(<Order xmlns="urn:dragoman:test:groups" )"
      R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><id>o</id><poBox>p</poBox>)"
      R"(<sku>X</sku>)";
  absl::StatusOr<pb::Order> nil = Decode(prefix + R"(<giftNote xsi:nil="true"/></Order>)");
  ASSERT_TRUE(nil.ok()) << nil.status();
  EXPECT_EQ(nil->choice_3_case(), pb::Order::kGiftNoteNil);
  absl::StatusOr<pb::Order> value = Decode(prefix + "<giftNote>hi</giftNote></Order>");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(value->gift_note(), "hi");
  absl::StatusOr<pb::Order> absent = Decode(prefix + "</Order>");
  ASSERT_TRUE(absent.ok()) << absent.status();
  EXPECT_EQ(absent->choice_3_case(), pb::Order::CHOICE_3_NOT_SET);
  absl::StatusOr<pb::Order> both =
      Decode(prefix + R"(<giftNote xsi:nil="true"/><noGift>true</noGift></Order>)");
  ASSERT_FALSE(both.ok());
  EXPECT_THAT(both.status().message(), HasSubstr("only one of giftNote or noGift"));
}

}  // namespace
}  // namespace dragoman
