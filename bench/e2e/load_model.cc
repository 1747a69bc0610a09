#include "bench/e2e/load_model.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace dragoman::bench {

LoadModel::LoadModel(int connections, double rate_per_second, Clock::duration warmup,
                     Clock::duration duration, Send send)
    : connections_(connections),
      rate_(rate_per_second),
      warmup_(warmup),
      duration_(duration),
      send_(std::move(send)),
      started_at_(static_cast<size_t>(connections)) {}

void LoadModel::Start(Clock::time_point now) {
  start_ = now;
  measure_from_ = now + warmup_;
  end_ = measure_from_ + duration_;
  idle_slots_.clear();
  // Reversed so slot 0 is used first.
  for (int slot = connections_ - 1; slot >= 0; --slot) idle_slots_.push_back(slot);
  if (rate_ > 0) {
    Tick(now);
  } else {
    Dispatch(now);
  }
}

Clock::time_point LoadModel::NextArrival() const {
  const auto offset = std::chrono::duration<double>(static_cast<double>(arrivals_) / rate_);
  return start_ + std::chrono::duration_cast<Clock::duration>(offset);
}

Clock::time_point LoadModel::NextTick(Clock::time_point now) const {
  if (now >= end_) return Clock::time_point::max();
  return rate_ > 0 ? std::min(NextArrival(), end_) : end_;
}

void LoadModel::Tick(Clock::time_point now) {
  if (rate_ <= 0) return;
  for (Clock::time_point due = NextArrival(); due <= now && due < end_; due = NextArrival()) {
    queued_.push_back(due);
    ++arrivals_;
  }
  Dispatch(now);
}

void LoadModel::Dispatch(Clock::time_point now) {
  while (!idle_slots_.empty()) {
    Clock::time_point scheduled;
    if (rate_ > 0) {
      if (queued_.empty()) return;
      scheduled = queued_.front();
      queued_.pop_front();
    } else {
      if (now >= end_) return;
      scheduled = now;
    }
    // Waited over a millisecond for a free connection: the rate was more than they could carry.
    if (rate_ > 0 && scheduled >= measure_from_ && now - scheduled > std::chrono::milliseconds(1)) {
      ++result_.late_starts;
    }
    const int slot = idle_slots_.back();
    idle_slots_.pop_back();
    started_at_[static_cast<size_t>(slot)] = scheduled;
    ++in_flight_;
    send_(slot);
  }
}

void LoadModel::Done(int slot, Clock::time_point now, const std::string& error) {
  --in_flight_;
  const Clock::time_point scheduled = started_at_[static_cast<size_t>(slot)];
  if (scheduled >= measure_from_ && scheduled < end_) {
    ++result_.requests;
    if (error.empty()) {
      result_.latencies_ns.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - scheduled).count());
    } else {
      ++result_.errors;
      if (result_.first_error.empty()) result_.first_error = error;
    }
  }
  idle_slots_.push_back(slot);
  Dispatch(now);
}

bool LoadModel::Finished(Clock::time_point now) const {
  return now >= end_ && in_flight_ == 0 && queued_.empty();
}

LoadResult LoadModel::Result() const {
  LoadResult result = result_;
  result.seconds = std::chrono::duration<double>(duration_).count();
  return result;
}

double QuantileMicros(const std::vector<int64_t>& sorted_ns, double quantile) {
  if (sorted_ns.empty()) return 0;
  const auto rank =
      static_cast<size_t>(std::ceil(quantile * static_cast<double>(sorted_ns.size())));
  const size_t index = std::min(sorted_ns.size() - 1, rank == 0 ? 0 : rank - 1);
  return static_cast<double>(sorted_ns[index]) / 1000.0;
}

}  // namespace dragoman::bench
