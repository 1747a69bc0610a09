// Structured, line-oriented logging to stderr: one logfmt line per event, written with a single
// write so concurrent lines never interleave.
#ifndef DRAGOMAN_SERVER_OBSERVABILITY_LOG_H_
#define DRAGOMAN_SERVER_OBSERVABILITY_LOG_H_

#include <string>
#include <string_view>

namespace dragoman::log {

// Severity of a line.
enum class Level { kDebug, kInfo, kWarn, kError };

// Lines below `level` are dropped.
void SetLevel(Level level);
// Parses "debug", "info", "warn" or "error"; false for anything else.
bool ParseLevel(std::string_view text, Level* level);
// True if lines at `level` are written.
bool Enabled(Level level);

// Writes `ts=... level=... msg="<message>" <fields>`; `fields` is preformatted "k=v k=v".
void Write(Level level, std::string_view message, std::string_view fields = {});

// Quotes a value for logfmt when it contains spaces, quotes or '='.
std::string Quote(std::string_view value);

}  // namespace dragoman::log

#endif  // DRAGOMAN_SERVER_OBSERVABILITY_LOG_H_
