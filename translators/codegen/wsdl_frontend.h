// WSDL 1.1 + XSD front end: builds the generator's model from a WSDL and the schemas it uses.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_WSDL_FRONTEND_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_WSDL_FRONTEND_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "translators/codegen/model.h"

namespace dragoman::codegen {

// Choices the user makes on the command line.
struct WsdlOptions {
  // proto package; derived from the WSDL targetNamespace when empty.
  std::string package;
  // Output file name; "<wsdl stem>.proto" when empty.
  std::string proto_file;
  // Fail on references the schema does not define. By default they are read past, as lenient
  // SOAP stacks do: an undefined type or element is carried as raw XML, an undeclared prefix is
  // matched by local name, and an operation whose portType entry or message is missing is
  // skipped; each such repair is reported in FileModel.warnings.
  bool strict = false;
  // When not empty, only these WSDL operations (by name) are mapped, with the types they reach;
  // naming an operation no SOAP port has is an error.
  std::set<std::string> operations;
};

// Reads `wsdl_path` (imports and includes resolved relative to each file) and maps every SOAP
// port's operations and the types they reach. A construct that cannot be mapped is an
// Unimplemented or InvalidArgument error naming the construct and its file and line.
absl::StatusOr<FileModel> BuildModelFromWsdl(const std::string& wsdl_path,
                                             const WsdlOptions& options);

// The proto package derived from a namespace URI: "http://dragoman.example/bank/v1" ->
// "example.dragoman.bank.v1"; "urn:acme:billing" -> "acme.billing".
std::string PackageFromNamespace(std::string_view ns);

// "<stem>.proto" for a schema path: "dir/Bank-Service.wsdl" -> "bank_service.proto".
std::string ProtoFileNameFor(std::string_view schema_path);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_WSDL_FRONTEND_H_
