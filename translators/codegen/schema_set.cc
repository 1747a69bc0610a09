#include "translators/codegen/schema_set.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xml_reader.h"

namespace dragoman::codegen {
namespace {

namespace fs = std::filesystem;

// Namespaces whose schemas every SOAP stack knows; an import of one of them needs no file.
bool IsWellKnownNamespace(std::string_view ns) {
  // WS-Addressing and WS-Security are imported for header types that SOAP stacks fill in
  // themselves; referencing one of their types is still reported as undefined.
  static constexpr std::string_view kWellKnown[] = {
      "http://www.w3.org/2005/08/addressing", "http://schemas.xmlsoap.org/ws/2004/08/addressing",
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
      "http://www.w3.org/2000/09/xmldsig#"};
  for (std::string_view known : kWellKnown) {
    if (ns == known) return true;
  }
  return ns == xml::kXmlNamespace || ns == kSoapEncodingNamespace ||
         ns == kSoap12EncodingNamespace || ns == kWsdlNamespace || ns == kXsdNamespace;
}

bool IsRemote(std::string_view location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

}  // namespace

std::string SourceDocument::Where(pugi::xml_node node) const {
  const ptrdiff_t offset = node.offset_debug();
  if (offset < 0) return path;
  const auto end = text.begin() + std::min<ptrdiff_t>(offset, static_cast<ptrdiff_t>(text.size()));
  return StrCat(path, ":", 1 + std::count(text.begin(), end, '\n'));
}

std::string_view NamespaceOf(pugi::xml_node node) {
  std::string_view ns;
  xml::ElementNamespace(node, &ns);
  return ns;
}

std::string_view LocalNameOf(pugi::xml_node node) { return xml::LocalName(node.name()); }

bool Is(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && xml::IsElement(node, ns, local);
}

std::vector<pugi::xml_node> Children(pugi::xml_node node, std::string_view ns,
                                     std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child : node.children()) {
    if (Is(child, ns, local)) out.push_back(child);
  }
  return out;
}

pugi::xml_node Child(pugi::xml_node node, std::string_view ns, std::string_view local) {
  for (pugi::xml_node child : node.children()) {
    if (Is(child, ns, local)) return child;
  }
  return {};
}

std::string Documentation(pugi::xml_node node) {
  pugi::xml_node doc = Child(node, kWsdlNamespace, "documentation");
  if (!doc) doc = Child(Child(node, kXsdNamespace, "annotation"), kXsdNamespace, "documentation");
  if (!doc) return "";
  std::string text;
  for (pugi::xml_node part : doc.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) text += part.value();
  }
  // Collapse whitespace so comments stay tidy whatever the schema's indentation.
  std::vector<absl::string_view> words =
      absl::StrSplit(text, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
  return absl::StrJoin(words, " ");
}

namespace {

// Schemas written before XML Schema 1.0 became a recommendation use its draft namespaces; their
// constructs are the same, so they are read as the final namespace.
void NormalizeOldXsdNamespaces(pugi::xml_document& doc) {
  struct Rewriter : pugi::xml_tree_walker {
    bool for_each(pugi::xml_node& node) override {
      if (node.type() != pugi::node_element) return true;
      for (pugi::xml_attribute attribute : node.attributes()) {
        const std::string_view name = attribute.name();
        if (name != "xmlns" && !name.starts_with("xmlns:")) continue;
        const std::string_view value = attribute.value();
        if (value == "http://www.w3.org/2000/10/XMLSchema" ||
            value == "http://www.w3.org/1999/XMLSchema") {
          attribute.set_value(std::string(kXsdNamespace).c_str());
        }
      }
      return true;
    }
  } rewriter;
  doc.traverse(rewriter);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SchemaSet>> SchemaSet::LoadWsdl(const std::string& wsdl_path) {
  auto set = std::unique_ptr<SchemaSet>(new SchemaSet());
  absl::Status status = set->LoadDocument(wsdl_path, /*is_wsdl=*/true);
  if (!status.ok()) return status;
  if (set->definitions_.empty()) {
    return absl::InvalidArgumentError(
        StrCat(wsdl_path, ": not a WSDL 1.1 document (no wsdl:definitions root)"));
  }
  set->IndexDerivations();
  return set;
}

void SchemaSet::IndexDerivations() {
  // Unresolvable bases and heads are skipped here; the mapper reports them where they matter.
  for (const auto& [name, type] : types_) {
    if (!Is(type.node, kXsdNamespace, "complexType")) continue;
    for (const char* content : {"complexContent", "simpleContent"}) {
      pugi::xml_node holder = Child(type.node, kXsdNamespace, content);
      if (!holder) continue;
      pugi::xml_node derivation = Child(holder, kXsdNamespace, "extension");
      if (!derivation) derivation = Child(holder, kXsdNamespace, "restriction");
      if (!derivation) continue;
      absl::StatusOr<QualifiedName> base =
          ResolveQName(derivation, derivation.attribute("base").value());
      if (!base.ok() || *base == name) continue;
      const SchemaNode* base_type = FindType(*base);
      if (base_type == nullptr || !Is(base_type->node, kXsdNamespace, "complexType")) continue;
      derived_[*base].push_back(name);
    }
  }
  for (const auto& [name, element] : elements_) {
    const pugi::xml_attribute group = element.node.attribute("substitutionGroup");
    if (!group) continue;
    // XSD 1.1 allows a list of heads.
    for (absl::string_view head : absl::StrSplit(ToAbsl(group.value()), ' ', absl::SkipEmpty())) {
      absl::StatusOr<QualifiedName> resolved = ResolveQName(element.node, ToStd(head));
      if (resolved.ok() && *resolved != name) substitutes_[*resolved].push_back(name);
    }
  }
}

const std::vector<QualifiedName>& SchemaSet::DerivedTypes(const QualifiedName& base) const {
  static const std::vector<QualifiedName> kNone;
  auto it = derived_.find(base);
  return it == derived_.end() ? kNone : it->second;
}

const std::vector<QualifiedName>& SchemaSet::Substitutes(const QualifiedName& head) const {
  static const std::vector<QualifiedName> kNone;
  auto it = substitutes_.find(head);
  return it == substitutes_.end() ? kNone : it->second;
}

absl::StatusOr<const SourceDocument*> SchemaSet::ReadDocument(const std::string& path,
                                                              const std::string& key_suffix) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(fs::path(path), ec);
  const std::string key = StrCat(ec ? path : canonical.string(), key_suffix);
  if (!loaded_.insert(key).second) return nullptr;

  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto document = std::make_unique<SourceDocument>();
  document->path = path;
  document->text = buffer.str();
  const pugi::xml_parse_result result = document->doc.load_buffer(
      document->text.data(), document->text.size(), pugi::parse_default, pugi::encoding_auto);
  if (!result) {
    return absl::InvalidArgumentError(
        StrCat(path, ": not well-formed XML at byte ", result.offset, ": ", result.description()));
  }
  NormalizeOldXsdNamespaces(document->doc);
  documents_.push_back(std::move(document));
  return documents_.back().get();
}

absl::Status SchemaSet::LoadDocument(const std::string& path, bool is_wsdl) {
  absl::StatusOr<const SourceDocument*> loaded = ReadDocument(path, "");
  if (!loaded.ok()) return loaded.status();
  if (*loaded == nullptr) return absl::OkStatus();
  const SourceDocument& doc = **loaded;
  const pugi::xml_node root = doc.doc.document_element();
  if (Is(root, kWsdlNamespace, "definitions")) return IndexWsdl(root, doc);
  if (Is(root, kXsdNamespace, "schema")) return IndexSchema(root, doc, "");
  return absl::InvalidArgumentError(StrCat(doc.Where(root), ": expected ",
                                           is_wsdl ? "wsdl:definitions" : "xsd:schema", ", found <",
                                           root.name(), ">"));
}

const SourceDocument& SchemaSet::DocumentOf(pugi::xml_node node) const {
  const pugi::xml_node root = node.root();
  for (const auto& doc : documents_) {
    if (doc->doc == root) return *doc;
  }
  return *documents_.front();
}

absl::Status SchemaSet::IndexWsdl(pugi::xml_node definitions, const SourceDocument& doc) {
  definitions_.push_back(definitions);
  const std::string tns = definitions.attribute("targetNamespace").value();
  const fs::path base = fs::path(doc.path).parent_path();

  for (pugi::xml_node import : Children(definitions, kWsdlNamespace, "import")) {
    const std::string location = import.attribute("location").value();
    if (location.empty()) continue;
    if (IsRemote(location)) {
      return absl::InvalidArgumentError(
          StrCat(doc.Where(import), ": wsdl:import of remote location ", location,
                 " cannot be fetched (no network); download it and import a local path instead"));
    }
    absl::Status status = LoadDocument((base / location).string(), /*is_wsdl=*/true);
    if (!status.ok()) return status;
  }
  for (pugi::xml_node types : Children(definitions, kWsdlNamespace, "types")) {
    for (pugi::xml_node schema : Children(types, kXsdNamespace, "schema")) {
      absl::Status status = IndexSchema(schema, doc, "");
      if (!status.ok()) return status;
    }
  }
  for (std::string_view kind : {"message", "portType", "binding", "service"}) {
    for (pugi::xml_node node : Children(definitions, kWsdlNamespace, kind)) {
      QualifiedName name{tns, node.attribute("name").value()};
      auto [it, inserted] = wsdl_.emplace(std::make_pair(std::string(kind), name), node);
      if (!inserted) {
        return absl::InvalidArgumentError(
            StrCat(doc.Where(node), ": wsdl:", kind, " '", name.local, "' is defined twice"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status SchemaSet::IndexSchema(pugi::xml_node schema, const SourceDocument& doc,
                                    const std::string& chameleon_namespace) {
  auto info = std::make_unique<SchemaInfo>();
  info->target_namespace = schema.attribute("targetNamespace").value();
  // A chameleon include (no targetNamespace) takes the including schema's namespace.
  if (info->target_namespace.empty()) info->target_namespace = chameleon_namespace;
  info->elements_qualified =
      std::string_view(schema.attribute("elementFormDefault").value()) == "qualified";
  info->attributes_qualified =
      std::string_view(schema.attribute("attributeFormDefault").value()) == "qualified";
  info->document = &doc;
  const SchemaInfo* schema_info = info.get();
  schemas_.push_back(std::move(info));
  const fs::path base = fs::path(doc.path).parent_path();

  for (pugi::xml_node child : schema.children()) {
    if (child.type() != pugi::node_element || NamespaceOf(child) != kXsdNamespace) continue;
    const std::string_view kind = LocalNameOf(child);
    const std::string location = child.attribute("schemaLocation").value();
    if (kind == "import" || kind == "include") {
      const std::string_view ns = child.attribute("namespace").value();
      if (location.empty() || (kind == "import" && IsWellKnownNamespace(ns))) continue;
      if (IsRemote(location)) {
        return absl::InvalidArgumentError(
            StrCat(doc.Where(child), ": xsd:", kind, " of remote location ", location,
                   " cannot be fetched (no network); download it and use a local schemaLocation"));
      }
      if (kind == "import") {
        absl::Status status = LoadDocument((base / location).string(), /*is_wsdl=*/false);
        if (!status.ok()) return status;
        continue;
      }
      absl::Status status = LoadInclude((base / location).string(), schema_info->target_namespace);
      if (!status.ok()) return status;
      continue;
    }
    if (kind == "redefine" || kind == "override") {
      return absl::UnimplementedError(
          StrCat(doc.Where(child), ": xsd:", kind, " is not supported yet"));
    }
    std::map<QualifiedName, SchemaNode>* table = nullptr;
    if (kind == "element") table = &elements_;
    if (kind == "complexType" || kind == "simpleType") table = &types_;
    if (kind == "group") table = &groups_;
    if (kind == "attribute") table = &attributes_;
    if (kind == "attributeGroup") table = &attribute_groups_;
    if (table == nullptr) continue;  // annotation, notation
    absl::Status status =
        Add(*table, kind, {schema_info->target_namespace, child.attribute("name").value()},
            {child, schema_info});
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status SchemaSet::LoadInclude(const std::string& path, const std::string& ns) {
  // The same file may be included into several namespaces (chameleon), once per namespace.
  absl::StatusOr<const SourceDocument*> loaded = ReadDocument(path, StrCat("#", ns));
  if (!loaded.ok()) return loaded.status();
  if (*loaded == nullptr) return absl::OkStatus();
  const SourceDocument& doc = **loaded;
  const pugi::xml_node root = doc.doc.document_element();
  if (!Is(root, kXsdNamespace, "schema")) {
    return absl::InvalidArgumentError(
        StrCat(doc.Where(root), ": expected xsd:schema, found <", root.name(), ">"));
  }
  return IndexSchema(root, doc, ns);
}

absl::Status SchemaSet::Add(std::map<QualifiedName, SchemaNode>& table, std::string_view kind,
                            QualifiedName name, SchemaNode node) {
  if (name.local.empty()) {
    return absl::InvalidArgumentError(
        StrCat(node.schema->document->Where(node.node), ": global xsd:", kind, " without a name"));
  }
  auto [it, inserted] = table.emplace(name, node);
  if (!inserted) {
    return absl::InvalidArgumentError(StrCat(
        node.schema->document->Where(node.node), ": xsd:", kind, " {", name.ns, "}", name.local,
        " is already defined at ", it->second.schema->document->Where(it->second.node)));
  }
  return absl::OkStatus();
}

namespace {
const SchemaNode* Lookup(const std::map<QualifiedName, SchemaNode>& table,
                         const QualifiedName& name) {
  auto it = table.find(name);
  return it == table.end() ? nullptr : &it->second;
}
}  // namespace

const SchemaNode* SchemaSet::FindElement(const QualifiedName& name) const {
  return Lookup(elements_, name);
}
const SchemaNode* SchemaSet::FindType(const QualifiedName& name) const {
  return Lookup(types_, name);
}
const SchemaNode* SchemaSet::FindGroup(const QualifiedName& name) const {
  return Lookup(groups_, name);
}
const SchemaNode* SchemaSet::FindAttribute(const QualifiedName& name) const {
  return Lookup(attributes_, name);
}
const SchemaNode* SchemaSet::FindAttributeGroup(const QualifiedName& name) const {
  return Lookup(attribute_groups_, name);
}

std::vector<QualifiedName> SchemaSet::NamesWithLocal(std::string_view local) const {
  std::vector<QualifiedName> names;
  for (const auto* table : {&elements_, &types_}) {
    for (const auto& [name, node] : *table) {
      if (name.local == local) names.push_back(name);
    }
  }
  return names;
}

pugi::xml_node SchemaSet::FindWsdl(std::string_view kind, const QualifiedName& name) const {
  auto it = wsdl_.find(std::make_pair(std::string(kind), name));
  return it == wsdl_.end() ? pugi::xml_node() : it->second;
}

absl::StatusOr<QualifiedName> SchemaSet::ResolveQName(pugi::xml_node context,
                                                      std::string_view value) const {
  value = ToStd(absl::StripAsciiWhitespace(ToAbsl(value)));
  const std::string_view prefix = xml::Prefix(value);
  std::string_view uri;
  if (!xml::ResolvePrefix(context, prefix, &uri)) {
    if (!prefix.empty()) {
      return absl::InvalidArgumentError(
          StrCat(Where(context), ": prefix '", prefix, "' of '", value, "' is not declared"));
    }
    uri = "";
  }
  return QualifiedName{std::string(uri), std::string(xml::LocalName(value))};
}

}  // namespace dragoman::codegen
