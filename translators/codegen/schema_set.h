// Loads WSDL and XSD documents from local files and indexes their global components by
// qualified name, so the mapper can resolve references across imports and includes.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_SCHEMA_SET_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_SCHEMA_SET_H_

#include <map>
#include <memory>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "translators/codegen/namespaces.h"

namespace dragoman::codegen {

// A qualified name in Clark notation's parts.
struct QualifiedName {
  std::string ns;
  std::string local;
  auto operator<=>(const QualifiedName&) const = default;
};

// One loaded file, kept alive so nodes stay valid and errors can name lines.
struct SourceDocument {
  // Path as given (relative to the working directory or absolute).
  std::string path;
  // The file's bytes; pugixml nodes point into a copy owned by `doc`.
  std::string text;
  pugi::xml_document doc;

  // "path:line" of a node, for error messages.
  std::string Where(pugi::xml_node node) const;
};

// A schema component together with the context needed to interpret it.
struct SchemaNode {
  pugi::xml_node node;
  // The xsd:schema element it belongs to (for targetNamespace and form defaults).
  const struct SchemaInfo* schema = nullptr;
};

// Per xsd:schema settings.
struct SchemaInfo {
  std::string target_namespace;
  bool elements_qualified = false;
  bool attributes_qualified = false;
  const SourceDocument* document = nullptr;
};

// Every schema and WSDL document reachable from one WSDL.
class SchemaSet {
 public:
  // Loads `wsdl_path` and everything it imports or includes (local files only).
  static absl::StatusOr<std::unique_ptr<SchemaSet>> LoadWsdl(const std::string& wsdl_path);

  // WSDL definitions elements, the root first, then imported WSDLs.
  const std::vector<pugi::xml_node>& definitions() const { return definitions_; }
  // The document a node comes from.
  const SourceDocument& DocumentOf(pugi::xml_node node) const;
  // "path:line" of a node.
  std::string Where(pugi::xml_node node) const { return DocumentOf(node).Where(node); }

  // Global XSD components by qualified name; null when undefined.
  const SchemaNode* FindElement(const QualifiedName& name) const;
  const SchemaNode* FindType(const QualifiedName& name) const;
  const SchemaNode* FindGroup(const QualifiedName& name) const;
  const SchemaNode* FindAttribute(const QualifiedName& name) const;
  const SchemaNode* FindAttributeGroup(const QualifiedName& name) const;

  // Qualified names of global elements and types whose local name is `local` (for repairing
  // references with undeclared prefixes).
  std::vector<QualifiedName> NamesWithLocal(std::string_view local) const;

  // Named complex types whose complexContent or simpleContent derives directly from complex
  // type `base` (by extension or restriction), in name order.
  const std::vector<QualifiedName>& DerivedTypes(const QualifiedName& base) const;
  // Global elements that declare substitutionGroup="`head`" directly, in name order.
  const std::vector<QualifiedName>& Substitutes(const QualifiedName& head) const;

  // WSDL components by qualified name (the definitions' targetNamespace); null when undefined.
  pugi::xml_node FindWsdl(std::string_view kind, const QualifiedName& name) const;

  // Resolves a QName-valued attribute ("p:local") in the scope of `context`. An unprefixed
  // value takes the default namespace in scope.
  absl::StatusOr<QualifiedName> ResolveQName(pugi::xml_node context, std::string_view value) const;

 private:
  // Reads and parses a file once per key; null when it was already loaded.
  absl::StatusOr<const SourceDocument*> ReadDocument(const std::string& path,
                                                     const std::string& key_suffix);
  absl::Status LoadDocument(const std::string& path, bool is_wsdl);
  absl::Status LoadInclude(const std::string& path, const std::string& ns);
  absl::Status IndexSchema(pugi::xml_node schema, const SourceDocument& doc,
                           const std::string& chameleon_namespace);
  absl::Status IndexWsdl(pugi::xml_node definitions, const SourceDocument& doc);
  // Fills derived_ and substitutes_ once every document is loaded.
  void IndexDerivations();
  absl::Status Add(std::map<QualifiedName, SchemaNode>& table, std::string_view kind,
                   QualifiedName name, SchemaNode node);

  std::vector<std::unique_ptr<SourceDocument>> documents_;
  std::vector<std::unique_ptr<SchemaInfo>> schemas_;
  std::set<std::string> loaded_;  // canonical paths (plus namespace for chameleon includes)
  std::vector<pugi::xml_node> definitions_;
  std::map<QualifiedName, SchemaNode> elements_, types_, groups_, attributes_, attribute_groups_;
  std::map<std::pair<std::string, QualifiedName>, pugi::xml_node> wsdl_;
  std::map<QualifiedName, std::vector<QualifiedName>> derived_, substitutes_;
};

// The namespace URI of an element node (prefix resolved through ancestors); empty if none.
std::string_view NamespaceOf(pugi::xml_node node);
// The local part of a node's name.
std::string_view LocalNameOf(pugi::xml_node node);
// True if `node` is the element {ns}local.
bool Is(pugi::xml_node node, std::string_view ns, std::string_view local);
// The element children of `node` named {ns}local.
std::vector<pugi::xml_node> Children(pugi::xml_node node, std::string_view ns,
                                     std::string_view local);
// The first element child named {ns}local, or null.
pugi::xml_node Child(pugi::xml_node node, std::string_view ns, std::string_view local);
// Text of a documentation/annotation child, whitespace collapsed; empty if none.
std::string Documentation(pugi::xml_node node);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_SCHEMA_SET_H_
