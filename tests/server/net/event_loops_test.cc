#include "server/net/event_loops.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <set>
#include <thread>

namespace dragoman {
namespace {

TEST(EventLoopsTest, AtLeastOneLoop) {
  EventLoops loops(0);
  EXPECT_EQ(loops.size(), 1u);
}

TEST(EventLoopsTest, PickCyclesThroughEveryLoop) {
  EventLoops loops(3);
  std::set<std::size_t> seen;
  for (int i = 0; i < 3; ++i) {
    const EventLoops::Picked picked = loops.PickWithIndex();
    EXPECT_EQ(&picked.context, &loops.loop(picked.index));
    seen.insert(picked.index);
  }
  EXPECT_EQ(seen.size(), 3u);
}

TEST(EventLoopsTest, EachLoopRunsOnItsOwnThreadAndKnowsItsIndex) {
  EventLoops loops(2);
  loops.Start();
  std::promise<std::pair<std::thread::id, std::optional<std::size_t>>> on0, on1;
  boost::asio::post(loops.loop(0), [&] {
    on0.set_value({std::this_thread::get_id(), loops.CurrentIndex()});
  });
  boost::asio::post(loops.loop(1), [&] {
    on1.set_value({std::this_thread::get_id(), loops.CurrentIndex()});
  });
  const auto [thread0, index0] = on0.get_future().get();
  const auto [thread1, index1] = on1.get_future().get();
  EXPECT_NE(thread0, thread1);
  EXPECT_NE(thread0, std::this_thread::get_id());
  EXPECT_EQ(index0, std::optional<std::size_t>(0));
  EXPECT_EQ(index1, std::optional<std::size_t>(1));
  EXPECT_EQ(loops.CurrentIndex(), std::nullopt);
  loops.Stop();
}

TEST(EventLoopsTest, PickForCallerStaysOnTheCallersLoop) {
  EventLoops loops(4);
  loops.Start();
  std::promise<std::size_t> picked;
  boost::asio::post(loops.loop(2), [&] { picked.set_value(loops.PickForCaller().index); });
  EXPECT_EQ(picked.get_future().get(), 2u);
  loops.Stop();
}

TEST(EventLoopsTest, StopJoinsIdleLoopsAndIsIdempotent) {
  EventLoops loops(2);
  loops.Start();
  EXPECT_TRUE(loops.running());
  loops.Stop();
  EXPECT_FALSE(loops.running());
  loops.Stop();
}

TEST(EventLoopsTest, WorkPostedFromManyThreadsAllRuns) {
  EventLoops loops(2);
  loops.Start();
  std::atomic<int> count{0};
  std::promise<void> all_done;
  constexpr int kTasks = 1000;
  std::vector<std::thread> posters;
  for (int t = 0; t < 4; ++t) {
    posters.emplace_back([&] {
      for (int i = 0; i < kTasks / 4; ++i) {
        boost::asio::post(loops.Pick(), [&] {
          if (count.fetch_add(1) + 1 == kTasks) all_done.set_value();
        });
      }
    });
  }
  for (auto& t : posters) t.join();
  EXPECT_EQ(all_done.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  loops.Stop();
}

}  // namespace
}  // namespace dragoman
