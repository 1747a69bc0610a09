#include "server/router/route_table.h"

#include <google/protobuf/util/time_util.h>

#include "dragoman/options.pb.h"
#include "translators/runtime/strings.h"

namespace dragoman {

bool RouteMatches(const config::Route& route, const google::protobuf::MethodDescriptor* method) {
  const bool is_method = route.match().find('/') != std::string::npos;
  return is_method ? route.match() == StrCat(method->service()->full_name(), "/", method->name())
                   : route.match() == method->service()->full_name();
}

absl::StatusOr<std::shared_ptr<const RouteTable>> RouteTable::Build(
    const config::Config& config, const TranslatorRegistry& registry,
    const std::map<std::string, Backend*>& backends) {
  auto table = std::make_shared<RouteTable>();
  table->registry_ = &registry;
  // Method routes override service routes whatever their order in the file.
  std::map<std::string, int> specificity;
  for (int i = 0; i < config.routes_size(); ++i) {
    const config::Route& route = config.routes(i);
    auto backend = backends.find(route.backend());
    if (backend == backends.end()) {
      return absl::InvalidArgumentError(
          StrCat("routes[", i, "].backend: no backend named '", route.backend(), "'"));
    }
    const bool is_method = route.match().find('/') != std::string::npos;
    std::shared_ptr<ConcurrencyLimit> concurrency;
    if (route.max_concurrency() > 0) {
      concurrency = std::make_shared<ConcurrencyLimit>(route.max_concurrency());
    }
    int matched = 0;
    for (const auto& translator : registry.all()) {
      const google::protobuf::MethodDescriptor* method = translator->method();
      if (!RouteMatches(route, method)) continue;
      ++matched;
      const std::string& path = translator->method_path();
      const int level = is_method ? 2 : 1;
      if (specificity[path] >= level) {
        if (specificity[path] == level) {
          return absl::InvalidArgumentError(
              StrCat("routes[", i, "].match: ", path, " is already routed by an earlier route"));
        }
        continue;
      }
      specificity[path] = level;
      Route& entry = table->routes_[path];
      entry.translator = translator.get();
      entry.backend = backend->second;
      entry.backend_name = route.backend();
      entry.timeout = std::chrono::milliseconds(
          google::protobuf::util::TimeUtil::DurationToMilliseconds(route.timeout()));
      entry.max_timeout =
          route.has_max_timeout()
              ? std::chrono::milliseconds(
                    google::protobuf::util::TimeUtil::DurationToMilliseconds(route.max_timeout()))
              : entry.timeout;
      entry.idempotent = route.idempotent() || MarkedIdempotent(method);
      entry.concurrency = concurrency;
      absl::StatusOr<HeaderMetadata> header_metadata = HeaderMetadata::ForMethod(method);
      if (!header_metadata.ok()) return header_metadata.status();
      entry.header_metadata = *std::move(header_metadata);
      entry.forward_request_headers.assign(route.forward_request_headers().begin(),
                                           route.forward_request_headers().end());
      entry.forward_reply_headers.assign(route.forward_reply_headers().begin(),
                                         route.forward_reply_headers().end());
      auto* factory = google::protobuf::MessageFactory::generated_factory();
      entry.request_prototype = factory->GetPrototype(method->input_type());
      entry.reply_prototype = factory->GetPrototype(method->output_type());
    }
    if (matched == 0) {
      return absl::InvalidArgumentError(StrCat(
          "routes[", i, "].match: no translated method matches '", route.match(),
          "' (expected package.Service or package.Service/Method; see `dragoman check-config`)"));
    }
  }
  return std::shared_ptr<const RouteTable>(std::move(table));
}

const Route* RouteTable::Find(std::string_view method_path) const {
  auto it = routes_.find(method_path);
  return it == routes_.end() ? nullptr : &it->second;
}

std::map<std::string, std::vector<std::string>> RouteTable::MethodsByService() const {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [path, route] : routes_) {
    out[route.translator->method()->service()->full_name()].push_back(path);
  }
  return out;
}

std::string_view RouteTable::DocOf(std::string_view full_name) const {
  return registry_ == nullptr ? std::string_view() : registry_->DocOf(full_name);
}

}  // namespace dragoman
