// A protobuf arena for one translation: its first block is this thread's scratch buffer,
// reused from call to call, so the messages of a typical call cost no malloc (a larger one
// grows the arena as usual). Shared by the SOAP and record translators.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_SCRATCH_ARENA_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_SCRATCH_ARENA_H_

#include <google/protobuf/arena.h>

#include <cstddef>
#include <optional>

namespace dragoman {

// Lives on the stack of one call. A call that nests inside another on the same thread gets a
// plain arena. The buffer is allocated on a thread's first use, so threads that never
// translate do not carry it.
class ScratchArena {
 public:
  // Takes this thread's buffer when it is free.
  ScratchArena();
  // Frees the arena's objects, then hands the buffer back.
  ~ScratchArena();
  ScratchArena(const ScratchArena&) = delete;
  ScratchArena& operator=(const ScratchArena&) = delete;

  // The arena to allocate the call's messages on.
  google::protobuf::Arena* get() { return &*arena_; }

 private:
  bool owner_;
  std::optional<google::protobuf::Arena> arena_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_SCRATCH_ARENA_H_
