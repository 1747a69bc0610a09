#include "server/net/event_loops.h"

#include <algorithm>
#include <cassert>

namespace dragoman {
namespace {

// Which EventLoops and which of its loops the current thread runs; null on other threads.
thread_local const EventLoops* current_owner = nullptr;
thread_local std::size_t current_index = 0;

}  // namespace

EventLoops::EventLoops(std::size_t threads) {
  const std::size_t count = std::max<std::size_t>(threads, 1);
  loops_.reserve(count);
  for (std::size_t i = 0; i < count; ++i) loops_.push_back(std::make_unique<Loop>());
}

EventLoops::~EventLoops() { Stop(); }

void EventLoops::Start() {
  if (started_) return;
  started_ = true;
  running_.store(true, std::memory_order_release);
  for (std::size_t i = 0; i < loops_.size(); ++i) {
    Loop* loop = loops_[i].get();
    loop->thread = std::thread([this, loop, i] {
      current_owner = this;
      current_index = i;
      // run() only returns on stop(): the work guard keeps it alive while idle, and handlers do
      // not throw (the request path reports errors through absl::Status).
      loop->context.run();
      current_owner = nullptr;
    });
  }
}

void EventLoops::Stop() {
  const bool was_running = running_.exchange(false, std::memory_order_acq_rel);
  if (!was_running) return;
  // Joining our own thread would deadlock; a loop must never stop the set that runs it.
  assert(current_owner != this);
  for (auto& loop : loops_) {
    loop->guard.reset();
    loop->context.stop();
  }
  for (auto& loop : loops_) {
    if (!loop->thread.joinable()) continue;
    if (loop->thread.get_id() == std::this_thread::get_id()) {
      loop->thread.detach();
    } else {
      loop->thread.join();
    }
  }
}

EventLoops::Picked EventLoops::PickWithIndex() {
  // Relaxed is enough: the counter only spreads load, it orders nothing.
  const std::size_t index = next_.fetch_add(1, std::memory_order_relaxed) % loops_.size();
  return Picked{index, loops_[index]->context};
}

EventLoops::Picked EventLoops::PickForCaller() {
  if (current_owner == this) return Picked{current_index, loops_[current_index]->context};
  return PickWithIndex();
}

std::optional<std::size_t> EventLoops::CurrentIndex() const {
  if (current_owner == this) return current_index;
  return std::nullopt;
}

}  // namespace dragoman
