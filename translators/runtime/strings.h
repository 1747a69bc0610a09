// std::string_view interop with Debian 12's Abseil.
//
// Debian builds Abseil with ABSL_OPTION_USE_STD_STRING_VIEW=0, so absl::string_view is a type of
// its own and neither converts to the other. The project speaks std::string_view; these
// wrappers let absl's string utilities take it without copies.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_STRINGS_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_STRINGS_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace dragoman {

// absl::string_view over the same bytes as `s`.
inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }
// std::string_view over the same bytes as `s`.
inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }

namespace strings_internal {
template <typename T>
decltype(auto) Adapt(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return ToAbsl(value);
  } else {
    return (value);
  }
}
}  // namespace strings_internal

// absl::StrCat that also accepts std::string_view arguments.
template <typename... Args>
std::string StrCat(const Args&... args) {
  return absl::StrCat(strings_internal::Adapt(args)...);
}

// absl::StrAppend that also accepts std::string_view arguments.
template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  absl::StrAppend(out, strings_internal::Adapt(args)...);
}

// absl::StrJoin that also accepts ranges of std::string_view.
template <typename Range>
std::string StrJoin(const Range& range, std::string_view separator) {
  std::string out;
  bool first = true;
  for (const auto& item : range) {
    StrAppend(&out, first ? std::string_view() : separator, item);
    first = false;
  }
  return out;
}

}  // namespace dragoman

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_STRINGS_H_
