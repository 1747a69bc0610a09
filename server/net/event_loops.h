// A fixed set of single-threaded I/O loops. Everything belonging to one call (its connection,
// timers, pool slot) stays on the loop that started it, so per-loop state needs no locks.
#ifndef DRAGOMAN_SERVER_NET_EVENT_LOOPS_H_
#define DRAGOMAN_SERVER_NET_EVENT_LOOPS_H_

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace dragoman {

// N io_contexts, each run by exactly one thread. Components built on the loops (servers,
// backends) must be stopped and destroyed before the EventLoops that runs them.
class EventLoops {
 public:
  // A loop together with its position, so callers can index their per-loop state.
  struct Picked {
    // Position in [0, size()).
    std::size_t index;
    // The loop's context.
    boost::asio::io_context& context;
  };

  // Creates `threads` loops (at least one); nothing runs until Start().
  explicit EventLoops(std::size_t threads);
  // Stops and joins the threads if still running.
  ~EventLoops();

  EventLoops(const EventLoops&) = delete;
  EventLoops& operator=(const EventLoops&) = delete;

  // Starts one thread per loop. Call once.
  void Start();
  // Stops every loop and joins its thread. Handlers still queued are not run; they are destroyed
  // with the loops. Must not be called from a loop thread. Idempotent.
  void Stop();

  // The next loop in round-robin order; safe from any thread.
  boost::asio::io_context& Pick() { return PickWithIndex().context; }
  // Like Pick(), with the loop's index.
  Picked PickWithIndex();
  // The calling thread's own loop when it is one of ours, else the next round-robin loop: keeps
  // work started from a loop on that loop.
  Picked PickForCaller();

  // Number of loops.
  std::size_t size() const { return loops_.size(); }
  // The loop at `index`, which must be below size().
  boost::asio::io_context& loop(std::size_t index) { return loops_[index]->context; }
  // Index of the loop the calling thread runs, if it runs one of this object's loops.
  std::optional<std::size_t> CurrentIndex() const;
  // True between Start() and Stop().
  bool running() const { return running_.load(std::memory_order_acquire); }

 private:
  struct Loop {
    Loop() : context(1), guard(context.get_executor()) {}
    boost::asio::io_context context;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard;
    std::thread thread;
  };

  std::vector<std::unique_ptr<Loop>> loops_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> running_{false};
  bool started_ = false;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_NET_EVENT_LOOPS_H_
