#include "translators/runtime/scratch_arena.h"

#include <memory>

namespace dragoman {
namespace {

constexpr size_t kBlockSize = 16 * 1024;
thread_local std::unique_ptr<char[]> block;
thread_local bool in_use = false;

}  // namespace

ScratchArena::ScratchArena() : owner_(!in_use) {
  if (owner_) {
    in_use = true;
    if (block == nullptr) block.reset(new char[kBlockSize]);
    arena_.emplace(block.get(), kBlockSize);
  } else {
    arena_.emplace();
  }
}

ScratchArena::~ScratchArena() {
  arena_.reset();  // before the block is handed to the next call
  if (owner_) in_use = false;
}

}  // namespace dragoman
