// The translators every fuzzer exercises, registered once per process.
#ifndef DRAGOMAN_TESTS_FUZZ_FUZZ_REGISTRY_H_
#define DRAGOMAN_TESTS_FUZZ_FUZZ_REGISTRY_H_

#include "server/all_translators.h"

namespace dragoman::fuzz {

// Every translator built into this binary; registration failing is a build bug, so it traps.
inline const TranslatorRegistry& Registry() {
  static const TranslatorRegistry* registry = [] {
    auto* r = new TranslatorRegistry();
    if (!RegisterAllTranslators(*r).ok()) __builtin_trap();
    return r;
  }();
  return *registry;
}

}  // namespace dragoman::fuzz

#endif  // DRAGOMAN_TESTS_FUZZ_FUZZ_REGISTRY_H_
