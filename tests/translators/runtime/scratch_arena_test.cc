// The per-thread scratch arena both translators build their messages on: reused from call to
// call, and never shared by two calls that are alive at once.
#include "translators/runtime/scratch_arena.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>

namespace dragoman {
namespace {

TEST(ScratchArenaTest, ACallAfterTheLastOneReusesItsBuffer) {
  const void* first = nullptr;
  {
    ScratchArena arena;
    first = google::protobuf::Arena::Create<std::string>(arena.get());
  }
  ScratchArena arena;
  EXPECT_EQ(google::protobuf::Arena::Create<std::string>(arena.get()), first);
}

TEST(ScratchArenaTest, ANestedCallGetsMemoryOfItsOwn) {
  ScratchArena outer;
  auto* kept = google::protobuf::Arena::Create<std::string>(outer.get(), "outer's value");
  {
    ScratchArena inner;
    auto* other = google::protobuf::Arena::Create<std::string>(inner.get(), "inner's value");
    EXPECT_NE(other, kept);
    EXPECT_EQ(*other, "inner's value");
  }
  EXPECT_EQ(*kept, "outer's value");
  // The outer call still owns the thread's buffer: another arena now is a plain one too.
  ScratchArena sibling;
  EXPECT_NE(google::protobuf::Arena::Create<std::string>(sibling.get()), kept);
}

TEST(ScratchArenaTest, ThreadsHaveBuffersOfTheirOwn) {
  ScratchArena here;
  const void* mine = google::protobuf::Arena::Create<std::string>(here.get());
  const void* theirs = nullptr;
  std::thread([&] {
    ScratchArena there;
    theirs = google::protobuf::Arena::Create<std::string>(there.get());
  }).join();
  EXPECT_NE(theirs, mine);
}

TEST(ScratchArenaTest, MoreThanTheBufferGrowsTheArena) {
  ScratchArena arena;
  // Four times the 16 KB buffer, from the arena itself: it must spill into blocks of its own.
  char* big = google::protobuf::Arena::CreateArray<char>(arena.get(), 64 * 1024);
  std::fill(big, big + 64 * 1024, 'x');
  EXPECT_GE(arena.get()->SpaceAllocated(), 64u * 1024);
  EXPECT_EQ(big[64 * 1024 - 1], 'x');
}

}  // namespace
}  // namespace dragoman
