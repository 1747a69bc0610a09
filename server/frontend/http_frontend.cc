#include "server/frontend/http_frontend.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>
#include <chrono>
#include <deque>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "dragoman/errors.pb.h"
#include "google/api/annotations.pb.h"
#include "server/frontend/http_rule.h"
#include "server/frontend/json_reader.h"
#include "server/frontend/json_writer.h"
#include "server/frontend/openapi.h"
#include "server/router/call.h"
#include "translators/runtime/json_string.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kRequestIdHeader = "x-request-id";
// Connect-Timeout-Ms holds at most 10 digits.
constexpr size_t kMaxTimeoutDigits = 10;

const google::protobuf::Message* Prototype(const google::protobuf::Descriptor* type) {
  return google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
}

std::string_view Header(const HttpRequest& request, std::string_view name) {
  auto it = request.find(boost::beast::string_view(name.data(), name.size()));
  if (it == request.end()) return {};
  return std::string_view(it->value().data(), it->value().size());
}

// The Connect error body for `status`: code, message and every typed payload as a detail
// (type, base64 value without padding, and its JSON form as "debug" when the type is known
// here). A CallInfo naming the request id is added when the status carries none.
std::string ErrorBody(const absl::Status& status, const std::string& request_id,
                      const std::string& backend) {
  std::string body = "{\"code\":";
  AppendJsonString(ConnectCodeName(status.code()), &body);
  StrAppend(&body, ",\"message\":");
  AppendJsonString(ToStd(status.message()), &body);
  StrAppend(&body, ",\"details\":[");
  bool first = true;
  bool has_call_info = false;
  auto add = [&](std::string_view type, const std::string& value) {
    StrAppend(&body, first ? "" : ",", "{\"type\":");
    first = false;
    AppendJsonString(type, &body);
    std::string encoded;
    absl::Base64Escape(value, &encoded);
    while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
    StrAppend(&body, ",\"value\":");
    AppendJsonString(encoded, &body);
    const google::protobuf::Descriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
            std::string(type));
    if (descriptor != nullptr) {
      std::unique_ptr<google::protobuf::Message> message(Prototype(descriptor)->New());
      std::string json;
      if (message->ParseFromString(value) &&
          WriteJson(*message, /*emit_defaults=*/false, /*proto_field_names=*/false, &json).ok()) {
        StrAppend(&body, ",\"debug\":", json);
      }
    }
    body.push_back('}');
  };
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    std::string_view type = ToStd(url);
    if (type.starts_with(kTypeUrlPrefix)) type.remove_prefix(kTypeUrlPrefix.size());
    if (type == CallInfo::descriptor()->full_name()) has_call_info = true;
    add(type, std::string(payload));
  });
  if (!has_call_info) {
    CallInfo info;
    info.set_request_id(request_id);
    info.set_backend(backend);
    add(CallInfo::descriptor()->full_name(), info.SerializeAsString());
  }
  body.append("]}");
  return body;
}

HttpResponse Respond(const HttpRequest& request, unsigned status, std::string_view content_type,
                     std::string body, const std::string& request_id) {
  HttpResponse response(static_cast<http::status>(status), request.version());
  response.set(http::field::content_type,
               boost::beast::string_view(content_type.data(), content_type.size()));
  response.set(boost::beast::string_view(kRequestIdHeader.data(), kRequestIdHeader.size()),
               request_id);
  response.body() = std::move(body);
  response.keep_alive(request.keep_alive());
  return response;
}

HttpResponse ErrorResponse(const HttpStatusTable& table, const HttpRequest& request,
                           const absl::Status& status, const std::string& request_id,
                           const std::string& backend, unsigned http_status = 0) {
  return Respond(request,
                 http_status != 0
                     ? http_status
                     : static_cast<unsigned>(table[static_cast<size_t>(status.code())]),
                 "application/json", ErrorBody(status, request_id, backend), request_id);
}

// What a Connect GET request carries in its query string.
struct ConnectGetQuery {
  bool json = false;
  // The request message in its encoding, decoded from the query.
  std::string message;
};

// Reads the query of a Connect GET request (connect=v1, encoding=json|proto, message=...,
// base64=1, compression=identity); other keys are ignored, as the protocol asks.
absl::StatusOr<ConnectGetQuery> ReadConnectGetQuery(std::string_view query) {
  std::optional<std::string> message, encoding, base64, compression, version;
  for (absl::string_view pair : absl::StrSplit(ToAbsl(query), '&', absl::SkipEmpty())) {
    const size_t equals = pair.find('=');
    const absl::string_view key = pair.substr(0, equals);
    std::optional<std::string>* slot = key == "message"       ? &message
                                       : key == "encoding"    ? &encoding
                                       : key == "base64"      ? &base64
                                       : key == "compression" ? &compression
                                       : key == "connect"     ? &version
                                                              : nullptr;
    if (slot == nullptr) continue;
    std::string value;
    const absl::string_view raw =
        equals == absl::string_view::npos ? absl::string_view() : pair.substr(equals + 1);
    if (!PercentDecode(ToStd(raw), /*plus_is_space=*/true, &value)) {
      return absl::InvalidArgumentError(
          StrCat("query parameter '", ToStd(key), "' has a bad percent escape"));
    }
    *slot = std::move(value);
  }
  if (version.has_value() && *version != "v1") {
    return absl::InvalidArgumentError(StrCat("connect=", *version, " is not v1"));
  }
  if (compression.has_value() && *compression != "identity") {
    return absl::UnimplementedError(
        StrCat("compression '", *compression, "' is not supported (only identity)"));
  }
  ConnectGetQuery out;
  if (!encoding.has_value() || (*encoding != "json" && *encoding != "proto")) {
    return absl::InvalidArgumentError(
        "a Connect GET request needs encoding=json or encoding=proto");
  }
  out.json = *encoding == "json";
  if (!message.has_value()) {
    return absl::InvalidArgumentError("a Connect GET request needs its message= parameter");
  }
  if (base64.value_or("") == "1") {
    // URL-safe base64, padding optional.
    if (!absl::WebSafeBase64Unescape(*message, &out.message)) {
      return absl::InvalidArgumentError("message= is not URL-safe base64 (base64=1)");
    }
  } else {
    out.message = *std::move(message);
  }
  return out;
}

}  // namespace

std::string_view ConnectCodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kCancelled:
      return "canceled";
    case absl::StatusCode::kInvalidArgument:
      return "invalid_argument";
    case absl::StatusCode::kDeadlineExceeded:
      return "deadline_exceeded";
    case absl::StatusCode::kNotFound:
      return "not_found";
    case absl::StatusCode::kAlreadyExists:
      return "already_exists";
    case absl::StatusCode::kPermissionDenied:
      return "permission_denied";
    case absl::StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case absl::StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case absl::StatusCode::kAborted:
      return "aborted";
    case absl::StatusCode::kOutOfRange:
      return "out_of_range";
    case absl::StatusCode::kUnimplemented:
      return "unimplemented";
    case absl::StatusCode::kInternal:
      return "internal";
    case absl::StatusCode::kUnavailable:
      return "unavailable";
    case absl::StatusCode::kDataLoss:
      return "data_loss";
    case absl::StatusCode::kUnauthenticated:
      return "unauthenticated";
    default:
      return "unknown";
  }
}

int ConnectHttpStatus(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    default:
      return 500;
  }
}

HttpFrontend::HttpFrontend(std::shared_ptr<const RouteTable> routes, JsonOptions json)
    : routes_(std::move(routes)), json_(json) {}

absl::StatusOr<std::unique_ptr<HttpFrontend>> HttpFrontend::Create(
    std::shared_ptr<const RouteTable> routes, JsonOptions json,
    const std::map<std::string, uint32_t>& status_overrides) {
  std::unique_ptr<HttpFrontend> frontend(new HttpFrontend(std::move(routes), json));
  auto table = std::make_shared<HttpStatusTable>();
  for (int code = 0; code < static_cast<int>(table->size()); ++code) {
    (*table)[static_cast<size_t>(code)] =
        code == 0 ? 200 : ConnectHttpStatus(static_cast<absl::StatusCode>(code));
  }
  for (const auto& [name, http_status] : status_overrides) {
    int code = 0;
    for (int candidate = 1; candidate < static_cast<int>(table->size()); ++candidate) {
      if (absl::StatusCodeToString(static_cast<absl::StatusCode>(candidate)) == name) {
        code = candidate;
      }
    }
    if (code == 0) {
      return absl::InvalidArgumentError(
          StrCat("http_status: '", name, "' is not a gRPC status name other than OK"));
    }
    if (http_status < 400 || http_status > 599) {
      return absl::InvalidArgumentError(
          StrCat("http_status.", name, ": ", http_status, " is not an HTTP error status"));
    }
    (*table)[static_cast<size_t>(code)] = static_cast<int>(http_status);
  }
  frontend->statuses_ = std::move(table);
  for (const auto& [service, paths] : frontend->routes_->MethodsByService()) {
    for (const std::string& path : paths) {
      const Route* route = frontend->routes_->Find(path);
      const google::api::HttpRule& rule =
          route->translator->method()->options().GetExtension(google::api::http);
      absl::StatusOr<std::vector<HttpBinding>> bindings = BindingsOf(rule);
      if (!bindings.ok()) return WithContext(bindings.status(), StrCat(path, " google.api.http"));
      for (HttpBinding& binding : *bindings) {
        frontend->rest_.push_back(RestRoute{std::move(binding), route});
      }
    }
  }
  absl::StatusOr<std::string> openapi = OpenApiDocument(*frontend->routes_, json);
  if (!openapi.ok()) return openapi.status();
  frontend->openapi_ = *std::move(openapi);
  return frontend;
}

void HttpFrontend::Handle(HttpRequest request, ResponseWriter respond) {
  std::string request_id(Header(request, kRequestIdHeader));
  if (!IsSafeRequestId(request_id)) request_id = NewRequestId();
  std::string_view target(request.target().data(), request.target().size());
  target = target.substr(0, target.find('?'));
  if (target == "/openapi.json" && request.method() == http::verb::get) {
    std::move(respond)(Respond(request, 200, "application/json", openapi_, request_id));
    return;
  }
  if (const Route* route = routes_->Find(target); route != nullptr) {
    HandleConnect(*route, std::move(request), std::move(request_id), std::move(respond));
    return;
  }
  if (HandleRest(request, request_id, respond)) return;
  std::move(respond)(ErrorResponse(
      *statuses_, request,
      absl::UnimplementedError(StrCat(target, " is not a routed method or REST path")), request_id,
      "", 404));
}

void HttpFrontend::DescribeError(unsigned status, std::string_view message,
                                 HttpResponse* response) const {
  absl::StatusCode code = absl::StatusCode::kInvalidArgument;
  if (status == 408) code = absl::StatusCode::kDeadlineExceeded;
  if (status == 413 || status == 431) code = absl::StatusCode::kResourceExhausted;
  response->set(http::field::content_type, "application/json");
  response->body() = ErrorBody(absl::Status(code, ToAbsl(message)), NewRequestId(), "");
}

void HttpFrontend::HandleConnect(const Route& route, HttpRequest request, std::string request_id,
                                 ResponseWriter respond) {
  const bool side_effect_free = route.translator->method()->options().idempotency_level() ==
                                google::protobuf::MethodOptions::NO_SIDE_EFFECTS;
  if (request.method() == http::verb::get && side_effect_free) {
    std::string_view target(request.target().data(), request.target().size());
    const size_t question = target.find('?');
    absl::StatusOr<ConnectGetQuery> query = ReadConnectGetQuery(
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1));
    if (!query.ok()) {
      std::move(respond)(
          ErrorResponse(*statuses_, request, query.status(), request_id, route.backend_name));
      return;
    }
    request.body() = std::move(query->message);
    ReadConnectUnary(route, std::move(request), query->json, std::move(request_id),
                     std::move(respond));
    return;
  }
  if (request.method() != http::verb::post) {
    HttpResponse response = ErrorResponse(
        *statuses_, request,
        absl::UnimplementedError(
            side_effect_free ? "Connect unary calls are POST, or GET with the message in the query"
                             : "Connect unary calls are POST requests (GET only for methods "
                               "marked idempotency_level = NO_SIDE_EFFECTS)"),
        request_id, route.backend_name, 405);
    response.set(http::field::allow, side_effect_free ? "GET, POST" : "POST");
    std::move(respond)(std::move(response));
    return;
  }
  // Media type without parameters: application/json; charset=utf-8 is JSON.
  std::string content_type(Header(request, "content-type"));
  content_type = absl::AsciiStrToLower(content_type.substr(0, content_type.find(';')));
  absl::StripAsciiWhitespace(&content_type);
  const bool json = content_type == "application/json";
  if (!json && content_type != "application/proto") {
    HttpResponse response = ErrorResponse(
        *statuses_, request,
        absl::InvalidArgumentError(StrCat("content type '", content_type,
                                          "' is neither application/json nor application/proto")),
        request_id, route.backend_name, 415);
    response.set("Accept-Post", "application/json, application/proto");
    std::move(respond)(std::move(response));
    return;
  }
  const std::string_view version = Header(request, "connect-protocol-version");
  if (!version.empty() && version != "1") {
    std::move(respond)(ErrorResponse(
        *statuses_, request,
        absl::InvalidArgumentError(StrCat("Connect-Protocol-Version '", version, "' is not 1")),
        request_id, route.backend_name));
    return;
  }
  ReadConnectUnary(route, std::move(request), json, std::move(request_id), std::move(respond));
}

void HttpFrontend::ReadConnectUnary(const Route& route, HttpRequest request, bool json,
                                    std::string request_id, ResponseWriter respond) {
  std::optional<Clock::time_point> caller_deadline;
  if (const std::string_view timeout = Header(request, "connect-timeout-ms"); !timeout.empty()) {
    uint64_t millis = 0;
    if (timeout.size() > kMaxTimeoutDigits || !absl::SimpleAtoi(ToAbsl(timeout), &millis)) {
      std::move(respond)(
          ErrorResponse(*statuses_, request,
                        absl::InvalidArgumentError("Connect-Timeout-Ms is not a number of ms"),
                        request_id, route.backend_name));
      return;
    }
    caller_deadline = Clock::now() + std::chrono::milliseconds(millis);
  }
  std::string request_bytes;
  if (json) {
    google::protobuf::Arena arena;
    google::protobuf::Message* message = route.request_prototype->New(&arena);
    const absl::Status parsed = ReadJson(request.body(), json_.ignore_unknown_fields, message);
    if (!parsed.ok()) {
      std::move(respond)(ErrorResponse(
          *statuses_, request,
          absl::InvalidArgumentError(StrCat("request is not a valid ", message->GetTypeName(),
                                            " in JSON: ", parsed.message())),
          request_id, route.backend_name));
      return;
    }
    message->SerializeToString(&request_bytes);
  } else {
    request_bytes = std::move(request.body());
  }
  Dispatch(route, std::make_shared<HttpRequest>(std::move(request)), std::move(request_bytes), json,
           "", caller_deadline, std::move(request_id), std::move(respond));
}

bool HttpFrontend::HandleRest(HttpRequest& request, const std::string& request_id,
                              ResponseWriter& respond) {
  std::string_view target(request.target().data(), request.target().size());
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  const std::string verb(request.method_string().data(), request.method_string().size());
  bool path_matched = false;
  for (const RestRoute& rest : rest_) {
    std::optional<std::vector<std::pair<std::string, std::string>>> bound =
        rest.binding.path.Match(path);
    if (!bound.has_value()) continue;
    path_matched = true;
    if (rest.binding.http_method != verb) continue;
    const Route& route = *rest.route;
    auto fail = [&](const absl::Status& status) {
      std::move(respond)(
          ErrorResponse(*statuses_, request, status, request_id, route.backend_name));
      return true;
    };
    google::protobuf::Arena arena;
    google::protobuf::Message* message = route.request_prototype->New(&arena);
    const std::string& body_field = rest.binding.body;
    const std::string& body = request.body();
    if (!body_field.empty() && body.find_first_not_of(" \t\r\n") != std::string::npos) {
      std::string json = body;
      if (body_field != "*") {
        const auto* field = message->GetDescriptor()->FindFieldByName(body_field);
        if (field == nullptr) {
          return fail(absl::InternalError(
              StrCat("body field '", body_field, "' is not in ", message->GetTypeName())));
        }
        json = StrCat("{\"", field->json_name(), "\":", body, "}");
      }
      const absl::Status parsed = ReadJson(json, json_.ignore_unknown_fields, message);
      if (!parsed.ok()) {
        return fail(absl::InvalidArgumentError(StrCat(
            "the body is not a valid ", body_field == "*" ? message->GetTypeName() : body_field,
            " in JSON: ", parsed.message())));
      }
    }
    for (const auto& [field_path, value] : *bound) {
      if (absl::Status status = SetFieldFromText(message, field_path, value); !status.ok()) {
        return fail(WithContext(status, "path"));
      }
    }
    if (body_field != "*") {
      for (absl::string_view pair : absl::StrSplit(ToAbsl(query), '&', absl::SkipEmpty())) {
        const size_t equals = pair.find('=');
        std::string key;
        std::string value;
        if (!PercentDecode(ToStd(pair.substr(0, equals)), true, &key) ||
            !PercentDecode(equals == absl::string_view::npos ? "" : ToStd(pair.substr(equals + 1)),
                           true, &value)) {
          return fail(absl::InvalidArgumentError("the query string has a bad % escape"));
        }
        if (absl::Status status = SetFieldFromText(message, key, value); !status.ok()) {
          return fail(WithContext(status, "query parameter"));
        }
      }
    }
    std::string request_bytes;
    message->SerializeToString(&request_bytes);
    Dispatch(route, std::make_shared<HttpRequest>(std::move(request)), std::move(request_bytes),
             /*json=*/true, rest.binding.response_body, std::nullopt, request_id,
             std::move(respond));
    return true;
  }
  if (path_matched) {
    std::move(respond)(ErrorResponse(
        *statuses_, request, absl::UnimplementedError(StrCat(verb, " is not mapped for ", path)),
        request_id, "", 405));
    return true;
  }
  return false;
}

void HttpFrontend::Dispatch(const Route& route, std::shared_ptr<HttpRequest> request,
                            std::string request_bytes, bool json, std::string response_body,
                            std::optional<Clock::time_point> caller_deadline,
                            std::string request_id, ResponseWriter respond) {
  // Binary metadata ("-bin" keys) travels base64-encoded in HTTP headers.
  std::deque<std::string> decoded;
  RunCall(
      route, request_bytes,
      [&request, &decoded](std::string_view key) -> std::optional<std::string_view> {
        const std::string_view value = Header(*request, key);
        if (value.empty()) return std::nullopt;
        if (!key.ends_with("-bin")) return value;
        std::string& bytes = decoded.emplace_back();
        if (!absl::Base64Unescape(ToAbsl(value), &bytes)) return std::nullopt;
        return std::string_view(bytes);
      },
      EffectiveDeadline(route, caller_deadline), request_id,
      [request, respond = std::move(respond), request_id, json, json_options = json_,
       response_body = std::move(response_body), route = &route, routes = routes_,
       statuses = statuses_](CallOutcome outcome) mutable {
        const HttpRequest& req = *request;
        if (!outcome.status.ok()) {
          std::move(respond)(
              ErrorResponse(*statuses, req, outcome.status, request_id, route->backend_name));
          return;
        }
        std::string body;
        if (json) {
          google::protobuf::Arena arena;
          google::protobuf::Message* reply = route->reply_prototype->New(&arena);
          const google::protobuf::Message* shown = reply;
          bool ok = reply->ParseFromString(outcome.reply_bytes);
          if (ok && !response_body.empty()) {
            const auto* field = reply->GetDescriptor()->FindFieldByName(response_body);
            ok = field != nullptr && !field->is_repeated() &&
                 field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE;
            if (ok) shown = &reply->GetReflection()->GetMessage(*reply, field);
          }
          if (!ok ||
              !WriteJson(*shown, json_options.emit_defaults, json_options.proto_field_names, &body)
                   .ok()) {
            std::move(respond)(ErrorResponse(
                *statuses, req, absl::InternalError("the reply cannot be written as JSON"),
                request_id, route->backend_name));
            return;
          }
        } else {
          body = std::move(outcome.reply_bytes);
        }
        HttpResponse response = Respond(req, 200, json ? "application/json" : "application/proto",
                                        std::move(body), request_id);
        for (const auto& [key, value] : outcome.reply_metadata) {
          std::string text = value;
          if (key.ends_with("-bin")) absl::Base64Escape(value, &text);
          response.insert(boost::beast::string_view(key.data(), key.size()), text);
        }
        std::move(respond)(std::move(response));
      });
}

}  // namespace dragoman
