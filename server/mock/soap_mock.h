// A mock legacy SOAP backend built from the same translators Dragoman calls with: it decodes the
// request as the real service would, answers from a file of example exchanges, and otherwise
// with a schema-valid sample reply.
#ifndef DRAGOMAN_SERVER_MOCK_SOAP_MOCK_H_
#define DRAGOMAN_SERVER_MOCK_SOAP_MOCK_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/http/http_server.h"
#include "translators/runtime/soap_method.h"
#include "translators/runtime/translator.h"

namespace dragoman::mock {

// Serves the SOAP operations of one proto service.
class SoapMock : public HttpHandler {
 public:
  // `service` is a full proto service name among the registry's translators. `examples_path`
  // (optional) is a YAML list of {operation, match, reply | fault} entries, checked against the
  // schema here so mistakes surface at startup.
  static absl::StatusOr<std::unique_ptr<SoapMock>> Create(const TranslatorRegistry& registry,
                                                          const std::string& service,
                                                          const std::string& examples_path);
  ~SoapMock() override;

  void Handle(HttpRequest request, ResponseWriter respond) override;

  // Names of the operations served, for the startup log line.
  std::vector<std::string> OperationNames() const;

 private:
  struct Example;
  SoapMock() = default;

  const soap::SoapMethod* FindMethod(const HttpRequest& request, std::string_view body) const;
  absl::Status LoadExamples(const std::string& path);

  std::vector<const soap::SoapMethod*> methods_;
  std::vector<std::unique_ptr<Example>> examples_;
};

}  // namespace dragoman::mock

#endif  // DRAGOMAN_SERVER_MOCK_SOAP_MOCK_H_
