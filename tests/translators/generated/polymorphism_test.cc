// Type derivation on the wire (tests/translators/generated/polymorphism.wsdl): values of derived
// types named by xsi:type both ways, abstract types, substitution groups and fixed values.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/status/statusor.h"
#include "polymorphism.dragoman.h"
#include "polymorphism.pb.h"
#include "tests/translators/generated/translator_test_util.h"
#include "translators/runtime/soap_method.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
namespace pb = ::zoo::test;

class PolymorphismTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(generated::polymorphism::Register(registry_).ok());
    method_ = dynamic_cast<const soap::SoapMethod*>(registry_.Find("/zoo.test.Zoo/Adopt"));
    ASSERT_NE(method_, nullptr);
  }

  absl::StatusOr<std::string> Encode(const pb::Shelter& message) {
    return testing::EncodeRequest(*method_, message);
  }

  // Reads a reply whose Body holds `shelter` (a Shelter element).
  absl::StatusOr<pb::Shelter> Decode(std::string_view shelter) {
    return testing::DecodeReplyBody<pb::Shelter>(*method_, shelter);
  }

  // Encodes `message`, reads what was written back as a reply and expects the same message.
  void ExpectRoundTrip(const pb::Shelter& message) {
    absl::StatusOr<std::string> xml = Encode(message);
    ASSERT_TRUE(xml.ok()) << xml.status();
    const size_t body = xml->find(":Body>") + std::string_view(":Body>").size();
    const size_t end = xml->rfind("</", xml->rfind(":Body>"));
    absl::StatusOr<pb::Shelter> back = Decode(xml->substr(body, end - body));
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << *xml;
    pb::Shelter expected = message;
    if (!expected.has_version()) expected.set_version("2.0");  // the fixed value, when absent
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(expected, *back))
        << "sent:\n"
        << message.DebugString() << "read back:\n"
        << back->DebugString();
  }

  TranslatorRegistry registry_;
  const soap::SoapMethod* method_ = nullptr;
};

TEST_F(PolymorphismTest, DerivedValuesAreNamedWithXsiType) {
  pb::Shelter shelter;
  pb::Dog* dog = shelter.add_animal()->mutable_dog();
  dog->set_name("Rex");
  dog->set_breed("collie");
  dog->set_id(7);
  pb::Puppy* puppy = shelter.add_animal()->mutable_puppy();
  puppy->set_name("Bit");
  puppy->set_breed("pug");
  puppy->set_age_weeks(9);
  absl::StatusOr<std::string> xml = Encode(shelter);
  ASSERT_TRUE(xml.ok()) << xml.status();
  // The derived content follows the base's, in the schema's order, under the base's element.
  EXPECT_THAT(*xml, HasSubstr(R"(<ns2:animal xsi:type="ns2:Dog" id="7"><ns2:name>Rex</ns2:name>)"
                              R"(<ns2:breed>collie</ns2:breed></ns2:animal>)"));
  EXPECT_THAT(*xml, HasSubstr(R"(<ns2:animal xsi:type="ns2:Puppy"><ns2:name>Bit</ns2:name>)"
                              R"(<ns2:breed>pug</ns2:breed><ns2:ageWeeks>9</ns2:ageWeeks>)"));
  ExpectRoundTrip(shelter);
}

TEST_F(PolymorphismTest, ReadsDerivedTypesWhateverThePrefix) {
  absl::StatusOr<pb::Shelter> shelter = Decode(
      R"(<z:Shelter xmlns:z="urn:dragoman:test:zoo" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">)"
      R"(<z:animal i:type="z:Cat"><z:name>Tom</z:name><z:indoor>true</z:indoor></z:animal>)"
      R"(<z:animal xmlns:q="urn:dragoman:test:zoo" i:type=" q:Puppy ">)"
      R"(<z:name>Bit</z:name><z:breed>pug</z:breed><z:ageWeeks>9</z:ageWeeks></z:animal>)"
      // A Dog-typed element may carry a Puppy too.
      R"(<z:featured i:type="z:Puppy"><z:name>Max</z:name><z:breed>b</z:breed>)"
      R"(<z:ageWeeks>3</z:ageWeeks></z:featured>)"
      R"(</z:Shelter>)");
  ASSERT_TRUE(shelter.ok()) << shelter.status();
  ASSERT_EQ(shelter->animal_size(), 2);
  EXPECT_TRUE(shelter->animal(0).cat().indoor());
  EXPECT_EQ(shelter->animal(1).puppy().age_weeks(), 9);
  EXPECT_EQ(shelter->featured().puppy().name(), "Max");
  ExpectRoundTrip(*shelter);
}

TEST_F(PolymorphismTest, DerivedContentIsCheckedAgainstTheDerivedType) {
  // Without xsi:type the element is the declared type, which has no ageWeeks.
  absl::StatusOr<pb::Shelter> plain =
      Decode(R"(<z:Shelter xmlns:z="urn:dragoman:test:zoo"><z:featured><z:name>Max</z:name>)"
             R"(<z:breed>b</z:breed><z:ageWeeks>3</z:ageWeeks></z:featured></z:Shelter>)");
  ASSERT_FALSE(plain.ok());
  EXPECT_THAT(plain.status().message(), HasSubstr("ageWeeks"));
  absl::StatusOr<pb::Shelter> bad_prefix = Decode(
      R"(<z:Shelter xmlns:z="urn:dragoman:test:zoo"><z:animal xmlns:i="http://www.w3.org/2001/XMLSchema-instance" )"
      R"(i:type="nope:Cat"><z:name>Tom</z:name></z:animal></z:Shelter>)");
  ASSERT_FALSE(bad_prefix.ok());
  EXPECT_THAT(bad_prefix.status().message(), HasSubstr("xsi:type has an undeclared prefix"));
}

TEST_F(PolymorphismTest, AbstractTypesNeedADerivedOne) {
  pb::Shelter shelter;
  shelter.add_animal()->set_name("nobody knows what");
  absl::StatusOr<std::string> xml = Encode(shelter);
  ASSERT_FALSE(xml.ok());
  EXPECT_EQ(xml.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(xml.status().message(), HasSubstr("animal.xsi_type"));
  EXPECT_THAT(xml.status().message(), HasSubstr("Animal is an abstract type"));
}

TEST_F(PolymorphismTest, SubstitutionGroupMembersStandInForTheirHead) {
  pb::Shelter shelter;
  shelter.mutable_car()->set_wheels(4);
  shelter.mutable_car()->set_plate("B-DM 42");
  pb::MotorbikeType* motorbike = shelter.mutable_fleet()->add_motorbike();
  motorbike->set_wheels(2);
  // A member typed by the (abstract) head names the concrete type with xsi:type.
  pb::MotorbikeType* bike = shelter.mutable_fleet()->add_bike()->mutable_motorbike_type();
  bike->set_wheels(2);
  absl::StatusOr<std::string> xml = Encode(shelter);
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr(R"(<ns1:car><ns1:wheels>4</ns1:wheels><ns1:plate>B-DM 42)"));
  EXPECT_THAT(*xml, HasSubstr(R"(<ns1:bike xsi:type="ns1:MotorbikeType"><ns1:wheels>2)"));
  EXPECT_THAT(*xml, HasSubstr(R"(<ns1:motorbike><ns1:wheels>2</ns1:wheels></ns1:motorbike>)"));
  ExpectRoundTrip(shelter);

  absl::StatusOr<pb::Shelter> read =
      Decode(R"(<Shelter xmlns="urn:dragoman:test:zoo"><car xmlns="urn:dragoman:test:vehicles">)"
             R"(<wheels>3</wheels><plate>X</plate></car></Shelter>)");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->car().wheels(), 3);
  EXPECT_EQ(read->vehicle_group_case(), pb::Shelter::kCar);
}

TEST_F(PolymorphismTest, FixedValuesAreEnforcedOnEncode) {
  pb::Shelter shelter;
  shelter.set_version("2.0");
  shelter.set_currency("EUR");
  shelter.mutable_fleet()->add_motorbike()->set_wheels(2);
  ASSERT_TRUE(Encode(shelter).ok());

  pb::Shelter wrong_attribute = shelter;
  wrong_attribute.set_version("3.0");
  absl::StatusOr<std::string> xml = Encode(wrong_attribute);
  ASSERT_FALSE(xml.ok());
  EXPECT_THAT(xml.status().message(), HasSubstr("version"));
  EXPECT_THAT(xml.status().message(), HasSubstr("fixed value '2.0'"));

  pb::Shelter wrong_number = shelter;
  wrong_number.mutable_fleet()->mutable_motorbike(0)->set_wheels(3);
  xml = Encode(wrong_number);
  ASSERT_FALSE(xml.ok());
  EXPECT_THAT(xml.status().message(), HasSubstr("fleet.motorbike.wheels"));

  // Absent values read as the fixed value.
  absl::StatusOr<pb::Shelter> read =
      Decode(R"(<Shelter xmlns="urn:dragoman:test:zoo"><currency/></Shelter>)");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->version(), "2.0");
  EXPECT_EQ(read->currency(), "EUR");
}

}  // namespace
}  // namespace dragoman
