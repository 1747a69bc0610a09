// Framing codecs: every way of splitting a stream, limits enforced before any allocation, and
// frames that round-trip.
#include "server/backends/framing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace dragoman::framing {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<Framer> Make(const FramingOptions& options) {
  absl::StatusOr<std::unique_ptr<Framer>> framer = MakeFramer(options);
  EXPECT_TRUE(framer.ok()) << framer.status();
  return framer.ok() ? *std::move(framer) : nullptr;
}

// Every framing under test, with the frame it must make of "HELLO".
struct Expected {
  const char* what;
  FramingOptions options;
  std::string frame;
};

std::vector<Expected> AllFramings() {
  using Kind = FramingOptions::Kind;
  return {
      {"4-byte big-endian", {Kind::kLengthPrefix}, std::string("\0\0\0\5HELLO", 9)},
      {"2-byte little-endian",
       {.prefix_bytes = 2, .little_endian = true},
       std::string("\5\0HELLO", 7)},
      {"4-byte including itself",
       {.length_includes_prefix = true},
       std::string("\0\0\0\x09HELLO", 9)},
      {"RDW", {.kind = Kind::kRdw}, std::string("\0\x09\0\0HELLO", 9)},
      {"LLZZ", {.kind = Kind::kLlzz}, std::string("\0\x09\0\0HELLO", 9)},
      {"fixed", {.kind = Kind::kFixed, .fixed_length = 5}, "HELLO"},
  };
}

TEST(FramingTest, FramesRoundTripAndSplitAnywhere) {
  for (const Expected& e : AllFramings()) {
    SCOPED_TRACE(e.what);
    auto framer = Make(e.options);
    ASSERT_NE(framer, nullptr);
    std::string frame;
    ASSERT_TRUE(framer->Encode("HELLO", &frame).ok());
    EXPECT_EQ(frame, e.frame);
    // Any prefix of a frame needs more; the whole one is one frame; two follow each other.
    for (size_t cut = 0; cut < frame.size(); ++cut) {
      EXPECT_EQ(framer->Decode(std::string_view(frame).substr(0, cut)).state, Decoded::kNeedMore)
          << cut;
    }
    const std::string two = frame + frame;
    Frame first = framer->Decode(two);
    ASSERT_EQ(first.state, Decoded::kFrame);
    EXPECT_EQ(first.record, "HELLO");
    EXPECT_EQ(first.consumed, frame.size());
    Frame second = framer->Decode(std::string_view(two).substr(first.consumed));
    ASSERT_EQ(second.state, Decoded::kFrame);
    EXPECT_EQ(second.record, "HELLO");
  }
}

TEST(FramingTest, LengthsBeyondTheLimitFailBeforeTheRecordArrives) {
  // Only the header has arrived; a 2 GB length must not wait for (or allocate) 2 GB.
  auto framer = Make({.max_record = 1024});
  Frame frame = framer->Decode(std::string("\x7f\xff\xff\xff", 4));
  EXPECT_EQ(frame.state, Decoded::kError);
  EXPECT_THAT(frame.error, HasSubstr("exceeds the limit of 1024"));
  auto rdw = Make({.kind = FramingOptions::Kind::kRdw, .max_record = 100});
  EXPECT_EQ(rdw->Decode(std::string("\x10\x00\0\0", 4)).state, Decoded::kError);
}

TEST(FramingTest, MalformedHeadersAreErrors) {
  auto inclusive = Make({.length_includes_prefix = true});
  EXPECT_THAT(inclusive->Decode(std::string("\0\0\0\3", 4)).error,
              HasSubstr("shorter than the prefix"));
  auto rdw = Make({.kind = FramingOptions::Kind::kRdw});
  EXPECT_THAT(rdw->Decode(std::string("\0\x09\0\1HELLO", 9)).error,
              HasSubstr("reserved bytes are not zero"));
  EXPECT_THAT(rdw->Decode(std::string("\0\x02\0\0", 4)).error,
              HasSubstr("shorter than its header"));
  // IMS puts flags in ZZ: read as anything.
  auto llzz = Make({.kind = FramingOptions::Kind::kLlzz});
  EXPECT_EQ(llzz->Decode(std::string("\0\x09\x80\0HELLO", 9)).state, Decoded::kFrame);
}

TEST(FramingTest, RecordsThatCannotBeFramedAreRefused) {
  std::string out;
  auto two = Make({.prefix_bytes = 2});
  EXPECT_THAT(two->Encode(std::string(70000, 'x'), &out).message(), HasSubstr("cannot be framed"));
  auto fixed = Make({.kind = FramingOptions::Kind::kFixed, .fixed_length = 8});
  EXPECT_THAT(fixed->Encode("short", &out).message(), HasSubstr("not the fixed length 8"));
  EXPECT_FALSE(MakeFramer({.prefix_bytes = 3}).ok());
  EXPECT_FALSE(MakeFramer({.kind = FramingOptions::Kind::kFixed}).ok());
}

}  // namespace
}  // namespace dragoman::framing
