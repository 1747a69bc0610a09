#include "server/router/call.h"

#include <cstdint>
#include <random>

#include "absl/strings/ascii.h"
#include "server/observability/log.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

using Clock = std::chrono::steady_clock;

// Caller-supplied request ids longer than this are replaced.
constexpr size_t kMaxRequestIdLength = 128;

void LogCall(const Route& route, const std::string& request_id, const absl::Status& status,
             Clock::time_point started) {
  const log::Level level = status.ok() ? log::Level::kInfo : log::Level::kWarn;
  if (!log::Enabled(level)) return;
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
  std::string fields =
      StrCat("request_id=", request_id, " method=", route.translator->method_path(),
             " backend=", route.backend_name, " status=", absl::StatusCodeToString(status.code()),
             " duration_us=", micros);
  if (!status.ok()) StrAppend(&fields, " error=", log::Quote(ToStd(status.message())));
  log::Write(level, "call", fields);
}

}  // namespace

std::string NewRequestId() {
  thread_local std::mt19937_64 random(std::random_device{}());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  // Two 64-bit draws, written as 32 hex digits without going through printf.
  for (int half = 0; half < 2; ++half) {
    uint64_t bits = random();
    for (int digit = 15; digit >= 0; --digit, bits >>= 4) id[half * 16 + digit] = kHex[bits & 15];
  }
  return id;
}

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
        c != ':') {
      return false;
    }
  }
  return true;
}

Clock::time_point EffectiveDeadline(const Route& route,
                                    std::optional<Clock::time_point> caller_deadline) {
  const Clock::time_point now = Clock::now();
  if (!caller_deadline.has_value()) return now + route.timeout;
  return std::min(*caller_deadline, now + route.max_timeout);
}

void RunCall(const Route& route, std::string_view request_bytes, HeaderMetadata::Lookup metadata,
             Clock::time_point deadline, std::string request_id, CallDone done,
             std::shared_ptr<Cancellation> cancellation) {
  const Clock::time_point started = Clock::now();
  auto finish = [&route, started](const std::string& id, CallOutcome outcome, CallDone& callback) {
    LogCall(route, id, outcome.status, started);
    std::move(callback)(std::move(outcome));
  };
  // Held until the call is done, whichever way it ends.
  ConcurrencyLimit::Slot slot;
  if (route.concurrency != nullptr && !route.concurrency->TryAcquire(&slot)) {
    finish(request_id,
           CallOutcome{absl::ResourceExhaustedError(
                           StrCat(route.translator->method_path(), ": ", route.concurrency->max(),
                                  " calls already in flight on this route (max_concurrency)")),
                       {},
                       {}},
           done);
    return;
  }
  std::string with_headers;
  if (!route.header_metadata.empty()) {
    // Headers the user maps to metadata come from the call, into the request's header fields.
    with_headers.assign(request_bytes);
    absl::Status applied = route.header_metadata.ApplyToRequest(metadata, &with_headers);
    if (!applied.ok()) {
      finish(request_id, CallOutcome{applied, {}, {}}, done);
      return;
    }
    request_bytes = with_headers;
  }
  BackendRequest backend_request;
  absl::Status encoded = route.translator->EncodeRequest(request_bytes, &backend_request);
  if (!encoded.ok()) {
    finish(request_id, CallOutcome{encoded, {}, {}}, done);
    return;
  }
  if (deadline <= Clock::now()) {
    finish(
        request_id,
        CallOutcome{absl::DeadlineExceededError("deadline passed before the backend call"), {}, {}},
        done);
    return;
  }
  const Translator* translator = route.translator;
  const HeaderMetadata* header_metadata = &route.header_metadata;
  // The route outlives its calls: a reload swaps in a new table, the old one lives on in
  // the shared_ptr the front end holds for the call.
  const Route* route_ptr = &route;
  CallContext call{deadline,
                   request_id,
                   {},
                   route.idempotent,
                   &route.forward_reply_headers,
                   std::move(cancellation)};
  for (const std::string& name : route.forward_request_headers) {
    std::optional<std::string_view> value = metadata(name);
    if (!value.has_value()) continue;
    call.headers.emplace_back(name, *value);
  }
  route.backend->Send(std::move(backend_request), std::move(call),
                      [translator, header_metadata, route_ptr, started,
                       request_id = std::move(request_id), done = std::move(done),
                       slot = std::move(slot)](absl::StatusOr<BackendReply> result) mutable {
                        CallOutcome outcome;
                        if (!result.ok()) {
                          outcome.status = result.status();
                        } else {
                          outcome.reply_metadata = std::move(result->headers);
                          outcome.status =
                              translator->DecodeReply(result->payload, &outcome.reply_bytes);
                          if (outcome.status.ok() && !header_metadata->empty()) {
                            // Reply headers the user maps to metadata leave the message.
                            outcome.status = header_metadata->MoveFromReply(
                                &outcome.reply_bytes, &outcome.reply_metadata);
                          }
                        }
                        LogCall(*route_ptr, request_id, outcome.status, started);
                        // The route's slot frees before the caller hears back, so a caller
                        // keeping exactly max_concurrency calls going is never refused.
                        slot = ConcurrencyLimit::Slot();
                        std::move(done)(std::move(outcome));
                      });
}

}  // namespace dragoman
