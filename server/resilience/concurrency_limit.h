// A cap on calls in flight that refuses instead of queueing: a full route fails fast with
// RESOURCE_EXHAUSTED, so one slow route cannot hold every slot of a backend it shares.
#ifndef DRAGOMAN_SERVER_RESILIENCE_CONCURRENCY_LIMIT_H_
#define DRAGOMAN_SERVER_RESILIENCE_CONCURRENCY_LIMIT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>

namespace dragoman {

// Counts calls in flight against `max`. Thread-safe and lock-free.
class ConcurrencyLimit {
 public:
  // A slot held by one call; releases it when destroyed. Empty slots hold nothing.
  class Slot {
   public:
    // An empty slot.
    Slot() = default;
    // Holds one of `limit`'s slots, already counted.
    explicit Slot(ConcurrencyLimit* limit) : limit_(limit) {}
    // Slots move; the moved-from one holds nothing.
    Slot(Slot&& other) noexcept : limit_(std::exchange(other.limit_, nullptr)) {}
    Slot& operator=(Slot&& other) noexcept {
      if (this != &other) {
        Release();
        limit_ = std::exchange(other.limit_, nullptr);
      }
      return *this;
    }
    ~Slot() { Release(); }

   private:
    void Release() {
      if (limit_ != nullptr) limit_->in_flight_.fetch_sub(1, std::memory_order_acq_rel);
      limit_ = nullptr;
    }
    ConcurrencyLimit* limit_ = nullptr;
  };

  // A limit of `max` calls at once.
  explicit ConcurrencyLimit(uint32_t max) : max_(max) {}

  // A slot, or false when `max` calls are in flight already.
  bool TryAcquire(Slot* slot) {
    if (in_flight_.fetch_add(1, std::memory_order_acq_rel) >= max_) {
      in_flight_.fetch_sub(1, std::memory_order_acq_rel);
      return false;
    }
    *slot = Slot(this);
    return true;
  }
  // The cap.
  uint32_t max() const { return max_; }
  // Calls in flight now.
  uint32_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  const uint32_t max_;
  std::atomic<uint32_t> in_flight_{0};
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_RESILIENCE_CONCURRENCY_LIMIT_H_
