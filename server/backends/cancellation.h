// Lets a front end tell the backend that a call's caller is gone (it cancelled, or the drain
// time ran out), so the attempt in flight stops and gives its connection back or closes it,
// instead of holding it until the deadline.
#ifndef DRAGOMAN_SERVER_BACKENDS_CANCELLATION_H_
#define DRAGOMAN_SERVER_BACKENDS_CANCELLATION_H_

#include <mutex>
#include <utility>

#include "absl/functional/any_invocable.h"

namespace dragoman {

// One call's cancellation: the front end cancels, the transport carrying the current attempt
// registers what to do then. Thread-safe. The mutex guards one pointer swap; it is contended
// only at the moment a call is cancelled.
class Cancellation {
 public:
  // What a transport does when the call is cancelled; it must be quick and thread-safe (post to
  // the call's loop).
  using Action = absl::AnyInvocable<void() &&>;

  // Registers `action` in place of any earlier one. Returns false, keeping nothing, when the
  // call is cancelled already.
  bool OnCancel(Action action) {
    std::lock_guard<std::mutex> lock(mu_);
    if (cancelled_) return false;
    action_ = std::move(action);
    return true;
  }
  // Drops the registered action (its attempt is over).
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    action_ = nullptr;
  }
  // Cancels the call: runs the registered action, once.
  void Cancel() {
    Action action;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (cancelled_) return;
      cancelled_ = true;
      action = std::move(action_);
    }
    if (action) std::move(action)();
  }
  // True once Cancel ran.
  bool cancelled() const {
    std::lock_guard<std::mutex> lock(mu_);
    return cancelled_;
  }

 private:
  mutable std::mutex mu_;
  bool cancelled_ = false;
  Action action_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_BACKENDS_CANCELLATION_H_
