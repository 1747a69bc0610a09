#include "translators/codegen/wsdl_frontend.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "translators/codegen/namer.h"
#include "translators/codegen/schema_set.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xml_reader.h"

namespace dragoman::codegen {
namespace {

// How an XSD built-in maps to a proto scalar.
struct Builtin {
  std::string_view xsd;
  XsdType type;
  std::string_view proto;
};

constexpr Builtin kBuiltins[] = {
    {"string", XSD_STRING, "string"},
    {"normalizedString", XSD_NORMALIZED_STRING, "string"},
    {"token", XSD_TOKEN, "string"},
    {"language", XSD_LANGUAGE, "string"},
    {"Name", XSD_NAME, "string"},
    {"NCName", XSD_NCNAME, "string"},
    {"NMTOKEN", XSD_NMTOKEN, "string"},
    {"NMTOKENS", XSD_TOKEN, "string"},
    {"ID", XSD_ID, "string"},
    {"IDREF", XSD_IDREF, "string"},
    {"IDREFS", XSD_TOKEN, "string"},
    {"ENTITY", XSD_ENTITY, "string"},
    {"ENTITIES", XSD_TOKEN, "string"},
    {"anyURI", XSD_ANY_URI, "string"},
    {"QName", XSD_QNAME, "string"},
    {"NOTATION", XSD_QNAME, "string"},  // its values are QNames
    {"anySimpleType", XSD_STRING, "string"},
    {"boolean", XSD_BOOLEAN, "bool"},
    {"float", XSD_FLOAT, "float"},
    {"double", XSD_DOUBLE, "double"},
    {"decimal", XSD_DECIMAL, "string"},
    {"integer", XSD_INTEGER, "string"},
    {"nonPositiveInteger", XSD_NON_POSITIVE_INTEGER, "string"},
    {"negativeInteger", XSD_NEGATIVE_INTEGER, "string"},
    {"nonNegativeInteger", XSD_NON_NEGATIVE_INTEGER, "string"},
    {"positiveInteger", XSD_POSITIVE_INTEGER, "string"},
    {"long", XSD_LONG, "int64"},
    {"int", XSD_INT, "int32"},
    {"short", XSD_SHORT, "int32"},
    {"byte", XSD_BYTE, "int32"},
    {"unsignedLong", XSD_UNSIGNED_LONG, "uint64"},
    {"unsignedInt", XSD_UNSIGNED_INT, "uint32"},
    {"unsignedShort", XSD_UNSIGNED_SHORT, "uint32"},
    {"unsignedByte", XSD_UNSIGNED_BYTE, "uint32"},
    {"date", XSD_DATE, "string"},
    {"dateTime", XSD_DATE_TIME, "string"},
    {"time", XSD_TIME, "string"},
    {"duration", XSD_DURATION, "string"},
    {"gYear", XSD_G_YEAR, "string"},
    {"gYearMonth", XSD_G_YEAR_MONTH, "string"},
    {"gMonth", XSD_G_MONTH, "string"},
    {"gMonthDay", XSD_G_MONTH_DAY, "string"},
    {"gDay", XSD_G_DAY, "string"},
    {"base64Binary", XSD_BASE64_BINARY, "bytes"},
    {"hexBinary", XSD_HEX_BINARY, "bytes"},
};

const Builtin* FindBuiltin(const QualifiedName& name) {
  if (name.ns != kXsdNamespace) return nullptr;
  for (const Builtin& b : kBuiltins) {
    if (b.xsd == name.local) return &b;
  }
  return nullptr;
}

// Longest chain of complexContent derivations followed before calling it circular.
constexpr int kMaxDerivationDepth = 32;

// What a field's value is: a scalar, an enum or a message.
struct TypeRef {
  TypeRef(std::string proto_type, XsdType xsd_type, bool message, bool enumeration,
          bool raw_xml = false, Facets type_facets = {})
      : proto(std::move(proto_type)),
        xsd(xsd_type),
        is_message(message),
        is_enum(enumeration),
        raw(raw_xml),
        facets(std::move(type_facets)) {}

  std::string proto;  // scalar keyword, or enum/message name
  XsdType xsd = XSD_TYPE_UNSPECIFIED;
  bool is_message = false;
  bool is_enum = false;
  // xsd:anyType: the content travels as raw XML text.
  bool raw = false;
  // Facets of a restricted simple type.
  Facets facets;
};

// xsd:anyType: any content, carried as raw XML text in a string.
const TypeRef kAnyType{"string", XSD_STRING, false, false, true};

// Parsed minOccurs/maxOccurs (max 0 = unbounded).
struct Occurs {
  uint32_t min = 1;
  uint32_t max = 1;
};

// Maps XSD components and WSDL operations to the model. One instance per generated file.
class Mapper {
 public:
  Mapper(const SchemaSet& set, const WsdlOptions& options)
      : set_(set), lenient_(!options.strict), operations_(options.operations) {}

  absl::Status MapServices(FileModel* file);
  // Gives every mapped complex type that named types derive from a `xsi_type` oneof with one
  // field per derived type (mapping those too), so derived values travel both ways.
  absl::Status AddDerivedTypes();

  std::vector<MessageModel> TakeMessages() { return std::move(messages_); }
  std::vector<EnumModel> TakeEnums() { return std::move(enums_); }
  std::vector<std::string> TakeWarnings() { return std::move(warnings_); }

 private:
  // The scope a message's nested declarations go to.
  struct MessageScope {
    MessageModel* message;
    NameScope* field_names;
    NameScope* nested_names;
    // "Outer.Inner": how fields refer to this message's nested types.
    std::string path;
  };

  absl::StatusOr<Occurs> ReadOccurs(pugi::xml_node node) const;
  absl::StatusOr<QualifiedName> QNameAttr(pugi::xml_node node, const char* attribute);

  absl::StatusOr<std::string> MessageForType(const QualifiedName& name);
  absl::StatusOr<std::string> MessageForElement(const QualifiedName& name);
  // A message for a global element of simple type (a fault detail): its text is the "value".
  absl::StatusOr<std::string> MessageForSimpleElement(const QualifiedName& name);
  absl::StatusOr<TypeRef> ResolveNamedType(const QualifiedName& name, pugi::xml_node user);
  absl::StatusOr<TypeRef> ResolveAnonymousType(pugi::xml_node element, const SchemaInfo* schema,
                                               std::string_view field_name, MessageScope scope);
  absl::StatusOr<MessageModel> BuildComplexType(pugi::xml_node complex_type,
                                                const SchemaInfo* schema, std::string name,
                                                std::string path, std::string_view xsd_name);
  // Adds the particles and attributes of a complexType (or of its extension or restriction).
  absl::Status AddTypeContent(pugi::xml_node holder, const SchemaInfo* schema, MessageScope scope,
                              std::string_view what, int depth);
  // complexContent: an extension adds its base's content first; a restriction restates it.
  absl::Status AddDerivedContent(pugi::xml_node complex_content, const SchemaInfo* schema,
                                 MessageScope scope, std::string_view what, int depth);
  // A restriction of SOAP-ENC:Array: one repeated "item" field of the declared item type.
  absl::Status AddSoapArray(pugi::xml_node restriction, MessageScope scope);
  // Makes `scope`'s message an array of `item_type` items: its SOAP-ENC:arrayType names
  // `item` + `suffix` and `rank` dimensions (a dimensions field when more than one).
  void SetArrayShape(const QualifiedName& item, const std::string& suffix, int rank,
                     const TypeRef& item_type, MessageScope scope,
                     const std::string& item_name = "item");
  // simpleContent: a text value (the base's simple type) plus attributes.
  absl::Status AddSimpleContent(pugi::xml_node simple_content, const SchemaInfo* schema,
                                MessageScope scope, std::string_view what, int depth);
  absl::Status AddContent(pugi::xml_node particle, const SchemaInfo* schema, MessageScope scope,
                          bool optional);
  // Membership of a field in an xsd:choice, which maps to a oneof.
  struct ChoiceMember {
    std::string oneof;
    // The choice needs one member present.
    bool required = false;
  };
  absl::Status AddElement(pugi::xml_node element, const SchemaInfo* schema, Occurs occurs,
                          MessageScope scope, const ChoiceMember* choice = nullptr);
  // The text-and-elements content of a mixed type, as one raw XML field.
  void AddMixedContent(std::string_view what, MessageScope scope);
  // xsd:any: a repeated string of standalone XML elements.
  absl::Status AddAny(pugi::xml_node any, bool optional, MessageScope scope);
  absl::Status AddChoice(pugi::xml_node choice, const SchemaInfo* schema, MessageScope scope,
                         bool optional);
  // A repeated element member of a single xsd:choice: a nested message holding its
  // occurrences, as a group field in the choice's oneof.
  absl::Status AddElementList(pugi::xml_node element, const SchemaInfo* schema, Occurs occurs,
                              MessageScope scope, const ChoiceMember* choice);
  // The xsd:group a group reference names.
  absl::StatusOr<const SchemaNode*> GroupOf(pugi::xml_node reference);
  // A sequence or group reference that repeats, or that is a branch of a choice: a nested
  // message for one occurrence, held by a field marked XmlField.group.
  absl::Status AddModelGroup(pugi::xml_node particle, const SchemaInfo* schema, Occurs occurs,
                             MessageScope scope, const ChoiceMember* choice);
  // The content of one occurrence of a sequence (its occurrence bounds ignored); `optional`
  // makes every element in it optional.
  absl::Status AddSequenceContent(pugi::xml_node sequence, const SchemaInfo* schema,
                                  MessageScope scope, bool optional);
  // The field for element `use` once its declaration (itself, or the global element it
  // references) is known; `field` carries the XML name and documentation.
  absl::Status AddElementField(pugi::xml_node use, pugi::xml_node declaration,
                               const SchemaInfo* declaration_schema, FieldModel field,
                               Occurs occurs, MessageScope scope, const ChoiceMember* choice);
  // A reference to the head of a substitution group: the head (unless abstract) or any member
  // may stand in its place, so each gets a field, in one oneof when a single element is allowed.
  absl::Status AddSubstitutionGroup(pugi::xml_node use, const QualifiedName& head,
                                    const SchemaNode* head_node, Occurs occurs, MessageScope scope,
                                    const ChoiceMember* choice);
  absl::Status AddAttributes(pugi::xml_node owner, const SchemaInfo* schema, MessageScope scope);
  absl::Status AddAttribute(pugi::xml_node attribute, const SchemaInfo* schema, MessageScope scope);
  void AddField(FieldModel field, const TypeRef& type, const Occurs& occurs, bool nillable,
                MessageScope scope, const ChoiceMember* choice = nullptr);

  // Simple types: the built-in they restrict and their enumeration literals.
  struct SimpleType {
    const Builtin* builtin = nullptr;
    std::vector<std::pair<std::string, std::string>> enumeration;  // literal, doc
    Facets facets;
  };
  absl::StatusOr<SimpleType> ReadSimpleType(pugi::xml_node simple_type, int depth);
  // The scalar a simple type without enumeration maps to, facets included.
  static TypeRef ScalarOf(const SimpleType& simple) {
    return TypeRef{std::string(simple.builtin->proto),
                   simple.builtin->type,
                   false,
                   false,
                   false,
                   simple.facets};
  }
  // Adds a restriction's facets to `facets`, the more derived step overriding the base's.
  static void ReadFacets(pugi::xml_node restriction, Facets* facets);
  EnumModel MakeEnum(std::string name, const SimpleType& simple, std::string_view xsd_name,
                     std::string_view ns, NameScope& value_names);

  absl::Status MapPort(pugi::xml_node service, pugi::xml_node port, bool only_port,
                       FileModel* file);
  // How a message sits in the Body.
  struct BodyShape {
    // Name for a message made up of the parts, e.g. "GetQuoteRequest".
    std::string synthetic_name;
    // rpc style: the parts are children of a wrapper element with this name.
    bool rpc = false;
    std::string rpc_wrapper;
    // Parts of the declared soap:header entries, which become fields before the Body parts.
    std::vector<pugi::xml_node> headers;
    // use="encoded" (rpc only).
    bool encoded = false;
  };
  absl::StatusOr<std::string> MapBodyMessage(pugi::xml_node message, pugi::xml_node soap_body,
                                             const BodyShape& shape, QName* element);
  // Checks a binding input or output; sets *encoded when its body is use="encoded", which only
  // rpc style supports.
  absl::Status CheckBindingIo(pugi::xml_node io, std::string_view where_op, bool rpc,
                              bool* encoded);
  // Lenient mode: a field for an element the schema never declares, its content as raw XML.
  absl::Status AddRawElement(const QualifiedName& name, Occurs occurs, MessageScope scope);
  // Sets the default or fixed value of an element or attribute use (or of what it
  // references) on `xml`.
  static void SetDefault(pugi::xml_node use, pugi::xml_node declaration, XmlField* xml);
  // Adds a field for a message part: its global element, or an unqualified child of its type.
  absl::Status AddPart(pugi::xml_node part, Occurs occurs, MessageScope scope);
  // Adds a field for a message part (or header) that names global element `name`.
  absl::Status AddPartElement(const QualifiedName& name, const SchemaNode* global, Occurs occurs,
                              MessageScope scope);
  // The message parts of the soap:header entries a binding input or output declares.
  absl::StatusOr<std::vector<pugi::xml_node>> HeaderParts(pugi::xml_node io,
                                                          std::string_view soap_ns);
  // True if the global element has a complex type (named or anonymous).
  bool IsComplexElement(const QualifiedName& name) const;
  // Renames fields whose names equal an accessor protoc's C++ generator derives from another
  // field (has_x, clear_x, set_x, mutable_x, add_x, x_size, ...), which would not compile.
  static void AvoidAccessorCollisions(MessageModel& message, NameScope& names);

  // Unless strict, records `problem` as a warning and returns true; otherwise false.
  bool Excuse(const absl::Status& problem) {
    if (!lenient_) return false;
    warnings_.push_back(StrCat(problem.message(), " (read past; --strict makes this an error)"));
    return true;
  }

  const SchemaSet& set_;
  const bool lenient_;
  // Operations to map; empty means all. Names found are erased as they are mapped.
  std::set<std::string> operations_;
  std::set<std::string> found_operations_;
  NameScope top_names_;
  NameScope enum_value_names_;
  std::vector<MessageModel> messages_;
  std::vector<EnumModel> enums_;
  std::map<QualifiedName, std::string> type_messages_;
  // Where each named complex type's message sits in messages_.
  std::map<QualifiedName, size_t> type_slots_;
  std::map<QualifiedName, std::string> element_messages_;
  std::map<QualifiedName, std::string> named_enums_;
  std::map<std::string, std::string> synthetic_messages_;
  std::vector<std::string> warnings_;
};

absl::StatusOr<Occurs> Mapper::ReadOccurs(pugi::xml_node node) const {
  Occurs occurs;
  const std::string_view min = node.attribute("minOccurs").value();
  const std::string_view max = node.attribute("maxOccurs").value();
  if (!min.empty() && !absl::SimpleAtoi(ToAbsl(min), &occurs.min)) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(node), ": minOccurs='", min, "' is not a number"));
  }
  if (max == "unbounded") {
    occurs.max = 0;
  } else if (!max.empty() && !absl::SimpleAtoi(ToAbsl(max), &occurs.max)) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(node), ": maxOccurs='", max, "' is not a number"));
  }
  if (occurs.max != 0 && occurs.max < occurs.min) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(node), ": maxOccurs is smaller than minOccurs"));
  }
  return occurs;
}

absl::StatusOr<QualifiedName> Mapper::QNameAttr(pugi::xml_node node, const char* attribute) {
  absl::StatusOr<QualifiedName> name = set_.ResolveQName(node, node.attribute(attribute).value());
  if (name.ok() || !lenient_) return name;
  // An undeclared prefix: the one global element or type of that local name, if unique.
  const std::vector<QualifiedName> candidates =
      set_.NamesWithLocal(xml::LocalName(node.attribute(attribute).value()));
  if (candidates.size() != 1) return name;
  Excuse(name.status());
  return candidates.front();
}

absl::StatusOr<std::string> Mapper::MessageForType(const QualifiedName& name) {
  if (auto it = type_messages_.find(name); it != type_messages_.end()) return it->second;
  const SchemaNode* type = set_.FindType(name);
  if (type == nullptr || !Is(type->node, kXsdNamespace, "complexType")) {
    return absl::NotFoundError(
        StrCat("complex type {", name.ns, "}", name.local, " is not defined"));
  }
  const std::string message_name = top_names_.Unique(ToPascalCase(name.local), true);
  // Registered before mapping the content so recursive types refer to themselves by name.
  type_messages_[name] = message_name;
  const size_t slot = messages_.size();
  type_slots_[name] = slot;
  messages_.emplace_back();
  absl::StatusOr<MessageModel> message =
      BuildComplexType(type->node, type->schema, message_name, message_name, name.local);
  if (!message.ok()) return message.status();
  messages_[slot] = std::move(*message);
  return message_name;
}

absl::StatusOr<std::string> Mapper::MessageForElement(const QualifiedName& name) {
  if (auto it = element_messages_.find(name); it != element_messages_.end()) return it->second;
  const SchemaNode* element = set_.FindElement(name);
  if (element == nullptr) {
    return absl::NotFoundError(StrCat("element {", name.ns, "}", name.local, " is not defined"));
  }
  if (element->node.attribute("type")) {
    absl::StatusOr<QualifiedName> type = QNameAttr(element->node, "type");
    if (!type.ok()) return type.status();
    const SchemaNode* type_node = set_.FindType(*type);
    if (type_node == nullptr || !Is(type_node->node, kXsdNamespace, "complexType")) {
      return absl::InvalidArgumentError(StrCat(set_.Where(element->node), ": element '", name.local,
                                               "' must have a complex type, but {", type->ns, "}",
                                               type->local, " is not one"));
    }
    absl::StatusOr<std::string> message = MessageForType(*type);
    if (!message.ok()) return message.status();
    element_messages_[name] = *message;
    return *message;
  }
  const pugi::xml_node complex_type = Child(element->node, kXsdNamespace, "complexType");
  if (!complex_type) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(element->node), ": element '", name.local, "' has no complex type"));
  }
  const std::string message_name = top_names_.Unique(ToPascalCase(name.local), true);
  element_messages_[name] = message_name;
  const size_t slot = messages_.size();
  messages_.emplace_back();
  absl::StatusOr<MessageModel> message =
      BuildComplexType(complex_type, element->schema, message_name, message_name, "");
  if (!message.ok()) return message.status();
  if (message->doc.empty()) message->doc = Documentation(element->node);
  messages_[slot] = std::move(*message);
  return message_name;
}

void Mapper::ReadFacets(pugi::xml_node restriction, Facets* facets) {
  std::vector<std::string> patterns;
  for (pugi::xml_node facet : restriction.children()) {
    if (facet.type() != pugi::node_element || NamespaceOf(facet) != kXsdNamespace) continue;
    const std::string_view kind = LocalNameOf(facet);
    const std::string value = facet.attribute("value").value();
    uint32_t number = 0;
    const bool numeric = absl::SimpleAtoi(value, &number);
    if (kind == "length" && numeric) facets->set_length(number);
    if (kind == "minLength" && numeric) facets->set_min_length(number);
    if (kind == "maxLength" && numeric) facets->set_max_length(number);
    if (kind == "totalDigits" && numeric) facets->set_total_digits(number);
    if (kind == "fractionDigits" && numeric) facets->set_fraction_digits(number);
    if (kind == "minInclusive") facets->set_min_inclusive(value);
    if (kind == "maxInclusive") facets->set_max_inclusive(value);
    if (kind == "minExclusive") facets->set_min_exclusive(value);
    if (kind == "maxExclusive") facets->set_max_exclusive(value);
    if (kind == "pattern") patterns.push_back(value);
  }
  // Patterns of one step are alternatives; steps add constraints.
  if (!patterns.empty()) facets->add_pattern(absl::StrJoin(patterns, "|"));
}

absl::StatusOr<std::string> Mapper::MessageForSimpleElement(const QualifiedName& name) {
  if (auto it = element_messages_.find(name); it != element_messages_.end()) return it->second;
  const SchemaNode* element = set_.FindElement(name);
  if (element == nullptr) {
    return absl::NotFoundError(StrCat("element {", name.ns, "}", name.local, " is not defined"));
  }
  MessageModel message;
  message.name = top_names_.Unique(ToPascalCase(name.local), true);
  message.xml.set_namespace_(name.ns);
  message.doc = Documentation(element->node);
  element_messages_[name] = message.name;
  NameScope field_names;
  NameScope nested_names;
  nested_names.Reserve(message.name);  // C++ forbids a nested type named like its class
  MessageScope scope{&message, &field_names, &nested_names, message.name};
  absl::StatusOr<TypeRef> type;
  if (element->node.attribute("type")) {
    absl::StatusOr<QualifiedName> type_name = QNameAttr(element->node, "type");
    if (!type_name.ok()) return type_name.status();
    type = ResolveNamedType(*type_name, element->node);
  } else {
    type = ResolveAnonymousType(element->node, element->schema, "value", scope);
  }
  if (!type.ok()) return type.status();
  FieldModel field;
  field.name = "value";
  field.xml.set_text(true);
  field.doc = StrCat("The text of ", name.local, ".");
  AddField(std::move(field), *type, {1, 1}, false, scope);
  const std::string result = message.name;
  messages_.push_back(std::move(message));
  return result;
}

absl::StatusOr<Mapper::SimpleType> Mapper::ReadSimpleType(pugi::xml_node simple_type, int depth) {
  if (depth > 32) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(simple_type), ": simple type derivation is circular"));
  }
  const pugi::xml_node restriction = Child(simple_type, kXsdNamespace, "restriction");
  if (!restriction) {
    // A list travels as its whitespace-separated lexical form (a token), a union as the lexical
    // form of whichever member it holds: both are carried exactly as strings.
    SimpleType carried;
    if (Child(simple_type, kXsdNamespace, "list")) {
      carried.builtin = FindBuiltin({std::string(kXsdNamespace), "token"});
      return carried;
    }
    if (Child(simple_type, kXsdNamespace, "union")) {
      carried.builtin = FindBuiltin({std::string(kXsdNamespace), "string"});
      return carried;
    }
    return absl::InvalidArgumentError(
        StrCat(set_.Where(simple_type), ": simple type without restriction, list or union"));
  }
  SimpleType result;
  if (restriction.attribute("base")) {
    absl::StatusOr<QualifiedName> base = QNameAttr(restriction, "base");
    if (!base.ok()) return base.status();
    if (const Builtin* builtin = FindBuiltin(*base)) {
      result.builtin = builtin;
    } else {
      const SchemaNode* base_type = set_.FindType(*base);
      if (base_type == nullptr || !Is(base_type->node, kXsdNamespace, "simpleType")) {
        return absl::NotFoundError(StrCat(set_.Where(restriction), ": simple type {", base->ns, "}",
                                          base->local, " is not defined"));
      }
      absl::StatusOr<SimpleType> base_simple = ReadSimpleType(base_type->node, depth + 1);
      if (!base_simple.ok()) return base_simple.status();
      result = std::move(*base_simple);
    }
  } else if (pugi::xml_node inner = Child(restriction, kXsdNamespace, "simpleType")) {
    absl::StatusOr<SimpleType> base_simple = ReadSimpleType(inner, depth + 1);
    if (!base_simple.ok()) return base_simple.status();
    result = std::move(*base_simple);
  } else {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(restriction), ": restriction without a base type"));
  }
  std::vector<std::pair<std::string, std::string>> enumeration;
  for (pugi::xml_node facet : Children(restriction, kXsdNamespace, "enumeration")) {
    enumeration.emplace_back(facet.attribute("value").value(), Documentation(facet));
  }
  // The most derived restriction's enumeration is the value space.
  if (!enumeration.empty()) result.enumeration = std::move(enumeration);
  ReadFacets(restriction, &result.facets);
  return result;
}

EnumModel Mapper::MakeEnum(std::string name, const SimpleType& simple, std::string_view xsd_name,
                           std::string_view ns, NameScope& value_names) {
  EnumModel model;
  const std::string prefix = ToUpperSnakeCase(name);
  model.name = std::move(name);
  model.xml.set_name(std::string(xsd_name));
  model.xml.set_namespace_(std::string(ns));
  model.xml.set_base(simple.builtin->type);
  const std::string strip = prefix + "_";
  model.values.push_back({value_names.UniqueEnumValue(prefix + "_UNSPECIFIED", strip), 0, ""});
  int number = 1;
  for (const auto& [literal, doc] : simple.enumeration) {
    std::string word = ToUpperSnakeCase(literal);
    if (word.empty()) word = literal.empty() ? "EMPTY" : StrCat("VALUE_", number);
    model.values.push_back(
        {value_names.UniqueEnumValue(StrCat(prefix, "_", word), strip), number, literal});
    ++number;
  }
  return model;
}

absl::StatusOr<TypeRef> Mapper::ResolveNamedType(const QualifiedName& name, pugi::xml_node user) {
  if (const Builtin* builtin = FindBuiltin(name)) {
    return TypeRef{std::string(builtin->proto), builtin->type, false, false};
  }
  // type="string" without a default namespace (a mistake even the WSDL 1.1 specification's own
  // example makes): when nothing of that name exists, the XSD built-in is what was meant.
  if (name.ns.empty() && set_.FindType(name) == nullptr) {
    if (const Builtin* builtin = FindBuiltin({std::string(kXsdNamespace), name.local})) {
      warnings_.push_back(StrCat(set_.Where(user), ": type '", name.local,
                                 "' has no namespace; read as xsd:", name.local));
      return TypeRef{std::string(builtin->proto), builtin->type, false, false};
    }
  }
  if (name.ns == kXsdNamespace && name.local == "anyType") return kAnyType;
  if (name.ns == kXsdNamespace) {
    // Anything else of the XSD namespace that is not mapped above.
    return absl::UnimplementedError(
        StrCat(set_.Where(user), ": xsd:", name.local, " is not supported yet"));
  }
  const SchemaNode* type = set_.FindType(name);
  if (type == nullptr) {
    absl::Status missing = absl::NotFoundError(
        StrCat(set_.Where(user), ": type {", name.ns, "}", name.local, " is not defined"));
    if (Excuse(missing)) return kAnyType;
    return missing;
  }
  if (Is(type->node, kXsdNamespace, "complexType")) {
    absl::StatusOr<std::string> message = MessageForType(name);
    if (!message.ok()) return message.status();
    return TypeRef{*message, XSD_TYPE_UNSPECIFIED, true, false};
  }
  absl::StatusOr<SimpleType> simple = ReadSimpleType(type->node, 0);
  if (!simple.ok()) return simple.status();
  if (simple->enumeration.empty()) {
    return ScalarOf(*simple);
  }
  auto it = named_enums_.find(name);
  if (it == named_enums_.end()) {
    EnumModel model = MakeEnum(top_names_.Unique(ToPascalCase(name.local), true), *simple,
                               name.local, name.ns, enum_value_names_);
    model.doc = Documentation(type->node);
    it = named_enums_.emplace(name, model.name).first;
    enums_.push_back(std::move(model));
  }
  return TypeRef{it->second, simple->builtin->type, false, true};
}

absl::StatusOr<TypeRef> Mapper::ResolveAnonymousType(pugi::xml_node element,
                                                     const SchemaInfo* schema,
                                                     std::string_view field_name,
                                                     MessageScope scope) {
  if (pugi::xml_node complex_type = Child(element, kXsdNamespace, "complexType")) {
    const std::string nested = scope.nested_names->Unique(ToPascalCase(field_name), true);
    const std::string path = StrCat(scope.path, ".", nested);
    absl::StatusOr<MessageModel> message = BuildComplexType(complex_type, schema, nested, path, "");
    if (!message.ok()) return message.status();
    scope.message->nested_messages.push_back(std::move(*message));
    return TypeRef{path, XSD_TYPE_UNSPECIFIED, true, false};
  }
  if (pugi::xml_node simple_type = Child(element, kXsdNamespace, "simpleType")) {
    absl::StatusOr<SimpleType> simple = ReadSimpleType(simple_type, 0);
    if (!simple.ok()) return simple.status();
    if (simple->enumeration.empty()) {
      return ScalarOf(*simple);
    }
    const std::string nested = scope.nested_names->Unique(ToPascalCase(field_name), true);
    // Nested enum values live in the message's scope, which the field names share.
    scope.message->nested_enums.push_back(
        MakeEnum(nested, *simple, "", schema->target_namespace, *scope.field_names));
    return TypeRef{StrCat(scope.path, ".", nested), simple->builtin->type, false, true};
  }
  (void)field_name;
  return kAnyType;  // an element without a type is xsd:anyType
}

absl::StatusOr<MessageModel> Mapper::BuildComplexType(pugi::xml_node complex_type,
                                                      const SchemaInfo* schema, std::string name,
                                                      std::string path, std::string_view xsd_name) {
  MessageModel message;
  message.name = std::move(name);
  message.xml.set_name(std::string(xsd_name));
  message.xml.set_namespace_(schema->target_namespace);
  message.doc = Documentation(complex_type);
  const std::string_view abstract = complex_type.attribute("abstract").value();
  message.xml.set_abstract(abstract == "true" || abstract == "1");
  const std::string where = set_.Where(complex_type);
  const std::string what =
      xsd_name.empty() ? "anonymous complex type" : StrCat("complex type '", xsd_name, "'");
  const bool mixed = std::string_view(complex_type.attribute("mixed").value()) == "true";
  NameScope field_names;
  NameScope nested_names;
  nested_names.Reserve(message.name);  // C++ forbids a nested type named like its class
  MessageScope scope{&message, &field_names, &nested_names, std::move(path)};
  if (mixed) {
    // Text interleaved with elements has no faithful field-by-field mapping: the content is
    // carried whole as XML, beside the attributes.
    DRAGOMAN_RETURN_IF_ERROR(AddAttributes(complex_type, schema, scope));
    AddMixedContent(what, scope);
  } else {
    DRAGOMAN_RETURN_IF_ERROR(AddTypeContent(complex_type, schema, scope, what, 0));
  }
  AvoidAccessorCollisions(message, field_names);
  return message;
}

absl::Status Mapper::AddTypeContent(pugi::xml_node holder, const SchemaInfo* schema,
                                    MessageScope scope, std::string_view what, int depth) {
  if (depth > kMaxDerivationDepth) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(holder), ": type derivation of ", what, " is circular or too deep"));
  }
  for (pugi::xml_node child : holder.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view kind = LocalNameOf(child);
    if (NamespaceOf(child) != kXsdNamespace || kind == "annotation") continue;
    if (kind == "sequence" || kind == "all" || kind == "group" || kind == "choice") {
      DRAGOMAN_RETURN_IF_ERROR(AddContent(child, schema, scope, /*optional=*/false));
    } else if (kind == "complexContent") {
      DRAGOMAN_RETURN_IF_ERROR(AddDerivedContent(child, schema, scope, what, depth));
    } else if (kind == "simpleContent") {
      DRAGOMAN_RETURN_IF_ERROR(AddSimpleContent(child, schema, scope, what, depth));
    } else if (kind == "attribute" || kind == "attributeGroup" || kind == "anyAttribute") {
      continue;  // attributes are added after the content, below
    } else {
      return absl::UnimplementedError(
          StrCat(set_.Where(child), ": xsd:", kind, " in ", what, " is not supported yet"));
    }
  }
  return AddAttributes(holder, schema, scope);
}

absl::Status Mapper::AddDerivedContent(pugi::xml_node complex_content, const SchemaInfo* schema,
                                       MessageScope scope, std::string_view what, int depth) {
  pugi::xml_node derivation = Child(complex_content, kXsdNamespace, "extension");
  const bool extension = static_cast<bool>(derivation);
  if (!extension) derivation = Child(complex_content, kXsdNamespace, "restriction");
  if (!derivation) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(complex_content), ": complexContent without extension or restriction"));
  }
  absl::StatusOr<QualifiedName> base = QNameAttr(derivation, "base");
  if (!base.ok()) return base.status();
  if (std::string_view(complex_content.attribute("mixed").value()) == "true") {
    // Mixed content: the attributes (inherited ones first) plus the whole content as XML.
    if (const SchemaNode* base_type = set_.FindType(*base);
        extension && base_type != nullptr && Is(base_type->node, kXsdNamespace, "complexType")) {
      DRAGOMAN_RETURN_IF_ERROR(AddAttributes(base_type->node, base_type->schema, scope));
    }
    DRAGOMAN_RETURN_IF_ERROR(AddAttributes(derivation, schema, scope));
    AddMixedContent(what, scope);
    return absl::OkStatus();
  }
  const bool soap_encoding =
      base->ns == kSoapEncodingNamespace || base->ns == kSoap12EncodingNamespace;
  if (soap_encoding && base->local == "Array" && !extension) {
    return AddSoapArray(derivation, scope);
  }
  if (soap_encoding) {
    return absl::UnimplementedError(
        StrCat(set_.Where(derivation), ": SOAP-encoded ", base->local, " is not supported yet"));
  }
  const bool any_type = base->ns == kXsdNamespace && base->local == "anyType";
  if (extension && !any_type) {
    // An extension is its base's content followed by its own, attributes included.
    const SchemaNode* base_type = set_.FindType(*base);
    if (base_type == nullptr || !Is(base_type->node, kXsdNamespace, "complexType")) {
      absl::Status missing =
          absl::NotFoundError(StrCat(set_.Where(derivation), ": base complex type {", base->ns, "}",
                                     base->local, " is not defined"));
      if (!Excuse(missing)) return missing;
      // Lenient: the base's part of the content is unknown; keep the extension's own.
      return AddTypeContent(derivation, schema, scope, what, depth + 1);
    }
    if (depth == 0) {
      scope.message->xml.mutable_base()->set_namespace_(base->ns);
      scope.message->xml.mutable_base()->set_name(base->local);
    }
    DRAGOMAN_RETURN_IF_ERROR(AddTypeContent(base_type->node, base_type->schema, scope,
                                            StrCat("complex type '", base->local, "'"), depth + 1));
  }
  // A restriction restates the whole content model it keeps, so only its own content counts.
  return AddTypeContent(derivation, schema, scope, what, depth + 1);
}

absl::Status Mapper::AddSoapArray(pugi::xml_node restriction, MessageScope scope) {
  // The item type comes from wsdl:arrayType="T[]" on the SOAP-ENC:arrayType attribute, or
  // from an element the restriction declares.
  std::string array_type;
  pugi::xml_node holder;
  for (pugi::xml_node attribute : Children(restriction, kXsdNamespace, "attribute")) {
    for (pugi::xml_attribute a : attribute.attributes()) {
      if (xml::LocalName(a.name()) != "arrayType") continue;
      std::string_view ns;
      const std::string_view prefix = xml::Prefix(a.name());
      if (!prefix.empty() && xml::ResolvePrefix(attribute, prefix, &ns) && ns == kWsdlNamespace) {
        array_type = a.value();
        holder = attribute;
      }
    }
  }
  std::string item_name = "item";
  std::string item_type_text;
  // SOAP 1.1 section 5.4.2: "T[r1]...[rn][size]": the last brackets are this array's own
  // dimensions, those before are the ranks of its items (arrays themselves).
  std::vector<int> ranks;
  if (!array_type.empty()) {
    const size_t bracket = array_type.find('[');
    bool valid = bracket != std::string::npos && bracket > 0;
    for (size_t at = bracket; valid && at < array_type.size();) {
      const size_t close = array_type.find(']', at);
      valid = array_type[at] == '[' && close != std::string::npos;
      if (!valid) break;
      int rank = 1;
      for (size_t i = at + 1; i < close; ++i) {
        if (array_type[i] == ',') {
          ++rank;
        } else if (!absl::ascii_isdigit(static_cast<unsigned char>(array_type[i]))) {
          valid = false;
        }
      }
      ranks.push_back(rank);
      at = close + 1;
    }
    if (!valid) {
      return absl::InvalidArgumentError(StrCat(set_.Where(holder), ": SOAP-ENC array type '",
                                               array_type, "' is not T[] or T[n,m] and the like"));
    }
    item_type_text = array_type.substr(0, bracket);
  } else {
    for (pugi::xml_node sequence : Children(restriction, kXsdNamespace, "sequence")) {
      holder = Child(sequence, kXsdNamespace, "element");
    }
    if (!holder || !holder.attribute("type")) {
      return absl::UnimplementedError(
          StrCat(set_.Where(restriction),
                 ": SOAP-ENC array without wsdl:arrayType or a typed item element"));
    }
    if (holder.attribute("name")) item_name = holder.attribute("name").value();
    item_type_text = holder.attribute("type").value();
    ranks.push_back(1);
  }
  absl::StatusOr<QualifiedName> item_qname = set_.ResolveQName(holder, item_type_text);
  if (!item_qname.ok()) return item_qname.status();
  absl::StatusOr<TypeRef> item_type = ResolveNamedType(*item_qname, holder);
  if (!item_type.ok()) return item_type.status();
  // Items that are arrays: one nested message per level, innermost first.
  std::string suffix;
  for (size_t level = 0; level + 1 < ranks.size(); ++level) {
    const std::string nested =
        scope.nested_names->Unique(level == 0 ? "ItemArray" : StrCat("ItemArray", level + 1), true);
    MessageModel inner;
    inner.name = nested;
    inner.doc = "One item of the array, itself a SOAP-encoded array.";
    NameScope field_names;
    NameScope nested_names;
    nested_names.Reserve(nested);
    MessageScope inner_scope{&inner, &field_names, &nested_names, StrCat(scope.path, ".", nested)};
    SetArrayShape(*item_qname, suffix, ranks[level], *item_type, inner_scope);
    item_type = TypeRef{inner_scope.path, XSD_TYPE_UNSPECIFIED, true, false};
    suffix += ranks[level] == 1 ? "[]" : StrCat("[", std::string(ranks[level] - 1, ','), "]");
    scope.message->nested_messages.push_back(std::move(inner));
  }
  SetArrayShape(*item_qname, suffix, ranks.back(), *item_type, scope, item_name);
  return absl::OkStatus();
}

void Mapper::SetArrayShape(const QualifiedName& item, const std::string& suffix, int rank,
                           const TypeRef& item_type, MessageScope scope,
                           const std::string& item_name) {
  scope.message->xml.mutable_array_item_type()->set_namespace_(item.ns);
  scope.message->xml.mutable_array_item_type()->set_name(item.local);
  scope.message->xml.set_array_item_suffix(suffix);
  if (rank > 1) scope.message->xml.set_array_rank(static_cast<uint32_t>(rank));
  FieldModel field;
  field.name = "item";
  field.xml.set_name(item_name);
  field.doc = rank > 1 ? "The array's items in row-major order (element names do not matter)."
                       : "The array's items (their element names do not matter on the wire).";
  AddField(std::move(field), item_type, {0, 0}, false, scope);
  if (rank > 1) {
    FieldModel dimensions;
    dimensions.name = "dimensions";
    dimensions.xml.set_dimensions(true);
    dimensions.doc = StrCat("The size of each of the ", rank,
                            " dimensions, outermost first; their product is the item count.");
    AddField(std::move(dimensions), TypeRef{"uint32", XSD_UNSIGNED_INT, false, false},
             {static_cast<uint32_t>(rank), static_cast<uint32_t>(rank)}, false, scope);
  }
}

absl::Status Mapper::AddSimpleContent(pugi::xml_node simple_content, const SchemaInfo* schema,
                                      MessageScope scope, std::string_view what, int depth) {
  pugi::xml_node derivation = Child(simple_content, kXsdNamespace, "extension");
  if (!derivation) derivation = Child(simple_content, kXsdNamespace, "restriction");
  if (!derivation) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(simple_content), ": simpleContent without extension or restriction"));
  }
  absl::StatusOr<QualifiedName> base = QNameAttr(derivation, "base");
  if (!base.ok()) return base.status();
  const SchemaNode* base_type = FindBuiltin(*base) ? nullptr : set_.FindType(*base);
  if (base_type != nullptr && Is(base_type->node, kXsdNamespace, "complexType")) {
    // Derived from another complex type with simple content: its value and attributes first.
    if (!Child(base_type->node, kXsdNamespace, "simpleContent")) {
      return absl::InvalidArgumentError(StrCat(set_.Where(derivation), ": simpleContent base ",
                                               base->local, " has complex content"));
    }
    DRAGOMAN_RETURN_IF_ERROR(AddTypeContent(base_type->node, base_type->schema, scope,
                                            StrCat("complex type '", base->local, "'"), depth + 1));
  } else {
    absl::StatusOr<TypeRef> type = ResolveNamedType(*base, derivation);
    if (!type.ok()) return type.status();
    FieldModel field;
    field.name = "value";
    field.xml.set_text(true);
    field.doc = StrCat("The text content of ", what, ".");
    AddField(std::move(field), *type, {1, 1}, false, scope);
  }
  return AddAttributes(derivation, schema, scope);
}

absl::Status Mapper::AddContent(pugi::xml_node particle, const SchemaInfo* schema,
                                MessageScope scope, bool optional) {
  const std::string_view kind = LocalNameOf(particle);
  if (kind == "group") {
    absl::StatusOr<Occurs> occurs = ReadOccurs(particle);
    if (!occurs.ok()) return occurs.status();
    if (occurs->max != 1) return AddModelGroup(particle, schema, *occurs, scope, nullptr);
    // An optional group makes everything in it optional.
    optional = optional || occurs->min == 0;
    absl::StatusOr<const SchemaNode*> group = GroupOf(particle);
    if (!group.ok()) return group.status();
    for (pugi::xml_node child : (*group)->node.children()) {
      if (child.type() != pugi::node_element || LocalNameOf(child) == "annotation") continue;
      DRAGOMAN_RETURN_IF_ERROR(AddContent(child, (*group)->schema, scope, optional));
    }
    return absl::OkStatus();
  }
  if (kind == "choice") return AddChoice(particle, schema, scope, optional);
  if (kind != "sequence" && kind != "all") {
    return absl::UnimplementedError(
        StrCat(set_.Where(particle), ": xsd:", kind, " is not supported yet"));
  }
  absl::StatusOr<Occurs> occurs = ReadOccurs(particle);
  if (!occurs.ok()) return occurs.status();
  if (occurs->max != 1) return AddModelGroup(particle, schema, *occurs, scope, nullptr);
  // An optional sequence makes everything in it optional, however deep.
  return AddSequenceContent(particle, schema, scope, optional || occurs->min == 0);
}

absl::Status Mapper::AddSequenceContent(pugi::xml_node particle, const SchemaInfo* schema,
                                        MessageScope scope, bool optional) {
  for (pugi::xml_node child : particle.children()) {
    if (child.type() != pugi::node_element || NamespaceOf(child) != kXsdNamespace) continue;
    const std::string_view child_kind = LocalNameOf(child);
    if (child_kind == "annotation") continue;
    if (child_kind == "element") {
      absl::StatusOr<Occurs> child_occurs = ReadOccurs(child);
      if (!child_occurs.ok()) return child_occurs.status();
      if (optional) child_occurs->min = 0;
      DRAGOMAN_RETURN_IF_ERROR(AddElement(child, schema, *child_occurs, scope));
    } else if (child_kind == "sequence" || child_kind == "group") {
      DRAGOMAN_RETURN_IF_ERROR(AddContent(child, schema, scope, optional));
    } else if (child_kind == "choice") {
      DRAGOMAN_RETURN_IF_ERROR(AddChoice(child, schema, scope, optional));
    } else if (child_kind == "any") {
      DRAGOMAN_RETURN_IF_ERROR(AddAny(child, optional, scope));
    } else {
      return absl::UnimplementedError(
          StrCat(set_.Where(child), ": xsd:", child_kind, " is not supported yet"));
    }
  }
  return absl::OkStatus();
}

absl::Status Mapper::AddElement(pugi::xml_node element, const SchemaInfo* schema, Occurs occurs,
                                MessageScope scope, const ChoiceMember* choice) {
  pugi::xml_node declaration = element;
  const SchemaInfo* declaration_schema = schema;
  FieldModel field;
  field.doc = Documentation(element);
  if (element.attribute("ref")) {
    absl::StatusOr<QualifiedName> ref = QNameAttr(element, "ref");
    if (!ref.ok()) return ref.status();
    const SchemaNode* global = set_.FindElement(*ref);
    if (global == nullptr) {
      absl::Status missing = absl::NotFoundError(
          StrCat(set_.Where(element), ": element {", ref->ns, "}", ref->local, " is not defined"));
      if (!Excuse(missing)) return missing;
      return AddRawElement(*ref, occurs, scope);
    }
    if (!set_.Substitutes(*ref).empty()) {
      return AddSubstitutionGroup(element, *ref, global, occurs, scope, choice);
    }
    declaration = global->node;
    declaration_schema = global->schema;
    field.xml.set_name(ref->local);
    field.xml.set_namespace_(ref->ns);
    if (field.doc.empty()) field.doc = Documentation(declaration);
  } else {
    field.xml.set_name(element.attribute("name").value());
    const std::string_view form = element.attribute("form").value();
    const bool qualified = form.empty() ? schema->elements_qualified : form == "qualified";
    if (qualified) field.xml.set_namespace_(schema->target_namespace);
  }
  if (field.xml.name().empty()) {
    return absl::InvalidArgumentError(StrCat(set_.Where(element), ": element without name or ref"));
  }
  return AddElementField(element, declaration, declaration_schema, std::move(field), occurs, scope,
                         choice);
}

absl::Status Mapper::AddElementField(pugi::xml_node element, pugi::xml_node declaration,
                                     const SchemaInfo* declaration_schema, FieldModel field,
                                     Occurs occurs, MessageScope scope,
                                     const ChoiceMember* choice) {
  // A substitution group member without a type of its own has its head's.
  QualifiedName typed_name{std::string(field.xml.namespace_()), std::string(field.xml.name())};
  for (int hops = 0; declaration != element && !declaration.attribute("type") &&
                     !Child(declaration, kXsdNamespace, "complexType") &&
                     !Child(declaration, kXsdNamespace, "simpleType") &&
                     declaration.attribute("substitutionGroup") && hops < kMaxDerivationDepth;
       ++hops) {
    absl::StatusOr<QualifiedName> head = QNameAttr(declaration, "substitutionGroup");
    if (!head.ok()) return head.status();
    const SchemaNode* head_node = set_.FindElement(*head);
    if (head_node == nullptr) break;
    declaration = head_node->node;
    declaration_schema = head_node->schema;
    typed_name = *head;
  }
  const bool nillable = std::string_view(declaration.attribute("nillable").value()) == "true";
  SetDefault(element, declaration, &field.xml);
  absl::StatusOr<TypeRef> type;
  if (declaration.attribute("type")) {
    absl::StatusOr<QualifiedName> type_name = QNameAttr(declaration, "type");
    if (!type_name.ok()) return type_name.status();
    type = ResolveNamedType(*type_name, declaration);
  } else if (declaration != element && !Child(declaration, kXsdNamespace, "complexType")) {
    // A reference to a global element with an anonymous simple type (or none).
    type = ResolveAnonymousType(declaration, declaration_schema, field.xml.name(), scope);
  } else if (declaration != element) {
    // A reference to a global element with an anonymous complex type: one message per element.
    absl::StatusOr<std::string> message = MessageForElement(typed_name);
    if (!message.ok()) return message.status();
    type = TypeRef{*message, XSD_TYPE_UNSPECIFIED, true, false};
  } else {
    type = ResolveAnonymousType(declaration, declaration_schema, field.xml.name(), scope);
  }
  if (!type.ok()) return type.status();
  field.name = ToSnakeCase(field.xml.name());
  AddField(std::move(field), *type, occurs, nillable, scope, choice);
  return absl::OkStatus();
}

void Mapper::AddMixedContent(std::string_view what, MessageScope scope) {
  FieldModel content;
  content.name = "content";
  content.xml.set_text(true);
  content.doc = StrCat("The mixed content of ", what, " (text and elements) as XML.");
  AddField(std::move(content), kAnyType, {1, 1}, false, scope);
}

absl::Status Mapper::AddAny(pugi::xml_node any, bool optional, MessageScope scope) {
  absl::StatusOr<Occurs> occurs = ReadOccurs(any);
  if (!occurs.ok()) return occurs.status();
  FieldModel field;
  field.name = "any";
  field.xml.set_any(true);
  field.doc = "Elements admitted by xsd:any, each one standalone XML element.";
  // Always repeated: how many elements match is up to the other side.
  AddField(std::move(field), TypeRef{"string", XSD_STRING, false, false},
           {optional ? 0u : occurs->min, occurs->max == 1 ? 0u : occurs->max}, false, scope);
  return absl::OkStatus();
}

absl::Status Mapper::AddSubstitutionGroup(pugi::xml_node use, const QualifiedName& head,
                                          const SchemaNode* head_node, Occurs occurs,
                                          MessageScope scope, const ChoiceMember* choice) {
  // The head and every member, directly or through other members, breadth first.
  std::vector<std::pair<QualifiedName, const SchemaNode*>> candidates = {{head, head_node}};
  std::set<QualifiedName> seen = {head};
  for (size_t i = 0; i < candidates.size(); ++i) {
    for (const QualifiedName& member : set_.Substitutes(candidates[i].first)) {
      const SchemaNode* node = set_.FindElement(member);
      if (node != nullptr && seen.insert(member).second) candidates.emplace_back(member, node);
    }
  }
  // Abstract elements never appear themselves.
  std::erase_if(candidates, [](const auto& candidate) {
    const std::string_view abstract = candidate.second->node.attribute("abstract").value();
    return abstract == "true" || abstract == "1";
  });
  bool any_nillable = false;
  for (const auto& [name, node] : candidates) {
    any_nillable |= std::string_view(node->node.attribute("nillable").value()) == "true";
  }
  // One element in the head's place: a oneof of the candidates, unless it repeats (or carries
  // nils), when each candidate becomes a field of its own.
  ChoiceMember group;
  const bool own_oneof = choice == nullptr && occurs.max == 1 && !any_nillable;
  if (own_oneof) {
    group = {scope.field_names->Unique(StrCat(ToSnakeCase(head.local), "_group")), occurs.min >= 1};
    choice = &group;
  }
  const Occurs member_occurs =
      choice != nullptr ? Occurs{0, 1} : Occurs{0, occurs.max == 1 ? 1 : occurs.max};
  for (const auto& [name, node] : candidates) {
    FieldModel field;
    field.xml.set_name(name.local);
    field.xml.set_namespace_(name.ns);
    field.doc = Documentation(node->node);
    if (name != head) {
      StrAppend(&field.doc, field.doc.empty() ? "" : " ", "May stand in for ", head.local,
                " (substitution group).");
    }
    DRAGOMAN_RETURN_IF_ERROR(AddElementField(use, node->node, node->schema, std::move(field),
                                             member_occurs, scope,
                                             any_nillable ? nullptr : choice));
  }
  return absl::OkStatus();
}

absl::Status Mapper::AddChoice(pugi::xml_node choice, const SchemaInfo* schema, MessageScope scope,
                               bool optional) {
  absl::StatusOr<Occurs> occurs = ReadOccurs(choice);
  if (!occurs.ok()) return occurs.status();
  std::vector<std::pair<pugi::xml_node, Occurs>> members;
  bool may_be_empty = optional || occurs->min == 0;
  bool repeated = occurs->max != 1;
  // A single choice whose element members repeat still picks one member: those members are
  // wrapped in a message of their own (a group field) so that one oneof holds the choice.
  bool wrap_repeated_elements = !repeated;
  for (pugi::xml_node child : choice.children()) {
    if (child.type() != pugi::node_element || NamespaceOf(child) != kXsdNamespace) continue;
    const std::string_view kind = LocalNameOf(child);
    if (kind == "annotation") continue;
    if (kind == "any") {
      repeated = true;  // carried beside the other members, not in a oneof
      wrap_repeated_elements = false;
    } else if (kind != "element" && kind != "sequence" && kind != "group") {
      return absl::UnimplementedError(
          StrCat(set_.Where(child), ": xsd:", kind, " inside xsd:choice is not supported yet"));
    }
    absl::StatusOr<Occurs> member_occurs = ReadOccurs(child);
    if (!member_occurs.ok()) return member_occurs.status();
    if (member_occurs->max != 1) {
      repeated = true;
      if (kind != "element") wrap_repeated_elements = false;
    }
    // A member that may be absent lets the whole choice be empty.
    if (member_occurs->min == 0) may_be_empty = true;
    members.emplace_back(child, *member_occurs);
  }
  if (members.empty()) return absl::OkStatus();
  if (repeated && wrap_repeated_elements) {
    const ChoiceMember member{scope.field_names->Unique("choice"), !may_be_empty};
    for (auto& [element, member_occurs] : members) {
      if (member_occurs.max != 1) {
        DRAGOMAN_RETURN_IF_ERROR(AddElementList(element, schema, member_occurs, scope, &member));
      } else if (LocalNameOf(element) != "element") {
        DRAGOMAN_RETURN_IF_ERROR(AddModelGroup(element, schema, {0, 1}, scope, &member));
      } else {
        DRAGOMAN_RETURN_IF_ERROR(AddElement(element, schema, {0, 1}, scope, &member));
      }
    }
    return absl::OkStatus();
  }
  if (repeated) {
    // A repeated choice, or one with a repeated member, lets its members mix or repeat, which a
    // oneof cannot hold: every member becomes an optional or repeated field of its own.
    for (auto& [element, member_occurs] : members) {
      if (LocalNameOf(element) == "any") {
        DRAGOMAN_RETURN_IF_ERROR(AddAny(element, /*optional=*/true, scope));
        continue;
      }
      Occurs field_occurs{0, occurs->max == 1 ? member_occurs.max : 0};
      if (LocalNameOf(element) != "element") {
        DRAGOMAN_RETURN_IF_ERROR(AddModelGroup(element, schema, field_occurs, scope, nullptr));
        continue;
      }
      DRAGOMAN_RETURN_IF_ERROR(AddElement(element, schema, field_occurs, scope));
    }
    return absl::OkStatus();
  }
  // One oneof per choice; its members are present or not, so minOccurs moves to the choice.
  const ChoiceMember member{scope.field_names->Unique("choice"), !may_be_empty};
  for (auto& [element, member_occurs] : members) {
    if (LocalNameOf(element) != "element") {
      DRAGOMAN_RETURN_IF_ERROR(AddModelGroup(element, schema, {0, 1}, scope, &member));
      continue;
    }
    DRAGOMAN_RETURN_IF_ERROR(AddElement(element, schema, {0, 1}, scope, &member));
  }
  return absl::OkStatus();
}

absl::Status Mapper::AddElementList(pugi::xml_node element, const SchemaInfo* schema, Occurs occurs,
                                    MessageScope scope, const ChoiceMember* choice) {
  const std::string name = element.attribute("name")
                               ? element.attribute("name").value()
                               : std::string(xml::LocalName(element.attribute("ref").value()));
  const std::string nested = scope.nested_names->Unique(ToPascalCase(StrCat(name, "List")), true);
  MessageModel message;
  message.name = nested;
  message.doc = StrCat("The ", name, " elements of one choice, in a row.");
  NameScope field_names;
  NameScope nested_names;
  nested_names.Reserve(nested);
  MessageScope inner{&message, &field_names, &nested_names, StrCat(scope.path, ".", nested)};
  DRAGOMAN_RETURN_IF_ERROR(AddElement(element, schema, occurs, inner));
  AvoidAccessorCollisions(message, field_names);
  scope.message->nested_messages.push_back(std::move(message));
  FieldModel field;
  field.name = ToSnakeCase(nested);
  field.xml.set_group(true);
  field.doc = StrCat("The choice of ", name, " elements (one or more in a row).");
  AddField(std::move(field), TypeRef{inner.path, XSD_TYPE_UNSPECIFIED, true, false}, {0, 1}, false,
           scope, choice);
  return absl::OkStatus();
}

absl::StatusOr<const SchemaNode*> Mapper::GroupOf(pugi::xml_node reference) {
  absl::StatusOr<QualifiedName> ref = QNameAttr(reference, "ref");
  if (!ref.ok()) return ref.status();
  const SchemaNode* group = set_.FindGroup(*ref);
  if (group == nullptr) {
    return absl::NotFoundError(
        StrCat(set_.Where(reference), ": group '", ref->local, "' is not defined"));
  }
  return group;
}

absl::Status Mapper::AddModelGroup(pugi::xml_node particle, const SchemaInfo* schema, Occurs occurs,
                                   MessageScope scope, const ChoiceMember* choice) {
  // The content: the sequence itself, or what a group reference names.
  pugi::xml_node content = particle;
  const SchemaInfo* content_schema = schema;
  if (LocalNameOf(particle) == "group") {
    absl::StatusOr<const SchemaNode*> group = GroupOf(particle);
    if (!group.ok()) return group.status();
    content = pugi::xml_node();
    for (pugi::xml_node child : (*group)->node.children()) {
      if (child.type() == pugi::node_element && LocalNameOf(child) != "annotation") content = child;
    }
    content_schema = (*group)->schema;
    if (!content) return absl::OkStatus();  // an empty group adds nothing
  }
  // Named after its first element: (street, city) -> StreetGroup.
  std::string first = "Sequence";
  // The first xsd:element in document order, however deep.
  for (pugi::xml_node node = content.first_child(); node;) {
    if (node.type() == pugi::node_element && Is(node, kXsdNamespace, "element")) {
      first = node.attribute("name") ? node.attribute("name").value()
                                     : std::string(xml::LocalName(node.attribute("ref").value()));
      break;
    }
    if (node.first_child() && !Is(node, kXsdNamespace, "annotation")) {
      node = node.first_child();
      continue;
    }
    while (node && !node.next_sibling() && node != content) node = node.parent();
    if (!node || node == content) break;
    node = node.next_sibling();
  }
  const std::string nested = scope.nested_names->Unique(ToPascalCase(StrCat(first, "Group")), true);
  MessageModel message;
  message.name = nested;
  NameScope field_names;
  NameScope nested_names;
  nested_names.Reserve(nested);
  MessageScope inner{&message, &field_names, &nested_names, StrCat(scope.path, ".", nested)};
  // The particle's own occurrence is the field's; its content is read once per occurrence.
  if (LocalNameOf(content) == "choice") {
    DRAGOMAN_RETURN_IF_ERROR(AddChoice(content, content_schema, inner, /*optional=*/false));
  } else {
    DRAGOMAN_RETURN_IF_ERROR(AddSequenceContent(content, content_schema, inner, false));
  }
  for (const FieldModel& field : message.fields) {
    if (field.xml.attribute() || field.xml.any() || field.xml.group() || field.xml.text()) {
      return absl::UnimplementedError(
          StrCat(set_.Where(particle),
                 ": a repeated or alternative sequence holding xsd:any or another such sequence "
                 "is not supported yet"));
    }
  }
  AvoidAccessorCollisions(message, field_names);
  message.doc = StrCat("One occurrence of a sequence; its elements appear inline, without an ",
                       "element of their own.");
  scope.message->nested_messages.push_back(std::move(message));
  FieldModel field;
  field.name = ToSnakeCase(nested);
  field.xml.set_group(true);
  field.doc = StrCat("The sequence starting with ", first,
                     (occurs.max != 1 ? ", each occurrence" : ""), ".");
  AddField(std::move(field), TypeRef{inner.path, XSD_TYPE_UNSPECIFIED, true, false}, occurs, false,
           scope, choice);
  return absl::OkStatus();
}

absl::Status Mapper::AddAttributes(pugi::xml_node owner, const SchemaInfo* schema,
                                   MessageScope scope) {
  for (pugi::xml_node child : owner.children()) {
    if (child.type() != pugi::node_element || NamespaceOf(child) != kXsdNamespace) continue;
    const std::string_view kind = LocalNameOf(child);
    if (kind == "attribute") {
      DRAGOMAN_RETURN_IF_ERROR(AddAttribute(child, schema, scope));
    } else if (kind == "attributeGroup") {
      absl::StatusOr<QualifiedName> ref = QNameAttr(child, "ref");
      if (!ref.ok()) return ref.status();
      const SchemaNode* group = set_.FindAttributeGroup(*ref);
      if (group == nullptr) {
        return absl::NotFoundError(
            StrCat(set_.Where(child), ": attributeGroup '", ref->local, "' is not defined"));
      }
      DRAGOMAN_RETURN_IF_ERROR(AddAttributes(group->node, group->schema, scope));
    } else if (kind == "anyAttribute") {
      FieldModel field;
      field.name = "any_attributes";
      field.xml.set_any_attribute(true);
      field.xml.set_attribute(true);
      field.doc = "Attributes admitted by xsd:anyAttribute, keyed by {namespace}local.";
      AddField(std::move(field), TypeRef{"map<string, string>", XSD_STRING, false, false}, {0, 1},
               false, scope);
    }
  }
  return absl::OkStatus();
}

absl::Status Mapper::AddAttribute(pugi::xml_node attribute, const SchemaInfo* schema,
                                  MessageScope scope) {
  pugi::xml_node declaration = attribute;
  FieldModel field;
  field.xml.set_attribute(true);
  field.doc = Documentation(attribute);
  if (attribute.attribute("ref")) {
    absl::StatusOr<QualifiedName> ref = QNameAttr(attribute, "ref");
    if (!ref.ok()) return ref.status();
    field.xml.set_name(ref->local);
    field.xml.set_namespace_(ref->ns);
    if (ref->ns == xml::kXmlNamespace) {
      // xml:lang and friends are strings; their schema is built in.
      field.name = ToSnakeCase(ref->local);
      const bool required = std::string_view(attribute.attribute("use").value()) == "required";
      AddField(std::move(field), TypeRef{"string", XSD_STRING, false, false},
               {required ? 1u : 0u, 1}, false, scope);
      return absl::OkStatus();
    }
    const SchemaNode* global = set_.FindAttribute(*ref);
    if (global == nullptr) {
      return absl::NotFoundError(
          StrCat(set_.Where(attribute), ": attribute '", ref->local, "' is not defined"));
    }
    declaration = global->node;
    schema = global->schema;
  } else {
    field.xml.set_name(attribute.attribute("name").value());
    const std::string_view form = attribute.attribute("form").value();
    const bool qualified = form.empty() ? schema->attributes_qualified : form == "qualified";
    if (qualified) field.xml.set_namespace_(schema->target_namespace);
  }
  if (std::string_view(attribute.attribute("use").value()) == "prohibited") {
    return absl::OkStatus();
  }
  // A restriction restates the attributes it keeps; the inherited declaration stands.
  for (const FieldModel& existing : scope.message->fields) {
    if (existing.xml.attribute() && existing.xml.name() == field.xml.name() &&
        existing.xml.namespace_() == field.xml.namespace_()) {
      return absl::OkStatus();
    }
  }
  absl::StatusOr<TypeRef> type;
  if (declaration.attribute("type")) {
    absl::StatusOr<QualifiedName> type_name = QNameAttr(declaration, "type");
    if (!type_name.ok()) return type_name.status();
    type = ResolveNamedType(*type_name, declaration);
  } else if (Child(declaration, kXsdNamespace, "simpleType")) {
    type = ResolveAnonymousType(declaration, schema, field.xml.name(), scope);
  } else {
    type = TypeRef{"string", XSD_STRING, false, false};  // anySimpleType
  }
  if (!type.ok()) return type.status();
  if (type->is_message) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(attribute), ": attribute '", field.xml.name(), "' has a complex type"));
  }
  field.name = ToSnakeCase(field.xml.name());
  const bool required = std::string_view(attribute.attribute("use").value()) == "required";
  SetDefault(attribute, declaration, &field.xml);
  AddField(std::move(field), *type, {required ? 1u : 0u, 1}, false, scope);
  return absl::OkStatus();
}

void Mapper::SetDefault(pugi::xml_node use, pugi::xml_node declaration, XmlField* xml) {
  // The local use's value wins over the referenced declaration's; fixed implies the value.
  for (pugi::xml_node node : {use, declaration}) {
    for (const char* name : {"default", "fixed"}) {
      if (pugi::xml_attribute value = node.attribute(name)) {
        xml->set_default_value(value.value());
        xml->set_fixed(std::string_view(name) == "fixed");
        return;
      }
    }
  }
}

void Mapper::AddField(FieldModel field, const TypeRef& type, const Occurs& occurs, bool nillable,
                      MessageScope scope, const ChoiceMember* choice) {
  field.name = scope.field_names->Unique(field.name.empty() ? "value" : field.name);
  field.type = type.proto;
  field.xml.set_type(type.is_message ? XSD_TYPE_UNSPECIFIED : type.xsd);
  field.xml.set_raw_content(type.raw);
  if (type.facets.ByteSizeLong() > 0) *field.xml.mutable_facets() = type.facets;
  field.xml.set_min_occurs(occurs.min);
  field.xml.set_max_occurs(occurs.max);
  field.xml.set_nillable(nillable);
  // A nillable field gets a marker beside it so xsi:nil is neither dropped nor mistaken for a
  // value; the marker's shape follows the field's.
  struct NilMarker {
    std::string type;
    FieldModel::Label label;
    std::string oneof;
    std::string doc;
  };
  std::optional<NilMarker> nil_marker;
  if (choice != nullptr) {
    field.oneof = choice->oneof;
    field.xml.set_required_choice(choice->required);
    field.label = FieldModel::Label::kSingular;
    // xsi:nil is one more way to make the choice: a marker in the same oneof.
    if (nillable) {
      nil_marker = NilMarker{"bool", FieldModel::Label::kSingular, choice->oneof,
                             StrCat("True when the choice is ", field.xml.name(), " as xsi:nil.")};
    }
  } else if (field.type.starts_with("map<")) {
    field.label = FieldModel::Label::kSingular;  // maps are repeated by nature
  } else if (occurs.max != 1) {
    field.label = FieldModel::Label::kRepeated;
    if (nillable) {
      nil_marker =
          NilMarker{"uint32", FieldModel::Label::kRepeated, "",
                    StrCat("Positions (from 0) of the ", field.xml.name(),
                           " items that are xsi:nil; those items hold the default value.")};
    }
  } else if (nillable && occurs.min == 0) {
    // absent, nil and value are three states: a oneof of the value and a nil marker.
    field.oneof = scope.field_names->Unique(field.name + "_or_nil");
    field.label = FieldModel::Label::kSingular;
    nil_marker = NilMarker{"bool", FieldModel::Label::kSingular, field.oneof,
                           StrCat("True when ", field.xml.name(), " is xsi:nil.")};
  } else {
    // Messages have presence already; scalars need proto3 optional when absence (or nil) is a
    // state of its own.
    const bool needs_presence = occurs.min == 0 || nillable;
    field.label = needs_presence && !type.is_message ? FieldModel::Label::kOptional
                                                     : FieldModel::Label::kSingular;
  }
  field.number = static_cast<int>(scope.message->fields.size()) + 1;
  const std::string name = field.name;
  scope.message->fields.push_back(std::move(field));
  if (!nil_marker) return;
  FieldModel marker;
  marker.name = scope.field_names->Unique(name + "_nil");
  marker.type = std::move(nil_marker->type);
  marker.label = nil_marker->label;
  marker.oneof = std::move(nil_marker->oneof);
  marker.xml.set_nil_of(name);
  marker.doc = std::move(nil_marker->doc);
  marker.number = static_cast<int>(scope.message->fields.size()) + 1;
  scope.message->fields.push_back(std::move(marker));
}

bool Mapper::IsComplexElement(const QualifiedName& name) const {
  const SchemaNode* global = set_.FindElement(name);
  if (global == nullptr) return false;
  if (Child(global->node, kXsdNamespace, "complexType")) return true;
  if (!global->node.attribute("type")) return false;
  absl::StatusOr<QualifiedName> type =
      set_.ResolveQName(global->node, global->node.attribute("type").value());
  if (!type.ok()) return false;
  const SchemaNode* type_node = set_.FindType(*type);
  return type_node != nullptr && Is(type_node->node, kXsdNamespace, "complexType");
}

void Mapper::AvoidAccessorCollisions(MessageModel& message, NameScope& names) {
  static constexpr std::string_view kPrefixes[] = {"has_",
                                                   "clear_",
                                                   "set_",
                                                   "mutable_",
                                                   "release_",
                                                   "add_",
                                                   "set_allocated_",
                                                   "unsafe_arena_set_allocated_",
                                                   "unsafe_arena_release_"};
  std::set<std::string> accessors;
  for (const FieldModel& field : message.fields) {
    for (std::string_view prefix : kPrefixes) accessors.insert(StrCat(prefix, field.name));
    accessors.insert(StrCat(field.name, "_size"));
  }
  for (FieldModel& field : message.fields) {
    if (accessors.count(field.name) == 0) continue;
    const std::string renamed = names.Unique(StrCat(field.name, "_field"));
    // A nil marker names the field it marks; keep it pointing at the new name.
    for (FieldModel& other : message.fields) {
      if (other.xml.nil_of() == field.name) other.xml.set_nil_of(renamed);
    }
    field.name = renamed;
  }
}

absl::Status Mapper::AddRawElement(const QualifiedName& name, Occurs occurs, MessageScope scope) {
  FieldModel field;
  field.xml.set_name(name.local);
  field.xml.set_namespace_(name.ns);
  field.name = ToSnakeCase(name.local);
  field.doc = "Declared nowhere in the schema; carried as raw XML.";
  AddField(std::move(field), kAnyType, occurs, false, scope);
  return absl::OkStatus();
}

absl::Status Mapper::AddPart(pugi::xml_node part, Occurs occurs, MessageScope scope) {
  if (!part.attribute("element")) {
    // A part with type=: an unqualified child named after the part.
    absl::StatusOr<QualifiedName> type_name = QNameAttr(part, "type");
    if (!type_name.ok()) return type_name.status();
    absl::StatusOr<TypeRef> type = ResolveNamedType(*type_name, part);
    if (!type.ok()) return type.status();
    FieldModel field;
    field.xml.set_name(part.attribute("name").value());
    field.name = ToSnakeCase(field.xml.name());
    field.doc = Documentation(part);
    AddField(std::move(field), *type, occurs, false, scope);
    return absl::OkStatus();
  }
  absl::StatusOr<QualifiedName> name = QNameAttr(part, "element");
  if (!name.ok()) return name.status();
  const SchemaNode* global = set_.FindElement(*name);
  if (global == nullptr) {
    absl::Status missing = absl::NotFoundError(
        StrCat(set_.Where(part), ": element {", name->ns, "}", name->local, " is not defined"));
    if (!Excuse(missing)) return missing;
    return AddRawElement(*name, occurs, scope);
  }
  return AddPartElement(*name, global, occurs, scope);
}

absl::Status Mapper::AddPartElement(const QualifiedName& name, const SchemaNode* global,
                                    Occurs occurs, MessageScope scope) {
  // Global elements are always namespace-qualified: the part is added as a ref to it.
  pugi::xml_document scratch;
  pugi::xml_node ref = scratch.append_child("xsd:element");
  ref.append_attribute("xmlns:xsd") = std::string(kXsdNamespace).c_str();
  ref.append_attribute("xmlns:p") = name.ns.c_str();
  ref.append_attribute("ref") = StrCat("p:", name.local).c_str();
  return AddElement(ref, global->schema, occurs, scope);
}

absl::StatusOr<std::vector<pugi::xml_node>> Mapper::HeaderParts(pugi::xml_node io,
                                                                std::string_view soap_ns) {
  std::vector<pugi::xml_node> headers;
  for (pugi::xml_node header : Children(io, soap_ns, "header")) {
    absl::StatusOr<QualifiedName> message_name = QNameAttr(header, "message");
    if (!message_name.ok()) return message_name.status();
    const pugi::xml_node message = set_.FindWsdl("message", *message_name);
    if (!message) {
      return absl::NotFoundError(StrCat(set_.Where(header), ": header message '",
                                        message_name->local, "' is not defined"));
    }
    const std::string_view part_name = header.attribute("part").value();
    pugi::xml_node part;
    for (pugi::xml_node candidate : Children(message, kWsdlNamespace, "part")) {
      if (part_name == candidate.attribute("name").value()) part = candidate;
    }
    if (!part) {
      return absl::NotFoundError(StrCat(set_.Where(header), ": message '", message_name->local,
                                        "' has no part '", part_name, "'"));
    }
    headers.push_back(part);
  }
  return headers;
}

absl::Status Mapper::CheckBindingIo(pugi::xml_node io, std::string_view where_op, bool rpc,
                                    bool* encoded) {
  for (pugi::xml_node child : io.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view ns = NamespaceOf(child);
    if (ns != kWsdlSoap11Namespace && ns != kWsdlSoap12Namespace) continue;
    const std::string_view kind = LocalNameOf(child);
    if (kind == "body") {
      if (std::string_view(child.attribute("use").value()) == "encoded") {
        if (!rpc) {
          return absl::UnimplementedError(StrCat(set_.Where(child),
                                                 ": document style with use=\"encoded\" (",
                                                 where_op, ") is not supported"));
        }
        *encoded = true;
      }
    } else if (kind == "header") {
      if (std::string_view(child.attribute("use").value()) == "encoded") {
        return absl::UnimplementedError(StrCat(set_.Where(child), ": encoded soap:header (",
                                               where_op, ") is not supported yet"));
      }
      // A nested headerfault only describes faults carried in headers; they still map as faults.
    } else if (kind != "fault") {
      return absl::UnimplementedError(
          StrCat(set_.Where(child), ": soap:", kind, " is not supported yet"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Mapper::MapBodyMessage(pugi::xml_node message, pugi::xml_node soap_body,
                                                   const BodyShape& shape, QName* element) {
  const std::string& synthetic_name = shape.synthetic_name;
  std::vector<pugi::xml_node> parts = Children(message, kWsdlNamespace, "part");
  if (soap_body && soap_body.attribute("parts")) {
    // soap:body parts="a b" restricts the body to the named parts, in that order.
    std::vector<pugi::xml_node> selected;
    for (absl::string_view name : absl::StrSplit(soap_body.attribute("parts").value(),
                                                 absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty())) {
      for (pugi::xml_node part : parts) {
        if (ToStd(name) == part.attribute("name").value()) selected.push_back(part);
      }
    }
    parts = std::move(selected);
  } else {
    // Without parts=, the body takes the parts no soap:header binds (as WS-I Basic Profile and
    // every major stack read WSDL 1.1), so a header is not sent twice.
    std::erase_if(parts, [&shape](pugi::xml_node part) {
      return std::find(shape.headers.begin(), shape.headers.end(), part) != shape.headers.end();
    });
  }
  for (pugi::xml_node part : parts) {
    if (!shape.rpc && !part.attribute("element")) {
      return absl::InvalidArgumentError(
          StrCat(set_.Where(part), ": part '", part.attribute("name").value(),
                 "' uses type=, which only rpc style allows; document style needs element="));
    }
  }
  if (shape.rpc) {
    // rpc: the Body holds one wrapper element named after the operation, in soap:body's
    // namespace, whose children are the parts.
    std::string ns = soap_body.attribute("namespace").value();
    if (ns.empty()) ns = message.parent().attribute("targetNamespace").value();
    element->set_namespace_(ns);
    element->set_name(shape.rpc_wrapper);
  } else if (parts.size() == 1 && shape.headers.empty()) {
    absl::StatusOr<QualifiedName> name = QNameAttr(parts[0], "element");
    if (!name.ok()) return name.status();
    const SchemaNode* global = set_.FindElement(*name);
    if (global == nullptr) {
      return absl::NotFoundError(StrCat(set_.Where(parts[0]), ": element {", name->ns, "}",
                                        name->local, " is not defined"));
    }
    if (IsComplexElement(*name)) {
      element->set_namespace_(name->ns);
      element->set_name(name->local);
      return MessageForElement(*name);
    }
  }
  // rpc, or document style with zero, several or one simple-typed part: each part is a child
  // (of the rpc wrapper or of Body) and the message gathers them as fields.
  if (auto it = synthetic_messages_.find(synthetic_name); it != synthetic_messages_.end()) {
    return it->second;
  }
  MessageModel synthetic;
  synthetic.name = top_names_.Unique(std::string(synthetic_name), true);
  NameScope field_names;
  NameScope nested_names;
  nested_names.Reserve(synthetic.name);
  MessageScope scope{&synthetic, &field_names, &nested_names, synthetic.name};
  if (shape.rpc) synthetic.xml.set_namespace_(element->namespace_());
  synthetic.xml.set_encoded(shape.encoded);
  for (pugi::xml_node header : shape.headers) {
    DRAGOMAN_RETURN_IF_ERROR(AddPart(header, {0, 1}, scope));
    synthetic.fields.back().xml.set_header(true);
  }
  for (pugi::xml_node part : parts) {
    const size_t before = synthetic.fields.size();
    DRAGOMAN_RETURN_IF_ERROR(AddPart(part, {1, 1}, scope));
    if (synthetic.fields.size() > before && synthetic.fields.back().doc.empty()) {
      synthetic.fields.back().doc = Documentation(part);
    }
  }
  AvoidAccessorCollisions(synthetic, field_names);
  synthetic_messages_[std::string(synthetic_name)] = synthetic.name;
  const std::string result = synthetic.name;
  messages_.push_back(std::move(synthetic));
  return result;
}

absl::Status Mapper::MapPort(pugi::xml_node service, pugi::xml_node port, bool only_port,
                             FileModel* file) {
  absl::StatusOr<QualifiedName> binding_name = QNameAttr(port, "binding");
  if (!binding_name.ok()) return binding_name.status();
  const pugi::xml_node binding = set_.FindWsdl("binding", *binding_name);
  if (!binding) {
    return absl::NotFoundError(
        StrCat(set_.Where(port), ": binding '", binding_name->local, "' is not defined"));
  }
  SoapVersion version = SOAP_VERSION_UNSPECIFIED;
  pugi::xml_node soap_binding = Child(binding, kWsdlSoap11Namespace, "binding");
  if (soap_binding) {
    version = SOAP_1_1;
  } else if ((soap_binding = Child(binding, kWsdlSoap12Namespace, "binding"))) {
    version = SOAP_1_2;
  } else {
    return absl::OkStatus();  // an HTTP or MIME binding: not a SOAP port
  }
  const std::string_view soap_ns =
      version == SOAP_1_1 ? kWsdlSoap11Namespace : kWsdlSoap12Namespace;
  const std::string_view binding_style = soap_binding.attribute("style").value();

  absl::StatusOr<QualifiedName> port_type_name = QNameAttr(binding, "type");
  if (!port_type_name.ok()) return port_type_name.status();
  const pugi::xml_node port_type = set_.FindWsdl("portType", *port_type_name);
  if (!port_type) {
    return absl::NotFoundError(
        StrCat(set_.Where(binding), ": portType '", port_type_name->local, "' is not defined"));
  }

  ServiceModel model;
  const std::string service_name = service.attribute("name").value();
  const std::string port_name = port.attribute("name").value();
  model.name = top_names_.Unique(ToPascalCase(only_port ? service_name : port_name), true);
  model.doc = Documentation(service);
  model.soap.set_service(service_name);
  model.soap.set_port(port_name);
  model.soap.set_version(version);
  model.soap.set_address(Child(port, soap_ns, "address").attribute("location").value());

  NameScope method_names;
  for (pugi::xml_node operation : Children(binding, kWsdlNamespace, "operation")) {
    const std::string op_name = operation.attribute("name").value();
    if (!operations_.empty()) {
      if (operations_.count(op_name) == 0) continue;
      found_operations_.insert(op_name);
    }
    const std::string where_op = StrCat("operation '", op_name, "'");
    pugi::xml_node abstract;
    int matches = 0;
    for (pugi::xml_node candidate : Children(port_type, kWsdlNamespace, "operation")) {
      if (op_name == candidate.attribute("name").value()) {
        abstract = candidate;
        ++matches;
      }
    }
    if (matches != 1) {
      absl::Status problem = absl::InvalidArgumentError(StrCat(
          set_.Where(operation), ": ", where_op,
          matches == 0 ? " is not in the portType" : " is overloaded, which is not supported"));
      if (matches == 0 && Excuse(problem)) continue;  // skip the operation
      return problem;
    }
    const pugi::xml_node soap_op = Child(operation, soap_ns, "operation");
    std::string_view style = soap_op.attribute("style").value();
    if (style.empty()) style = binding_style;
    const bool rpc = style == "rpc";
    MethodModel method;
    method.name = method_names.Unique(ToPascalCase(op_name), true);
    method.doc = Documentation(abstract);
    method.soap.set_name(op_name);
    method.soap.set_action(soap_op.attribute("soapAction").value());
    method.soap.set_version(version);
    method.soap.set_style(rpc ? RPC : DOCUMENT);

    const pugi::xml_node input = Child(abstract, kWsdlNamespace, "input");
    const pugi::xml_node output = Child(abstract, kWsdlNamespace, "output");
    if (!input) {
      return absl::UnimplementedError(
          StrCat(set_.Where(abstract), ": ", where_op,
                 " has no input (notification operations are not supported)"));
    }
    const pugi::xml_node binding_input = Child(operation, kWsdlNamespace, "input");
    const pugi::xml_node binding_output = Child(operation, kWsdlNamespace, "output");
    bool encoded = false;
    DRAGOMAN_RETURN_IF_ERROR(CheckBindingIo(binding_input, where_op, rpc, &encoded));
    DRAGOMAN_RETURN_IF_ERROR(CheckBindingIo(binding_output, where_op, rpc, &encoded));
    method.soap.set_encoded(encoded);

    auto message_of = [&](pugi::xml_node io) -> absl::StatusOr<pugi::xml_node> {
      absl::StatusOr<QualifiedName> name = QNameAttr(io, "message");
      if (!name.ok()) return name.status();
      pugi::xml_node message = set_.FindWsdl("message", *name);
      if (!message) {
        return absl::NotFoundError(
            StrCat(set_.Where(io), ": message '", name->local, "' is not defined"));
      }
      return message;
    };
    absl::StatusOr<pugi::xml_node> input_message = message_of(input);
    if (!input_message.ok()) {
      if (Excuse(input_message.status())) continue;  // skip the operation
      return input_message.status();
    }
    absl::StatusOr<std::vector<pugi::xml_node>> input_headers = HeaderParts(binding_input, soap_ns);
    if (!input_headers.ok()) return input_headers.status();
    absl::StatusOr<std::string> input_type = MapBodyMessage(
        *input_message, Child(binding_input, soap_ns, "body"),
        {StrCat(ToPascalCase(op_name), "Request"), rpc, op_name, *input_headers, encoded},
        method.soap.mutable_request_element());
    if (!input_type.ok()) return input_type.status();
    method.input = *input_type;
    if (output) {
      absl::StatusOr<pugi::xml_node> output_message = message_of(output);
      if (!output_message.ok()) {
        if (Excuse(output_message.status())) continue;  // skip the operation
        return output_message.status();
      }
      absl::StatusOr<std::vector<pugi::xml_node>> output_headers =
          HeaderParts(binding_output, soap_ns);
      if (!output_headers.ok()) return output_headers.status();
      absl::StatusOr<std::string> output_type =
          MapBodyMessage(*output_message, Child(binding_output, soap_ns, "body"),
                         {StrCat(ToPascalCase(op_name), "Response"), rpc,
                          StrCat(op_name, "Response"), *output_headers, encoded},
                         method.soap.mutable_response_element());
      if (!output_type.ok()) return output_type.status();
      method.output = *output_type;
    } else {
      method.soap.set_one_way(true);
      const std::string ack = StrCat(ToPascalCase(op_name), "Ack");
      auto it = synthetic_messages_.find(ack);
      if (it == synthetic_messages_.end()) {
        MessageModel empty;
        empty.name = top_names_.Unique(ack, true);
        empty.doc = "One-way operation: the backend sends no reply.";
        it = synthetic_messages_.emplace(ack, empty.name).first;
        messages_.push_back(std::move(empty));
      }
      method.output = it->second;
    }
    for (pugi::xml_node fault : Children(abstract, kWsdlNamespace, "fault")) {
      absl::StatusOr<pugi::xml_node> fault_message = message_of(fault);
      if (!fault_message.ok()) return fault_message.status();
      const std::vector<pugi::xml_node> parts = Children(*fault_message, kWsdlNamespace, "part");
      if (parts.size() != 1 || !parts[0].attribute("element")) {
        return absl::UnimplementedError(StrCat(
            set_.Where(*fault_message), ": fault message must have exactly one element part"));
      }
      absl::StatusOr<QualifiedName> element = QNameAttr(parts[0], "element");
      if (!element.ok()) return element.status();
      absl::StatusOr<std::string> detail = IsComplexElement(*element)
                                               ? MessageForElement(*element)
                                               : MessageForSimpleElement(*element);
      if (!detail.ok()) return detail.status();
      SoapFaultType* declared = method.soap.add_faults();
      declared->set_name(fault.attribute("name").value());
      declared->mutable_element()->set_namespace_(element->ns);
      declared->mutable_element()->set_name(element->local);
      declared->set_message_type(*detail);  // package-qualified by the emitter
    }
    model.methods.push_back(std::move(method));
  }
  file->services.push_back(std::move(model));
  return absl::OkStatus();
}

absl::Status Mapper::MapServices(FileModel* file) {
  for (pugi::xml_node definitions : set_.definitions()) {
    for (pugi::xml_node service : Children(definitions, kWsdlNamespace, "service")) {
      const std::vector<pugi::xml_node> ports = Children(service, kWsdlNamespace, "port");
      int soap_ports = 0;
      for (pugi::xml_node port : ports) {
        if (Child(port, kWsdlSoap11Namespace, "address") ||
            Child(port, kWsdlSoap12Namespace, "address")) {
          ++soap_ports;
        }
      }
      for (pugi::xml_node port : ports) {
        if (!Child(port, kWsdlSoap11Namespace, "address") &&
            !Child(port, kWsdlSoap12Namespace, "address")) {
          continue;
        }
        DRAGOMAN_RETURN_IF_ERROR(MapPort(service, port, soap_ports == 1, file));
      }
    }
  }
  for (const std::string& wanted : operations_) {
    if (found_operations_.count(wanted) == 0) {
      return absl::InvalidArgumentError(
          StrCat("--operations: no SOAP port has an operation '", wanted, "'"));
    }
  }
  DRAGOMAN_RETURN_IF_ERROR(AddDerivedTypes());
  // A port whose operations were all filtered out serves nothing.
  std::erase_if(file->services,
                [](const ServiceModel& service) { return service.methods.empty(); });
  if (file->services.empty()) {
    return absl::InvalidArgumentError(
        StrCat(set_.Where(set_.definitions().front()),
               ": the WSDL declares no wsdl:service with a SOAP port"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string PackageFromNamespace(std::string_view ns) {
  std::vector<std::string> parts;
  absl::string_view rest = ToAbsl(ns);
  if (absl::ConsumePrefix(&rest, "urn:")) {
    for (absl::string_view part : absl::StrSplit(rest, ':', absl::SkipEmpty())) {
      parts.push_back(ToSnakeCase(ToStd(part)));
    }
  } else {
    if (const size_t scheme = rest.find("://"); scheme != absl::string_view::npos) {
      rest.remove_prefix(scheme + 3);
    }
    const size_t slash = rest.find('/');
    absl::string_view host = rest.substr(0, slash);
    host = host.substr(0, host.find(':'));  // drop a port
    std::vector<absl::string_view> labels = absl::StrSplit(host, '.', absl::SkipEmpty());
    for (auto it = labels.rbegin(); it != labels.rend(); ++it) {
      if (*it != "www") parts.push_back(ToSnakeCase(ToStd(*it)));
    }
    if (slash != absl::string_view::npos) {
      for (absl::string_view segment :
           absl::StrSplit(rest.substr(slash), absl::ByAnyChar("/#?"), absl::SkipEmpty())) {
        if (absl::EndsWith(segment, ".wsdl") || absl::EndsWith(segment, ".xsd")) continue;
        parts.push_back(ToSnakeCase(ToStd(segment)));
      }
    }
  }
  std::vector<std::string> cleaned;
  for (std::string& part : parts) {
    if (part.empty()) continue;
    if (absl::ascii_isdigit(static_cast<unsigned char>(part[0]))) part = "v" + part;
    // A component such as "public" or "new" would be a C++ (or Java) namespace keyword.
    if (IsReservedWord(part)) part += "_";
    cleaned.push_back(part);
  }
  if (cleaned.empty()) return "legacy";
  return absl::StrJoin(cleaned, ".");
}

std::string ProtoFileNameFor(std::string_view schema_path) {
  return ToSnakeCase(std::filesystem::path(schema_path).stem().string()) + ".proto";
}

absl::Status Mapper::AddDerivedTypes() {
  // Mapping a derived type can map further types, and those may have derived types of their
  // own: repeat until every mapped type has been looked at.
  std::set<QualifiedName> visited;
  std::vector<std::pair<QualifiedName, std::vector<QualifiedName>>> polymorphic;
  for (bool grew = true; grew;) {
    grew = false;
    std::vector<QualifiedName> pending;
    for (const auto& [name, message] : type_messages_) {
      if (visited.insert(name).second) pending.push_back(name);
    }
    for (const QualifiedName& base : pending) {
      grew = true;
      // Every type derived directly or indirectly, breadth first.
      std::vector<QualifiedName> descendants;
      std::set<QualifiedName> seen = {base};
      for (size_t i = 0; i <= descendants.size(); ++i) {
        const QualifiedName& from = i == 0 ? base : descendants[i - 1];
        for (const QualifiedName& derived : set_.DerivedTypes(from)) {
          if (seen.insert(derived).second) descendants.push_back(derived);
        }
      }
      std::vector<QualifiedName> mapped;
      for (const QualifiedName& derived : descendants) {
        absl::StatusOr<std::string> message = MessageForType(derived);
        if (!message.ok()) {
          absl::Status problem(message.status().code(),
                               StrCat(message.status().message(), " (a type derived from {",
                                      base.ns, "}", base.local, ")"));
          if (!Excuse(problem)) return problem;
          continue;
        }
        mapped.push_back(derived);
      }
      if (!mapped.empty()) polymorphic.emplace_back(base, std::move(mapped));
    }
  }
  for (const auto& [base, derived_types] : polymorphic) {
    MessageModel& message = messages_[type_slots_.at(base)];
    NameScope names;
    for (const FieldModel& field : message.fields) {
      names.Unique(field.name);
      if (!field.oneof.empty() && !names.Taken(field.oneof)) names.Unique(field.oneof);
    }
    const std::string oneof = names.Unique("xsi_type");
    for (const QualifiedName& derived : derived_types) {
      FieldModel field;
      field.type = type_messages_.at(derived);
      field.name = names.Unique(ToSnakeCase(field.type));
      field.number = static_cast<int>(message.fields.size()) + 1;
      field.oneof = oneof;
      field.xml.set_name(derived.local);
      field.xml.set_namespace_(derived.ns);
      field.xml.set_xsi_type(true);
      field.doc = StrCat("Set when the element's xsi:type is ", derived.local,
                         ", which derives from ", base.local, ".");
      message.fields.push_back(std::move(field));
    }
    AvoidAccessorCollisions(message, names);
  }
  return absl::OkStatus();
}

absl::StatusOr<FileModel> BuildModelFromWsdl(const std::string& wsdl_path,
                                             const WsdlOptions& options) {
  absl::StatusOr<std::unique_ptr<SchemaSet>> set = SchemaSet::LoadWsdl(wsdl_path);
  if (!set.ok()) return set.status();
  const pugi::xml_node root = (*set)->definitions().front();
  FileModel file;
  file.source.set_source(std::filesystem::path(wsdl_path).filename().string());
  file.source.set_target_namespace(root.attribute("targetNamespace").value());
  file.package = options.package.empty() ? PackageFromNamespace(file.source.target_namespace())
                                         : options.package;
  file.file_name = options.proto_file.empty() ? ProtoFileNameFor(wsdl_path) : options.proto_file;
  Mapper mapper(**set, options);
  // Errors already name the file and line they are about.
  absl::Status status = mapper.MapServices(&file);
  if (!status.ok()) return status;
  file.messages = mapper.TakeMessages();
  file.enums = mapper.TakeEnums();
  file.warnings = mapper.TakeWarnings();
  for (ServiceModel& service : file.services) {
    for (MethodModel& method : service.methods) {
      for (SoapFaultType& fault : *method.soap.mutable_faults()) {
        fault.set_message_type(StrCat(file.package, ".", fault.message_type()));
      }
    }
  }
  return file;
}

}  // namespace dragoman::codegen
