#include "translators/codegen/cpp_emitter.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/printer.h>
#include <google/protobuf/io/zero_copy_stream.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "dragoman/options.pb.h"
#include "re2/re2.h"
#include "translators/codegen/namespaces.h"
#include "translators/codegen/record_cpp_emitter.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xsd_value.h"

namespace dragoman::codegen {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

namespace {

// The C++ class name protoc gives a message or enum: "a.b.Outer.Inner" -> "::a::b::Outer_Inner".
template <typename T>
std::string ClassNameOf(const T* descriptor) {
  const std::string& package = descriptor->file()->package();
  std::string relative = descriptor->full_name().substr(package.empty() ? 0 : package.size() + 1);
  return StrCat("::", absl::StrReplaceAll(package, {{".", "::"}}),
                package.empty() ? "" : "::", absl::StrReplaceAll(relative, {{".", "_"}}));
}

}  // namespace

std::string Literal(std::string_view text) {
  return StrCat("\"", absl::CEscape(ToAbsl(text)), "\"");
}

std::string ClassName(const Descriptor* message) { return ClassNameOf(message); }

// Not JsonName(): protoc's C++ generator also capitalises the letter after a digit.
std::string CaseConstant(const FieldDescriptor* field) {
  std::string out = "k";
  bool upper = true;
  for (char c : field->name()) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? absl::ascii_toupper(c) : c);
    upper = absl::ascii_isdigit(c);
  }
  return out;
}

std::string Mangle(const Descriptor* message) {
  const std::string& package = message->file()->package();
  return absl::StrReplaceAll(message->full_name().substr(package.empty() ? 0 : package.size() + 1),
                             {{".", "_"}});
}

namespace {

// A .proto comment as one text: lines trimmed and joined, blank lines kept as paragraph breaks.
std::string CommentText(const std::string& comment) {
  std::string text;
  bool paragraph_break = false;
  for (absl::string_view line : absl::StrSplit(comment, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) {
      paragraph_break = !text.empty();
      continue;
    }
    if (!text.empty()) text.append(paragraph_break ? "\n\n" : " ");
    paragraph_break = false;
    text.append(line.data(), line.size());
  }
  return text;
}

// Appends `{"name", "comment"},` when `descriptor` has a leading comment.
template <typename DescriptorT>
void AppendDoc(const DescriptorT* descriptor, const std::string& full_name, std::string* out) {
  google::protobuf::SourceLocation location;
  if (!descriptor->GetSourceLocation(&location)) return;
  const std::string text = CommentText(location.leading_comments);
  if (text.empty()) return;
  StrAppend(out, "      {", Literal(full_name), ", ", Literal(text), "},\n");
}

void AppendEnumDocs(const google::protobuf::EnumDescriptor* e, std::string* out) {
  AppendDoc(e, e->full_name(), out);
  for (int i = 0; i < e->value_count(); ++i) {
    AppendDoc(e->value(i), StrCat(e->full_name(), ".", e->value(i)->name()), out);
  }
}

void AppendMessageDocs(const Descriptor* message, std::string* out) {
  AppendDoc(message, message->full_name(), out);
  for (int i = 0; i < message->field_count(); ++i) {
    AppendDoc(message->field(i), message->field(i)->full_name(), out);
  }
  for (int i = 0; i < message->nested_type_count(); ++i) {
    AppendMessageDocs(message->nested_type(i), out);
  }
  for (int i = 0; i < message->enum_type_count(); ++i) AppendEnumDocs(message->enum_type(i), out);
}

}  // namespace

void EmitRegister(const google::protobuf::FileDescriptor* file,
                  const std::vector<const MethodDescriptor*>& methods, const std::string& inner,
                  std::string* out) {
  std::string docs;
  for (int i = 0; i < file->service_count(); ++i) {
    const google::protobuf::ServiceDescriptor* service = file->service(i);
    AppendDoc(service, service->full_name(), &docs);
    for (int m = 0; m < service->method_count(); ++m) {
      AppendDoc(service->method(m), service->method(m)->full_name(), &docs);
    }
  }
  for (int i = 0; i < file->message_type_count(); ++i)
    AppendMessageDocs(file->message_type(i), &docs);
  for (int i = 0; i < file->enum_type_count(); ++i) AppendEnumDocs(file->enum_type(i), &docs);
  StrAppend(out,
            "absl::Status Register(::dragoman::TranslatorRegistry& registry) {\n"
            "  const ::google::protobuf::DescriptorPool* pool = "
            "::google::protobuf::DescriptorPool::generated_pool();\n");
  if (!docs.empty()) {
    StrAppend(out,
              "  // The .proto's comments, for descriptions (compiled descriptors drop them).\n",
              "  static constexpr ::dragoman::SchemaDoc kDocs[] = {\n", docs, "  };\n",
              "  registry.AddDocs(kDocs);\n");
  }
  for (const MethodDescriptor* method : methods) {
    StrAppend(out, "  {\n",
              "    // Touching the request type makes sure its .pb.cc is linked and registered.\n",
              "    (void)", ClassName(method->input_type()), "::descriptor();\n",
              "    const ::google::protobuf::MethodDescriptor* method = "
              "pool->FindMethodByName(",
              Literal(method->full_name()), ");\n",
              "    if (method == nullptr) return absl::InternalError(\"", method->full_name(),
              " is not in the descriptor pool\");\n",
              "    if (absl::Status s = registry.Add(std::make_unique<", inner,
              method->service()->name(), "_", method->name(),
              "_Method>(method)); "
              "!s.ok()) return s;\n",
              "  }\n");
  }
  StrAppend(out, "  return absl::OkStatus();\n}\n\n");
}

namespace {

std::string EnumMangle(const EnumDescriptor* e) {
  const std::string& package = e->file()->package();
  return absl::StrReplaceAll(e->full_name().substr(package.empty() ? 0 : package.size() + 1),
                             {{".", "_"}});
}

std::string XsdTypeConstant(XsdType type) { return StrCat("::dragoman::", XsdType_Name(type)); }

class FileEmitter {
 public:
  // Writes <base>.dragoman.cc and, when `parts` > 1, the message readers and writers spread over
  // <base>.dragoman-<i>.cc too (i = 1 .. parts-1), so that no translation unit of a very large
  // schema outgrows the compiler's memory.
  FileEmitter(const FileDescriptor* file, google::protobuf::compiler::GeneratorContext* context,
              int parts)
      : file_(file), context_(context), parts_(parts) {}

  bool Run(std::string* error);

 private:
  void CollectMessages(const Descriptor* message);
  void CollectNamespaces();
  std::string Prefixed(std::string_view ns, std::string_view local) const;
  const XmlField& Xml(const FieldDescriptor* field) const {
    return field->options().GetExtension(dragoman::xml_field);
  }
  const FieldDescriptor* NilMarker(const FieldDescriptor* field) const;
  // The oneof of types derived from `message`'s type (XmlField.xsi_type members); null if none.
  const google::protobuf::OneofDescriptor* XsiTypeOneof(const Descriptor* message) const;
  // Write_ of a type with derived types: a set derived member is written, named by xsi:type,
  // instead of the base's own content; an abstract type insists on one.
  void EmitDerivedWrite(const Descriptor* message);
  // Read_ of a type with derived types: an xsi:type naming one of them reads into its member.
  void EmitDerivedRead(const Descriptor* message);
  // The xsi:type an encoded value of `field` carries ("ns2:SOAPStruct", "ns1:int"); empty for an
  // anonymous type.
  std::string XsiType(const FieldDescriptor* field) const;
  // The qualified name of an XSD built-in.
  std::string BuiltinTypeName(XsdType type) const;
  // The oneof an xsd:choice maps to, when `oneof` is one (not proto3 optional, not a nil pair).
  bool IsChoice(const google::protobuf::OneofDescriptor* oneof) const;
  // "a, b or c": the XML names of a choice's members, for error messages.
  std::string ChoiceNames(const google::protobuf::OneofDescriptor* oneof) const;

  void EmitEnumHelpers(const EnumDescriptor* e);
  void EmitWriter(const Descriptor* message);
  void EmitFieldWrite(const FieldDescriptor* field, bool root);
  // Checks of the field's XSD facets on `value` (length) and its lexical form (the rest).
  void EmitFacetChecks(const FieldDescriptor* field, const std::string& value,
                       const std::string& lexical);
  void EmitScalarWrite(const FieldDescriptor* field, const std::string& value,
                       const std::string& escaped, const std::string& raw);
  void EmitValueWrite(const FieldDescriptor* field, const std::string& value,
                      const std::string& qname, bool root);
  void EmitAttributeWrite(const FieldDescriptor* field);
  // Writes the character data of a simpleContent element.
  void EmitTextWrite(const FieldDescriptor* field);
  void EmitReader(const Descriptor* message);
  void EmitChildLoop(const std::vector<const FieldDescriptor*>& elements,
                     const std::string& unknown, bool by_position = false);
  // soap:Header entries of a message with header fields.
  void EmitHeaderWriter(const Descriptor* message);
  void EmitHeaderReader(const Descriptor* message);
  bool HasHeaders(const Descriptor* message) const;
  void EmitScalarRead(const FieldDescriptor* field, const std::string& node,
                      const std::string& set);
  void EmitValueRead(const FieldDescriptor* field, const std::string& node);
  // Reads child element `c` into `field` (xsi:nil and multi-references handled); `done` ends
  // the handling of `c` ("continue;" in a loop, a return in a function).
  void EmitElementRead(const FieldDescriptor* field, const std::string& done);
  // For a message that is one occurrence of a model group (XmlField.group): which member an
  // element is, and reading one member element into an occurrence.
  void EmitGroupReader(const Descriptor* message);
  // The XML names of a group field's member elements, "(a, b, c)".
  std::string GroupNames(const FieldDescriptor* field) const;
  void EmitAttributeRead(const FieldDescriptor* field);
  // Required attributes and attributes with a default need to know whether they were seen.
  bool NeedsSeenFlag(const FieldDescriptor* field) const {
    return Xml(field).min_occurs() >= 1 || !Xml(field).default_value().empty();
  }
  void EmitMethod(const MethodDescriptor* method);
  void EmitBodyWrite(const Descriptor* message, const QName& element, const std::string& name);
  void EmitBodyRead(const Descriptor* message, const QName& element, const std::string& name);

  const FileDescriptor* file_;
  // The printer of the file being written.
  google::protobuf::io::Printer* p_ = nullptr;
  google::protobuf::compiler::GeneratorContext* context_;
  const int parts_;
  std::vector<const Descriptor*> messages_;
  std::vector<const EnumDescriptor*> enums_;
  // Messages that stand for one occurrence of a model group.
  std::set<const Descriptor*> group_messages_;
  std::map<std::string, std::string> prefixes_;  // namespace URI -> prefix
  // Some method uses SOAP encoding: xsi:type, SOAP-ENC arrays and multi-references apply.
  bool encoded_ = false;
  std::vector<const MethodDescriptor*> methods_;
};

void FileEmitter::CollectMessages(const Descriptor* message) {
  if (message->options().map_entry()) return;  // a map's entries are handled with the map
  messages_.push_back(message);
  for (int i = 0; i < message->nested_type_count(); ++i) CollectMessages(message->nested_type(i));
  for (int i = 0; i < message->enum_type_count(); ++i) enums_.push_back(message->enum_type(i));
}

void FileEmitter::CollectNamespaces() {
  std::set<std::string> namespaces;
  for (const Descriptor* message : messages_) {
    for (int i = 0; i < message->field_count(); ++i) {
      const XmlField& xml = Xml(message->field(i));
      if (!xml.namespace_().empty()) namespaces.insert(xml.namespace_());
    }
  }
  for (const MethodDescriptor* method : methods_) {
    const SoapOperation& op = method->options().GetExtension(dragoman::soap_operation);
    for (const QName& q : {op.request_element(), op.response_element()}) {
      if (!q.namespace_().empty()) namespaces.insert(q.namespace_());
    }
    for (const SoapFaultType& fault : op.faults()) {
      if (!fault.element().namespace_().empty()) namespaces.insert(fault.element().namespace_());
    }
  }
  for (const MethodDescriptor* method : methods_) {
    if (method->options().GetExtension(dragoman::soap_operation).encoded()) encoded_ = true;
  }
  if (encoded_) {
    // xsi:type values and SOAP-ENC:arrayType name types, whose namespaces must be declared.
    namespaces.insert(std::string(kXsdNamespace));
    namespaces.insert(std::string(kSoapEncodingNamespace));
    for (const Descriptor* message : messages_) {
      const XmlType& type = message->options().GetExtension(dragoman::xml_type);
      if (!type.name().empty()) namespaces.insert(type.namespace_());
      if (!type.array_item_type().name().empty()) {
        namespaces.insert(type.array_item_type().namespace_());
      }
    }
    for (const EnumDescriptor* e : enums_) {
      const XmlEnum& type = e->options().GetExtension(dragoman::xml_enum);
      if (!type.name().empty()) namespaces.insert(type.namespace_());
    }
  }
  int n = 0;
  for (const std::string& ns : namespaces) prefixes_[ns] = StrCat("ns", ++n);
}

const google::protobuf::OneofDescriptor* FileEmitter::XsiTypeOneof(
    const Descriptor* message) const {
  for (int i = 0; i < message->field_count(); ++i) {
    if (Xml(message->field(i)).xsi_type()) return message->field(i)->containing_oneof();
  }
  return nullptr;
}

void FileEmitter::EmitDerivedWrite(const Descriptor* message) {
  const XmlType& type = message->options().GetExtension(dragoman::xml_type);
  const google::protobuf::OneofDescriptor* oneof = XsiTypeOneof(message);
  if (oneof == nullptr) {
    if (type.abstract()) {
      // No derived type is known: nothing valid can be written.
      p_->Print(
          "return ::dragoman::gen::FieldError($t$, \"is an abstract type and the schema "
          "derives nothing from it\");\n",
          "t", Literal(type.name()));
    }
    return;
  }
  std::map<std::string, std::string> vars = {{"o", oneof->name()}, {"c", ClassName(message)}};
  p_->Print(vars, "switch (m.$o$_case()) {\n");
  p_->Indent();
  std::string names;
  for (int i = 0; i < oneof->field_count(); ++i) {
    const FieldDescriptor* field = oneof->field(i);
    const XmlField& xml = Xml(field);
    vars["case"] = CaseConstant(field);
    vars["n"] = field->name();
    vars["t"] = Literal(Prefixed(xml.namespace_(), xml.name()));
    vars["m"] = Mangle(field->message_type());
    vars["f"] = Literal(field->name());
    names += StrCat(i > 0 ? ", " : "", field->name());
    p_->Print(vars, "case $c$::$case$:\n");
    p_->Indent();
    if (const google::protobuf::OneofDescriptor* deeper = XsiTypeOneof(field->message_type())) {
      // A value of a type derived further names that type itself.
      p_->Print("if (m.$n$().$o$_case() == $dc$::$none$) ", "n", field->name(), "o", deeper->name(),
                "dc", ClassName(field->message_type()), "none",
                absl::AsciiStrToUpper(deeper->name()) + "_NOT_SET");
    }
    p_->Print(vars, "w.RawAttribute(\"xsi:type\", $t$);\n");
    p_->Print(vars,
              "if (absl::Status s = Write_$m$(m.$n$(), w); !s.ok()) return "
              "::dragoman::gen::InField(std::move(s), $f$);\n"
              "return absl::OkStatus();\n");
    p_->Outdent();
  }
  p_->Print("default:\n  break;\n");
  p_->Outdent();
  p_->Print("}\n");
  if (type.abstract()) {
    p_->Print(
        "return ::dragoman::gen::FieldError($o$, \"is required: $t$ is an abstract type, "
        "set one of $names$\");\n",
        "o", Literal(oneof->name()), "t", type.name(), "names", names);
  }
}

void FileEmitter::EmitDerivedRead(const Descriptor* message) {
  const google::protobuf::OneofDescriptor* oneof = XsiTypeOneof(message);
  if (oneof == nullptr) return;
  p_->Print(
      "{\n"
      "  bool typed = false;\n"
      "  std::string_view type_ns, type_local;\n"
      "  if (absl::Status s = ::dragoman::gen::XsiType(node, &typed, &type_ns, &type_local); "
      "!s.ok()) return s;\n"
      "  // A type derived from this one: its own reader takes the whole element.\n");
  p_->Indent();
  for (int i = 0; i < oneof->field_count(); ++i) {
    const FieldDescriptor* field = oneof->field(i);
    p_->Print(
        "if (typed && type_local == $local$ && type_ns == $ns$) return Read_$m$(node, "
        "m->mutable_$n$(), depth + 1);\n",
        "local", Literal(Xml(field).name()), "ns", Literal(Xml(field).namespace_()), "m",
        Mangle(field->message_type()), "n", field->name());
  }
  p_->Outdent();
  p_->Print("}\n");
}

std::string FileEmitter::XsiType(const FieldDescriptor* field) const {
  if (Xml(field).raw_content()) return "";  // anyType: whatever the content says
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    const XmlType& type = field->message_type()->options().GetExtension(dragoman::xml_type);
    if (!type.name().empty()) return Prefixed(type.namespace_(), type.name());
    // An anonymous array is still a SOAP-ENC:Array.
    if (!type.array_item_type().name().empty()) return Prefixed(kSoapEncodingNamespace, "Array");
    return "";
  }
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
    const XmlEnum& type = field->enum_type()->options().GetExtension(dragoman::xml_enum);
    if (!type.name().empty()) return Prefixed(type.namespace_(), type.name());
  }
  return BuiltinTypeName(Xml(field).type());
}

std::string FileEmitter::BuiltinTypeName(XsdType type) const {
  std::string_view name = xsd::TypeName(type);  // "xsd:int"
  name.remove_prefix(name.find(':') + 1);
  return Prefixed(kXsdNamespace, name);
}

std::string FileEmitter::Prefixed(std::string_view ns, std::string_view local) const {
  if (ns.empty()) return std::string(local);
  return StrCat(prefixes_.at(std::string(ns)), ":", local);
}

const FieldDescriptor* FileEmitter::NilMarker(const FieldDescriptor* field) const {
  const Descriptor* message = field->containing_type();
  for (int i = 0; i < message->field_count(); ++i) {
    if (Xml(message->field(i)).nil_of() == field->name()) return message->field(i);
  }
  return nullptr;
}

bool FileEmitter::IsChoice(const google::protobuf::OneofDescriptor* oneof) const {
  if (oneof == nullptr || oneof->is_synthetic()) return false;
  int values = 0;
  bool required = false;
  for (int i = 0; i < oneof->field_count(); ++i) {
    const XmlField& xml = Xml(oneof->field(i));
    if (xml.xsi_type()) return false;
    if (xml.nil_of().empty()) ++values;
    required |= xml.required_choice();
  }
  // One value beside its nil marker is a nillable optional element, unless a choice requires it.
  return values > 1 || required || values == oneof->field_count();
}

std::string FileEmitter::ChoiceNames(const google::protobuf::OneofDescriptor* oneof) const {
  std::string names;
  std::vector<const FieldDescriptor*> members;
  for (int i = 0; i < oneof->field_count(); ++i) {
    if (Xml(oneof->field(i)).nil_of().empty()) members.push_back(oneof->field(i));
  }
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) names += i + 1 == members.size() ? " or " : ", ";
    names += Xml(members[i]).group() ? GroupNames(members[i]) : Xml(members[i]).name();
  }
  return names;
}

void FileEmitter::EmitEnumHelpers(const EnumDescriptor* e) {
  p_->Print("// $name$ <-> schema literals.\n", "name", e->full_name());
  // nullopt for a value without a literal; "" is a literal like any other.
  p_->Print("std::optional<std::string_view> LiteralOf_$m$(int value) {\n  switch (value) {\n", "m",
            EnumMangle(e));
  for (int i = 0; i < e->value_count(); ++i) {
    const auto& literal = e->value(i)->options().GetExtension(dragoman::xml_value);
    if (e->value(i)->number() == 0 && literal.literal().empty()) continue;
    p_->Print("    case $n$: return $l$;\n", "n", StrCat(e->value(i)->number()), "l",
              Literal(literal.literal()));
  }
  p_->Print("    default: return std::nullopt;\n  }\n}\n\n");
  p_->Print("bool ValueOf_$m$(std::string_view literal, int* value) {\n", "m", EnumMangle(e));
  for (int i = 0; i < e->value_count(); ++i) {
    const auto& literal = e->value(i)->options().GetExtension(dragoman::xml_value);
    if (e->value(i)->number() == 0 && literal.literal().empty()) continue;
    p_->Print("  if (literal == $l$) { *value = $n$; return true; }\n", "n",
              StrCat(e->value(i)->number()), "l", Literal(literal.literal()));
  }
  p_->Print("  return false;\n}\n\n");
}

// Emits code that writes one scalar value of `field` (a C++ expression `value`) through a sink:
// `escaped` and `raw` are Printer templates taking $x$, the text to write, for values that need
// escaping and for values known to be safe (numbers, booleans, base64). Elements and attributes
// differ only in their sinks.
void FileEmitter::EmitFacetChecks(const FieldDescriptor* field, const std::string& value,
                                  const std::string& lexical) {
  const XmlField& xml = Xml(field);
  if (!xml.has_facets()) return;
  const Facets& facets = xml.facets();
  std::map<std::string, std::string> vars = {{"f", Literal(field->name())},
                                             {"v", value},
                                             {"lex", lexical},
                                             {"t", XsdTypeConstant(xml.type())}};
  if (facets.has_length() || facets.has_min_length() || facets.has_max_length()) {
    vars["octets"] = field->type() == FieldDescriptor::TYPE_BYTES ? "true" : "false";
    vars["len"] = facets.has_length() ? StrCat(facets.length()) : "-1";
    vars["min"] = facets.has_min_length() ? StrCat(facets.min_length()) : "-1";
    vars["max"] = facets.has_max_length() ? StrCat(facets.max_length()) : "-1";
    p_->Print(vars,
              "if (absl::Status s = ::dragoman::gen::CheckLength($f$, $v$, $octets$, $len$, $min$, "
              "$max$); !s.ok()) return s;\n");
  }
  if (field->type() != FieldDescriptor::TYPE_BYTES) {
    for (const std::string& pattern : facets.pattern()) {
      // XSD patterns match the whole lexical form; those RE2 cannot read are left unchecked.
      if (!re2::RE2(pattern, re2::RE2::Quiet).ok()) {
        p_->Print("// xsd:pattern not checked (RE2 cannot read it): $p$\n", "p",
                  absl::CEscape(ToAbsl(pattern)));
        continue;
      }
      vars["p"] = Literal(pattern);
      p_->Print(vars,
                "{\n  static const re2::RE2 pattern($p$);\n"
                "  if (absl::Status s = ::dragoman::gen::CheckPattern($f$, $lex$, pattern); "
                "!s.ok()) return s;\n}\n");
    }
  }
  const bool numeric = field->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                       field->cpp_type() == FieldDescriptor::CPPTYPE_INT64 ||
                       field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
                       field->cpp_type() == FieldDescriptor::CPPTYPE_UINT64 ||
                       xml.type() == XSD_DECIMAL || xml.type() == XSD_INTEGER ||
                       xml.type() == XSD_NON_NEGATIVE_INTEGER ||
                       xml.type() == XSD_NON_POSITIVE_INTEGER ||
                       xml.type() == XSD_POSITIVE_INTEGER || xml.type() == XSD_NEGATIVE_INTEGER;
  const bool ordered_by_value = field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE ||
                                field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT ||
                                xml.type() == XSD_DATE || xml.type() == XSD_DATE_TIME ||
                                xml.type() == XSD_TIME;
  if (!numeric && !ordered_by_value) return;  // bounds on gYear and the like are not checked
  auto bound = [&](const std::string& text) {
    if (ordered_by_value) return Literal(std::string(xsd::TrimWhitespace(text)));
    std::string canonical;
    return xsd::CanonicalizeLexical(XSD_DECIMAL, text, &canonical) ? Literal(canonical)
                                                                   : std::string("\"\"");
  };
  if (!facets.min_inclusive().empty() || !facets.max_inclusive().empty() ||
      !facets.min_exclusive().empty() || !facets.max_exclusive().empty()) {
    vars["mini"] = bound(facets.min_inclusive());
    vars["maxi"] = bound(facets.max_inclusive());
    vars["mine"] = bound(facets.min_exclusive());
    vars["maxe"] = bound(facets.max_exclusive());
    p_->Print(vars,
              "if (absl::Status s = ::dragoman::gen::CheckBounds($f$, $t$, $lex$, $mini$, "
              "$maxi$, $mine$, $maxe$); !s.ok()) return s;\n");
  }
  if (facets.has_total_digits() || facets.has_fraction_digits()) {
    vars["total"] = facets.has_total_digits() ? StrCat(facets.total_digits()) : "-1";
    vars["fraction"] = facets.has_fraction_digits() ? StrCat(facets.fraction_digits()) : "-1";
    p_->Print(vars,
              "if (absl::Status s = ::dragoman::gen::CheckDigits($f$, $lex$, $total$, $fraction$); "
              "!s.ok()) return s;\n");
  }
}

void FileEmitter::EmitScalarWrite(const FieldDescriptor* field, const std::string& value,
                                  const std::string& escaped, const std::string& raw) {
  const XmlField& xml = Xml(field);
  std::map<std::string, std::string> vars = {
      {"v", value}, {"f", Literal(field->name())}, {"t", XsdTypeConstant(xml.type())}};
  // Text XML cannot carry is a plain string's only failure; other values were formatted by us.
  const bool plain_string = field->type() == FieldDescriptor::TYPE_STRING &&
                            (xml.type() == XSD_STRING || xml.type() == XSD_TYPE_UNSPECIFIED);
  const std::string failure =
      plain_string ? "::dragoman::gen::FieldError($f$, \"holds a character XML 1.0 cannot carry\")"
                   : "::dragoman::gen::InvalidValue($f$, $t$)";
  auto sink = [&](const std::string& text, bool safe) {
    if (xml.fixed()) {
      vars["lex"] = text;
      vars["fixed"] = Literal(xml.default_value());
      p_->Print(vars,
                "if (absl::Status s = ::dragoman::gen::CheckFixed($f$, $lex$, $fixed$, $t$); "
                "!s.ok()) return s;\n");
    }
    vars["x"] = text;
    std::string line = safe ? raw : escaped;
    if (!safe) line = StrCat("if (!", line, ") return ", failure, ";");
    p_->Print(vars, (line + "\n").c_str());
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM:
      vars["e"] = EnumMangle(field->enum_type());
      p_->Print(vars,
                "{\n"
                "  const std::optional<std::string_view> literal = LiteralOf_$e$($v$);\n"
                "  if (!literal.has_value()) return ::dragoman::gen::FieldError($f$, \"enum "
                "value \" + std::to_string($v$) + \" has no schema literal\");\n");
      p_->Indent();
      sink("*literal", false);
      p_->Outdent();
      p_->Print("}\n");
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      sink(StrCat("(", value, ") ? \"true\" : \"false\""), true);
      return;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
      p_->Print(vars,
                "if (!::dragoman::xsd::InSignedRange($t$, $v$)) return "
                "::dragoman::gen::InvalidValue($f$, $t$);\n"
                "scratch.clear();\n::dragoman::xsd::AppendInt($v$, &scratch);\n");
      EmitFacetChecks(field, value, "scratch");
      sink("scratch", true);
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      p_->Print(vars,
                "if (!::dragoman::xsd::InUnsignedRange($t$, $v$)) return "
                "::dragoman::gen::InvalidValue($f$, $t$);\n"
                "scratch.clear();\n::dragoman::xsd::AppendUint($v$, &scratch);\n");
      EmitFacetChecks(field, value, "scratch");
      sink("scratch", true);
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      vars["append"] =
          field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE ? "AppendDouble" : "AppendFloat";
      p_->Print(vars, "scratch.clear();\n::dragoman::xsd::$append$($v$, &scratch);\n");
      EmitFacetChecks(field, value, "scratch");
      sink("scratch", true);
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      if (field->type() == FieldDescriptor::TYPE_BYTES ||
          (xml.type() != XSD_STRING && xml.type() != XSD_TYPE_UNSPECIFIED)) {
        p_->Print(vars,
                  "scratch.clear();\n"
                  "if (!::dragoman::gen::FormatLexical($t$, $v$, &scratch)) return "
                  "::dragoman::gen::InvalidValue($f$, $t$);\n");
        EmitFacetChecks(field, value, "scratch");
        sink("scratch", false);
      } else {
        EmitFacetChecks(field, value, value);
        sink(value, false);
      }
      return;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return;  // messages are elements with content, written by EmitValueWrite
  }
}

// Writes one value (not a nil) of `field` as element `qname`; `value` is a C++ expression.
void FileEmitter::EmitValueWrite(const FieldDescriptor* field, const std::string& value,
                                 const std::string& qname, bool root) {
  std::map<std::string, std::string> vars = {{"q", Literal(qname)},
                                             {"v", value},
                                             {"f", Literal(field->name())},
                                             {"t", XsdTypeConstant(Xml(field).type())}};
  if (Xml(field).group()) {
    // A model group has no element of its own: its members are written in place.
    vars["m"] = Mangle(field->message_type());
    p_->Print(vars,
              "if (absl::Status s = Write_$m$($v$, w); !s.ok()) return "
              "::dragoman::gen::InField(std::move(s), $f$);\n");
    return;
  }
  p_->Print(vars, "w.StartElement($q$);\n");
  if (root) p_->Print("DeclareNamespaces(w);\n");
  const XmlType& owner = field->containing_type()->options().GetExtension(dragoman::xml_type);
  if (owner.encoded() || !owner.array_item_type().name().empty()) {
    if (const std::string type = XsiType(field); !type.empty()) {
      const google::protobuf::OneofDescriptor* derived =
          field->message_type() != nullptr ? XsiTypeOneof(field->message_type()) : nullptr;
      if (derived != nullptr) {
        // A derived value names its own type (written by Write_).
        p_->Print("if ($v$.$o$_case() == $c$::$none$) ", "v", value, "o", derived->name(), "c",
                  ClassName(field->message_type()), "none",
                  absl::AsciiStrToUpper(derived->name()) + "_NOT_SET");
      }
      p_->Print("w.RawAttribute(\"xsi:type\", $t$);\n", "t", Literal(type));
    }
  }
  if (Xml(field).raw_content()) {
    p_->Print(vars,
              "if (absl::Status s = ::dragoman::gen::WriteXmlContent(w, $v$); !s.ok()) return "
              "::dragoman::gen::InField(std::move(s), $f$);\n");
  } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    vars["m"] = Mangle(field->message_type());
    p_->Print(vars,
              "if (absl::Status s = Write_$m$($v$, w); !s.ok()) return "
              "::dragoman::gen::InField(std::move(s), $f$);\n");
  } else if (Xml(field).type() == XSD_QNAME) {
    p_->Print(vars,
              "if (!::dragoman::gen::WriteQNameText(w, $v$)) return "
              "::dragoman::gen::InvalidValue($f$, $t$);\n");
  } else {
    EmitScalarWrite(field, value, "w.Text($x$)", "w.RawText($x$);");
  }
  p_->Print(vars, "w.EndElement($q$);\n");
}

void FileEmitter::EmitTextWrite(const FieldDescriptor* field) {
  if (Xml(field).raw_content()) {
    p_->Print(
        "if (absl::Status s = ::dragoman::gen::WriteXmlContent(w, m.$n$()); !s.ok()) return "
        "::dragoman::gen::InField(std::move(s), $f$);\n",
        "n", field->name(), "f", Literal(field->name()));
    return;
  }
  if (Xml(field).type() == XSD_QNAME) {
    p_->Print(
        "if (!::dragoman::gen::WriteQNameText(w, m.$n$())) return "
        "::dragoman::gen::InvalidValue($f$, $t$);\n",
        "n", field->name(), "f", Literal(field->name()), "t", XsdTypeConstant(XSD_QNAME));
    return;
  }
  EmitScalarWrite(field, StrCat("m.", field->name(), "()"), "w.Text($x$)", "w.RawText($x$);");
}

void FileEmitter::EmitAttributeWrite(const FieldDescriptor* field) {
  const XmlField& xml = Xml(field);
  std::map<std::string, std::string> vars = {{"q", Literal(Prefixed(xml.namespace_(), xml.name()))},
                                             {"n", field->name()},
                                             {"f", Literal(field->name())},
                                             {"t", XsdTypeConstant(xml.type())}};
  if (field->has_presence()) {
    p_->Print(vars, "if (m.has_$n$()) {\n");
  } else if (xml.min_occurs() == 0 && field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    p_->Print(vars, "if (!m.$n$().empty()) {\n");
  } else {
    p_->Print("{\n");
  }
  p_->Indent();
  if (xml.type() == XSD_QNAME) {
    vars["p"] = Literal(StrCat("dq", field->number()));
    p_->Print(vars,
              "if (!::dragoman::gen::WriteQNameAttribute(w, $q$, $p$, m.$n$())) return "
              "::dragoman::gen::InvalidValue($f$, $t$);\n");
  } else {
    const std::string q = Literal(Prefixed(xml.namespace_(), xml.name()));
    EmitScalarWrite(field, StrCat("m.", field->name(), "()"), StrCat("w.Attribute(", q, ", $x$)"),
                    StrCat("w.RawAttribute(", q, ", $x$);"));
  }
  p_->Outdent();
  p_->Print("}\n");
}

void FileEmitter::EmitFieldWrite(const FieldDescriptor* field, bool root) {
  const XmlField& xml = Xml(field);
  if (!xml.nil_of().empty()) return;  // written with the field it marks
  const google::protobuf::OneofDescriptor* oneof = field->containing_oneof();
  if (IsChoice(oneof) && oneof->field(0) == field && xml.required_choice()) {
    p_->Print(
        "if (m.$oneof$_case() == $cls$::$NOT_SET$) return ::dragoman::gen::FieldError($lit$, "
        "\"is an xsd:choice: set one of $names$\");\n",
        "oneof", oneof->name(), "cls", ClassName(field->containing_type()), "NOT_SET",
        absl::AsciiStrToUpper(oneof->name()) + "_NOT_SET", "lit", Literal(oneof->name()), "names",
        ChoiceNames(oneof));
  }
  const std::string qname = Prefixed(xml.namespace_(), xml.name());
  std::map<std::string, std::string> vars = {{"n", field->name()},
                                             {"f", Literal(field->name())},
                                             {"q", Literal(qname)},
                                             {"min", StrCat(xml.min_occurs())},
                                             {"max", StrCat(xml.max_occurs())}};
  if (xml.any()) {
    p_->Print(vars,
              "if (absl::Status s = ::dragoman::gen::CheckRepeatedSize($f$, m.$n$_size(), $min$, "
              "$max$); !s.ok()) return s;\n"
              "for (const auto& item : m.$n$()) {\n"
              "  if (absl::Status s = ::dragoman::gen::WriteXmlFragment(w, item); !s.ok()) "
              "return ::dragoman::gen::InField(std::move(s), $f$);\n"
              "}\n");
    return;
  }
  if (field->is_repeated() && NilMarker(field) != nullptr) {
    vars["marker"] = NilMarker(field)->name();
    p_->Print(vars,
              "if (absl::Status s = ::dragoman::gen::CheckRepeatedSize($f$, m.$n$_size(), $min$, "
              "$max$); !s.ok()) return s;\n"
              "for (int i = 0; i < m.$n$_size(); ++i) {\n"
              "  if (::dragoman::gen::IsNilItem(m.$marker$(), i)) {\n"
              "    ::dragoman::gen::WriteNil(w, $q$);\n"
              "    continue;\n"
              "  }\n"
              "  const auto& item = m.$n$(i);\n");
    p_->Indent();
    EmitValueWrite(field, "item", qname, root);
    p_->Outdent();
    p_->Print("}\n");
    return;
  }
  if (field->is_repeated()) {
    p_->Print(vars,
              "if (absl::Status s = ::dragoman::gen::CheckRepeatedSize($f$, m.$n$_size(), $min$, "
              "$max$); !s.ok()) return s;\n"
              "for (const auto& item : m.$n$()) {\n");
    p_->Indent();
    EmitValueWrite(field, "item", qname, root);
    p_->Outdent();
    p_->Print("}\n");
    return;
  }
  if (const FieldDescriptor* marker = NilMarker(field)) {
    vars["oneof"] = field->containing_oneof()->name();
    vars["case"] = CaseConstant(field);
    vars["mcase"] = CaseConstant(marker);
    vars["marker"] = marker->name();
    vars["cls"] = ClassName(field->containing_type());
    p_->Print(vars, "switch (m.$oneof$_case()) {\n  case $cls$::$case$: {\n");
    p_->Indent();
    p_->Indent();
    EmitValueWrite(field, StrCat("m.", field->name(), "()"), qname, root);
    p_->Outdent();
    p_->Outdent();
    p_->Print(vars,
              "    break;\n  }\n"
              "  case $cls$::$mcase$:\n"
              "    if (m.$marker$()) ::dragoman::gen::WriteNil(w, $q$);\n"
              "    break;\n"
              "  default:\n"
              "    break;\n}\n");
    return;
  }
  if (field->has_presence()) {
    p_->Print(vars, "if (m.has_$n$()) {\n");
    p_->Indent();
    EmitValueWrite(field, StrCat("m.", field->name(), "()"), qname, root);
    p_->Outdent();
    if (xml.min_occurs() >= 1 && xml.nillable()) {
      p_->Print(vars, "} else {\n  ::dragoman::gen::WriteNil(w, $q$);\n}\n");
    } else if (xml.min_occurs() >= 1) {
      p_->Print(vars, "} else {\n  return ::dragoman::gen::FieldError($f$, \"is required\");\n}\n");
    } else {
      p_->Print("}\n");
    }
    return;
  }
  EmitValueWrite(field, StrCat("m.", field->name(), "()"), qname, root);
}

void FileEmitter::EmitWriter(const Descriptor* message) {
  // Parameters are [[maybe_unused]]: an empty message never touches them.
  p_->Print(
      "absl::Status Write_$m$([[maybe_unused]] const $c$& m, [[maybe_unused]] "
      "::dragoman::xml::XmlWriter& w) {\n",
      "m", Mangle(message), "c", ClassName(message));
  p_->Indent();
  EmitDerivedWrite(message);
  p_->Print("[[maybe_unused]] std::string scratch;\n");
  const XmlType& type = message->options().GetExtension(dragoman::xml_type);
  if (const QName& item = type.array_item_type(); !item.name().empty()) {
    // SOAP-ENC array: its item type and size travel in SOAP-ENC:arrayType (xsi:type is written
    // by the element's owner, like every other value's).
    const bool multi = type.array_rank() > 1;
    p_->Print(
        "if (absl::Status s = ::dragoman::gen::ArrayTypeValue($item$, $rank$, $dims$, "
        "m.item_size(), &scratch); !s.ok()) return s;\n"
        "w.RawAttribute($attr$, scratch);\n",
        "item", Literal(StrCat(Prefixed(item.namespace_(), item.name()), type.array_item_suffix())),
        "rank", StrCat(multi ? type.array_rank() : 1), "dims",
        multi ? "&m.dimensions()" : "nullptr", "attr",
        Literal(Prefixed(kSoapEncodingNamespace, "arrayType")));
  }
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (Xml(field).any_attribute()) {
      p_->Print(
          "if (absl::Status s = ::dragoman::gen::WriteAnyAttributes(w, m.$n$()); !s.ok()) "
          "return ::dragoman::gen::InField(std::move(s), $f$);\n",
          "n", field->name(), "f", Literal(field->name()));
    } else if (Xml(field).attribute()) {
      EmitAttributeWrite(field);
    }
  }
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    // Headers, derived types and array dimensions are written elsewhere.
    if (Xml(field).header() || Xml(field).xsi_type() || Xml(field).dimensions()) continue;
    if (Xml(field).text()) {
      EmitTextWrite(field);
    } else if (!Xml(field).attribute()) {
      EmitFieldWrite(field, false);
    }
  }
  p_->Print("return absl::OkStatus();\n");
  p_->Outdent();
  p_->Print("}\n\n");
}

// Emits code that parses `text` (a std::string_view in scope) into one value of scalar `field`
// and stores it with `set` (a setter or adder taking the value); errors point at `node`.
void FileEmitter::EmitScalarRead(const FieldDescriptor* field, const std::string& node,
                                 const std::string& set) {
  const XmlField& xml = Xml(field);
  std::map<std::string, std::string> vars = {
      {"c", node}, {"set", set}, {"t", XsdTypeConstant(xml.type())}};
  auto parse = [&](const char* cpp_type, const char* parser, const char* stored) {
    vars["ct"] = cpp_type;
    vars["parse"] = absl::StrReplaceAll(parser, {{"$t$", vars["t"]}});
    vars["st"] = stored;
    p_->Print(vars,
              "{\n  $ct$ value{};\n"
              "  if (!::dragoman::xsd::$parse$) return ::dragoman::gen::BadLiteral($c$, $t$);\n"
              "  $set$($st$);\n}\n");
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM:
      vars["e"] = EnumMangle(field->enum_type());
      vars["cls"] = ClassNameOf(field->enum_type());
      p_->Print(vars,
                "{\n"
                "  int value = 0;\n"
                "  if (!ValueOf_$e$(::dragoman::xsd::TrimWhitespace(text), &value)) return "
                "::dragoman::gen::ElementError($c$, \"value is not one of the enumeration's "
                "literals\");\n"
                "  $set$(static_cast<$cls$>(value));\n"
                "}\n");
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      return parse("bool", "ParseBool(text, &value)", "value");
    case FieldDescriptor::CPPTYPE_INT32:
      return parse("int64_t", "ParseSigned($t$, text, &value)", "static_cast<int32_t>(value)");
    case FieldDescriptor::CPPTYPE_INT64:
      return parse("int64_t", "ParseSigned($t$, text, &value)", "value");
    case FieldDescriptor::CPPTYPE_UINT32:
      return parse("uint64_t", "ParseUnsigned($t$, text, &value)", "static_cast<uint32_t>(value)");
    case FieldDescriptor::CPPTYPE_UINT64:
      return parse("uint64_t", "ParseUnsigned($t$, text, &value)", "value");
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return parse("double", "ParseDouble(text, &value)", "value");
    case FieldDescriptor::CPPTYPE_FLOAT:
      return parse("float", "ParseFloat(text, &value)", "value");
    case FieldDescriptor::CPPTYPE_STRING:
      if (xml.type() == XSD_QNAME) {
        p_->Print(vars,
                  "{\n  std::string value;\n"
                  "  if (absl::Status s = ::dragoman::gen::ReadQName($c$, text, &value); !s.ok()) "
                  "return s;\n"
                  "  $set$(std::move(value));\n}\n");
      } else if (field->type() == FieldDescriptor::TYPE_BYTES) {
        return parse(
            "std::string",
            xml.type() == XSD_HEX_BINARY ? "ParseHex(text, &value)" : "ParseBase64(text, &value)",
            "std::move(value)");
      } else if (xml.type() != XSD_STRING && xml.type() != XSD_TYPE_UNSPECIFIED) {
        return parse("std::string", "CanonicalizeLexical($t$, text, &value)", "std::move(value)");
      } else {
        p_->Print(vars, "$set$(std::string(text));\n");
      }
      return;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return;  // read by EmitValueRead
  }
}

// Reads the element `node` into one value of `field` (set, add or mutable).
void FileEmitter::EmitValueRead(const FieldDescriptor* field, const std::string& node) {
  const bool repeated = field->is_repeated();
  std::map<std::string, std::string> vars = {{"c", node}};
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    vars["m"] = Mangle(field->message_type());
    vars["target"] = repeated ? StrCat("m->add_", field->name(), "()")
                              : StrCat("m->mutable_", field->name(), "()");
    p_->Print(vars,
              "if (absl::Status s = Read_$m$($c$, $target$, depth + 1); !s.ok()) return s;\n");
    return;
  }
  if (Xml(field).raw_content()) {
    p_->Print("$set$(::dragoman::xml::InnerXml($c$));\n", "set",
              StrCat(repeated ? "m->add_" : "m->set_", field->name()), "c", node);
    return;
  }
  p_->Print(vars,
            "if (absl::Status s = ::dragoman::gen::ElementText($c$, &scratch, &text); !s.ok()) "
            "return s;\n");
  if (!Xml(field).default_value().empty()) {
    // An element present but empty takes the schema's default.
    p_->Print("if (text.empty()) text = $d$;\n", "d", Literal(Xml(field).default_value()));
  }
  EmitScalarRead(field, node, StrCat(repeated ? "m->add_" : "m->set_", field->name()));
}

void FileEmitter::EmitAttributeRead(const FieldDescriptor* field) {
  const XmlField& xml = Xml(field);
  p_->Print("if (local == $local$ && ns == $ns$) {\n", "local", Literal(xml.name()), "ns",
            Literal(xml.namespace_()));
  p_->Indent();
  p_->Print("text = a.value();\n");
  EmitScalarRead(field, "node", StrCat("m->set_", field->name()));
  if (NeedsSeenFlag(field)) p_->Print("seen_$n$ = true;\n", "n", field->name());
  p_->Print("continue;\n");
  p_->Outdent();
  p_->Print("}\n");
}

// Emits the one pass over `node`'s children that reads `elements` and then checks how often
// each occurred; `unknown` is the code run for any other child element (as `c`).
void FileEmitter::EmitElementRead(const FieldDescriptor* field, const std::string& done) {
  const XmlField& xml = Xml(field);
  if (encoded_) {
    // A multi-reference (href/ref) stands for the element it points at.
    p_->Print(
        "pugi::xml_node v;\n"
        "if (absl::Status s = ::dragoman::gen::Dereference(c, &v); !s.ok()) return s;\n");
  } else {
    p_->Print("const pugi::xml_node v = c;\n");
  }
  p_->Print(
      "bool nil = false;\n"
      "if (absl::Status s = ::dragoman::gen::NilState(v, &nil); !s.ok()) return s;\n"
      "if (nil) {\n");
  p_->Indent();
  const FieldDescriptor* marker = NilMarker(field);
  if (!xml.nillable()) {
    p_->Print("return ::dragoman::gen::ElementError(c, \"is xsi:nil but not nillable\");\n");
  } else if (field->is_repeated() && marker != nullptr) {
    // A nil item: a default value at its position, and the position in the marker.
    const std::string add_default =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE  ? "m->add_$n$();"
        : field->cpp_type() == FieldDescriptor::CPPTYPE_STRING ? "m->add_$n$(std::string());"
                                                               : "m->add_$n$({});";
    p_->Print(StrCat("m->add_$marker$(static_cast<uint32_t>(m->$n$_size()));\n", add_default,
                     "\n$done$\n")
                  .c_str(),
              "marker", marker->name(), "n", field->name(), "done", done);
  } else if (field->is_repeated()) {
    p_->Print(
        "return ::dragoman::gen::ElementError(c, \"xsi:nil items of repeated elements are not "
        "supported yet\");\n");
  } else if (marker != nullptr) {
    p_->Print("m->set_$marker$(true);\n$done$\n", "marker", marker->name(), "done", done);
  } else {
    p_->Print("m->clear_$n$();\n$done$\n", "n", field->name(), "done", done);
  }
  p_->Outdent();
  p_->Print("}\n");
  EmitValueRead(field, "v");
  p_->Print("$done$\n", "done", done);
}

std::string FileEmitter::GroupNames(const FieldDescriptor* field) const {
  std::vector<std::string> names;
  const Descriptor* group = field->message_type();
  for (int i = 0; i < group->field_count(); ++i) {
    if (Xml(group->field(i)).nil_of().empty()) names.push_back(Xml(group->field(i)).name());
  }
  return StrCat("(", absl::StrJoin(names, ", "), ")");
}

void FileEmitter::EmitGroupReader(const Descriptor* message) {
  if (group_messages_.count(message) == 0) return;
  std::vector<const FieldDescriptor*> members;
  for (int i = 0; i < message->field_count(); ++i) {
    if (Xml(message->field(i)).nil_of().empty()) members.push_back(message->field(i));
  }
  p_->Print("int GroupMember_$m$(std::string_view local, std::string_view ns) {\n", "m",
            Mangle(message));
  for (size_t i = 0; i < members.size(); ++i) {
    p_->Print("  if (local == $local$ && ns == $ns$) return $i$;\n", "local",
              Literal(Xml(members[i]).name()), "ns", Literal(Xml(members[i]).namespace_()), "i",
              StrCat(i));
  }
  p_->Print("  return -1;\n}\n\n");
  p_->Print(
      "absl::Status ReadGroupChild_$m$(pugi::xml_node c, int index, [[maybe_unused]] $c$* m, "
      "[[maybe_unused]] int depth) {\n",
      "m", Mangle(message), "c", ClassName(message));
  p_->Indent();
  p_->Print(
      "[[maybe_unused]] std::string scratch;\n"
      "[[maybe_unused]] std::string_view text;\n"
      "switch (index) {\n");
  for (size_t i = 0; i < members.size(); ++i) {
    p_->Print("  case $i$: {\n", "i", StrCat(i));
    p_->Indent();
    p_->Indent();
    EmitElementRead(members[i], "return absl::OkStatus();");
    p_->Outdent();
    p_->Outdent();
    p_->Print("  }\n");
  }
  p_->Print("  default:\n    return absl::OkStatus();\n}\n");
  p_->Outdent();
  p_->Print("}\n\n");
}

void FileEmitter::EmitChildLoop(const std::vector<const FieldDescriptor*>& elements,
                                const std::string& unknown, bool by_position) {
  for (const FieldDescriptor* field : elements) {
    p_->Print("uint32_t count_$n$ = 0;\n", "n", field->name());
    if (Xml(field).group()) {
      // The occurrence being filled, and the member last read into it.
      p_->Print("$c$* group_$n$ = nullptr;\nint last_$n$ = -1;\n", "c",
                ClassName(field->message_type()), "n", field->name());
    }
  }
  const bool by_name = !elements.empty() && !by_position;
  if (by_name) {
    // Children share the parent's scope: their prefixes resolve there once, not once each.
    p_->Print("::dragoman::xml::ChildScope child_scope(node);\n");
  }
  p_->Print(
      "for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {\n"
      "  if (c.type() != pugi::node_element) {\n"
      "    if (::dragoman::gen::IsIgnorable(c)) continue;\n"
      "    return ::dragoman::gen::ElementError(node, \"unexpected text content\");\n"
      "  }\n");
  p_->Indent();
  if (by_name) {
    p_->Print(
        "std::string_view local;\n"
        "std::string_view ns;\n"
        "if (absl::Status s = ::dragoman::gen::ChildName(child_scope, c, &ns, &local); !s.ok()) "
        "return s;\n");
  }
  for (const FieldDescriptor* field : elements) {
    const XmlField& xml = Xml(field);
    std::map<std::string, std::string> vars = {
        {"n", field->name()}, {"local", Literal(xml.name())}, {"ns", Literal(xml.namespace_())}};
    if (xml.group()) {
      // A member before the last one read starts the next occurrence of the group, and so does
      // the same member again unless it repeats within an occurrence.
      std::string restart = "i < last_$n$ || (i == last_$n$";
      int index = 0;
      const Descriptor* group = field->message_type();
      for (int j = 0; j < group->field_count(); ++j) {
        if (!Xml(group->field(j)).nil_of().empty()) continue;
        if (group->field(j)->is_repeated()) StrAppend(&restart, " && i != ", index);
        ++index;
      }
      restart += ")";
      vars["restart"] = absl::StrReplaceAll(restart, {{"$n$", field->name()}});
      vars["m"] = Mangle(field->message_type());
      vars["add"] = field->is_repeated() ? StrCat("m->add_", field->name(), "()")
                                         : StrCat("m->mutable_", field->name(), "()");
      p_->Print(vars,
                "if (const int i = GroupMember_$m$(local, ns); i >= 0) {\n"
                "  if (group_$n$ == nullptr || $restart$) {\n"
                "    ++count_$n$;\n"
                "    group_$n$ = $add$;\n"
                "  }\n"
                "  last_$n$ = i;\n"
                "  if (absl::Status s = ReadGroupChild_$m$(c, i, group_$n$, depth + 1); !s.ok()) "
                "return s;\n"
                "  continue;\n"
                "}\n");
      continue;
    }
    // by_position: the one field takes every child, whatever its name (SOAP-ENC array items,
    // the return value of an encoded rpc reply).
    p_->Print(vars, by_position ? "{\n" : "if (local == $local$ && ns == $ns$) {\n");
    p_->Indent();
    p_->Print(vars, "++count_$n$;\n");
    EmitElementRead(field, "continue;");
    p_->Outdent();
    p_->Print("}\n");
  }
  p_->Print(unknown.c_str());
  p_->Outdent();
  p_->Print("}\n");
  for (const FieldDescriptor* field : elements) {
    const XmlField& xml = Xml(field);
    // A nillable singular element with minOccurs >= 1 must be present (as value or nil).
    const std::string what = xml.group() ? StrCat("sequence ", GroupNames(field))
                                         : Prefixed(xml.namespace_(), xml.name());
    p_->Print(
        "if (absl::Status s = ::dragoman::gen::CheckOccurs(node, $x$, count_$n$, $min$, $max$); "
        "!s.ok()) return s;\n",
        "x", Literal(what), "n", field->name(), "min", StrCat(xml.min_occurs()), "max",
        StrCat(field->is_repeated() ? xml.max_occurs() : 1));
  }
}

void FileEmitter::EmitReader(const Descriptor* message) {
  const bool lenient = message->options().GetExtension(dragoman::xml_type).lenient();
  p_->Print("absl::Status Read_$m$(pugi::xml_node node, [[maybe_unused]] $c$* m, int depth) {\n",
            "m", Mangle(message), "c", ClassName(message));
  p_->Indent();
  p_->Print(
      "if (depth > ::dragoman::gen::kMaxReadDepth) return ::dragoman::gen::ElementError(node, "
      "\"nesting is too deep\");\n"
      "[[maybe_unused]] std::string scratch;\n"
      "[[maybe_unused]] std::string_view text;\n");
  EmitDerivedRead(message);
  std::vector<const FieldDescriptor*> attributes;
  std::vector<const FieldDescriptor*> elements;
  const FieldDescriptor* text_field = nullptr;
  const FieldDescriptor* any_attributes = nullptr;  // xsd:anyAttribute
  const FieldDescriptor* any_elements = nullptr;    // xsd:any
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (!Xml(field).nil_of().empty() || Xml(field).xsi_type()) continue;
    if (Xml(field).header()) continue;  // read by ReadHeaders_
    if (Xml(field).dimensions()) {
      // A multi-dimensional array's sizes come from its SOAP-ENC:arrayType.
      p_->Print(
          "if (absl::Status s = ::dragoman::gen::ReadArrayDimensions(node, $rank$, "
          "m->mutable_$n$()); !s.ok()) return s;\n",
          "rank", StrCat(message->options().GetExtension(dragoman::xml_type).array_rank()), "n",
          field->name());
      continue;
    }
    if (Xml(field).text()) {
      text_field = field;
      continue;
    }
    if (Xml(field).any_attribute()) {
      any_attributes = field;
      continue;
    }
    if (Xml(field).any()) {
      any_elements = field;
      continue;
    }
    (Xml(field).attribute() ? attributes : elements).push_back(field);
  }
  if (!attributes.empty() || any_attributes != nullptr) {
    for (const FieldDescriptor* field : attributes) {
      if (NeedsSeenFlag(field)) p_->Print("bool seen_$n$ = false;\n", "n", field->name());
    }
    p_->Print(
        "for (pugi::xml_attribute a : node.attributes()) {\n"
        "  bool is_data = false;\n"
        "  std::string_view ns, local;\n"
        "  if (absl::Status s = ::dragoman::gen::AttributeName(node, a, &is_data, &ns, &local); "
        "!s.ok()) return s;\n"
        "  if (!is_data) continue;\n");
    p_->Indent();
    for (const FieldDescriptor* field : attributes) EmitAttributeRead(field);
    if (any_attributes != nullptr) {
      p_->Print("(*m->mutable_$n$())[::dragoman::gen::ClarkName(ns, local)] = a.value();\n", "n",
                any_attributes->name());
    }
    p_->Outdent();
    p_->Print("}\n");
    for (const FieldDescriptor* field : attributes) {
      if (Xml(field).min_occurs() >= 1) {
        p_->Print(
            "if (!seen_$n$) return ::dragoman::gen::ElementError(node, \"required attribute "
            "$x$ is missing\");\n",
            "n", field->name(), "x", Xml(field).name());
      } else if (!Xml(field).default_value().empty()) {
        // An absent attribute takes the schema's default.
        p_->Print("if (!seen_$n$) {\n", "n", field->name());
        p_->Indent();
        p_->Print("text = $d$;\n", "d", Literal(Xml(field).default_value()));
        EmitScalarRead(field, "node", StrCat("m->set_", field->name()));
        p_->Outdent();
        p_->Print("}\n");
      }
    }
  }
  if (text_field != nullptr && Xml(text_field).raw_content()) {
    // Mixed content: all of it, as XML.
    p_->Print("m->set_$n$(::dragoman::xml::InnerXml(node));\nreturn absl::OkStatus();\n", "n",
              text_field->name());
    p_->Outdent();
    p_->Print("}\n\n");
    return;
  }
  if (text_field != nullptr) {
    // Simple content: the element's text is the value; child elements are an error.
    p_->Print(
        "if (absl::Status s = ::dragoman::gen::ElementText(node, &scratch, &text); !s.ok()) "
        "return s;\n");
    EmitScalarRead(text_field, "node", StrCat("m->set_", text_field->name()));
    p_->Print("return absl::OkStatus();\n");
    p_->Outdent();
    p_->Print("}\n\n");
    return;
  }
  std::string unknown =
      lenient ? "continue;  // lenient: unknown elements are skipped\n"
              : "return ::dragoman::gen::ElementError(c, \"is not expected here\");\n";
  if (any_elements != nullptr) {
    // xsd:any keeps every element the schema does not name, as standalone XML.
    unknown =
        StrCat("m->add_", any_elements->name(), "(::dragoman::xml::OuterXml(c));\ncontinue;\n");
  }
  const XmlType& type = message->options().GetExtension(dragoman::xml_type);
  const bool by_position =
      elements.size() == 1 && (!type.array_item_type().name().empty() || type.encoded());
  EmitChildLoop(elements, unknown, by_position);
  if (any_elements != nullptr) {
    const XmlField& xml = Xml(any_elements);
    p_->Print(
        "if (absl::Status s = ::dragoman::gen::CheckOccurs(node, \"xsd:any\", "
        "static_cast<uint32_t>(m->$n$_size()), $min$, $max$); !s.ok()) return s;\n",
        "n", any_elements->name(), "min", StrCat(xml.min_occurs()), "max",
        StrCat(xml.max_occurs()));
  }
  // An xsd:choice takes one member at most, and one at least when it is required.
  for (int i = 0; i < message->oneof_decl_count(); ++i) {
    const google::protobuf::OneofDescriptor* oneof = message->oneof_decl(i);
    if (!IsChoice(oneof)) continue;
    std::string sum;
    for (int j = 0; j < oneof->field_count(); ++j) {
      if (!Xml(oneof->field(j)).nil_of().empty()) continue;  // counted with the value it marks
      StrAppend(&sum, sum.empty() ? "" : " + ", "count_", oneof->field(j)->name());
    }
    p_->Print(
        "if ($sum$ > 1) return ::dragoman::gen::ElementError(node, \"xsd:choice allows only one "
        "of $names$\");\n",
        "sum", sum, "names", ChoiceNames(oneof));
    if (Xml(oneof->field(0)).required_choice()) {
      p_->Print(
          "if ($sum$ == 0) return ::dragoman::gen::ElementError(node, \"xsd:choice needs one "
          "of $names$\");\n",
          "sum", sum, "names", ChoiceNames(oneof));
    }
  }
  p_->Print("return absl::OkStatus();\n");
  p_->Outdent();
  p_->Print("}\n\n");
}

bool FileEmitter::HasHeaders(const Descriptor* message) const {
  for (int i = 0; i < message->field_count(); ++i) {
    if (Xml(message->field(i)).header()) return true;
  }
  return false;
}

void FileEmitter::EmitHeaderWriter(const Descriptor* message) {
  p_->Print("absl::Status WriteHeaders_$m$(const $c$& m, ::dragoman::xml::XmlWriter& w) {\n", "m",
            Mangle(message), "c", ClassName(message));
  p_->Indent();
  p_->Print("[[maybe_unused]] std::string scratch;\n");
  for (int i = 0; i < message->field_count(); ++i) {
    if (Xml(message->field(i)).header()) EmitFieldWrite(message->field(i), /*root=*/true);
  }
  p_->Print("return absl::OkStatus();\n");
  p_->Outdent();
  p_->Print("}\n\n");
}

void FileEmitter::EmitHeaderReader(const Descriptor* message) {
  p_->Print(
      "absl::Status ReadHeaders_$m$(pugi::xml_node node, $c$* m, ::dragoman::SoapVersion "
      "version) {\n",
      "m", Mangle(message), "c", ClassName(message));
  p_->Indent();
  p_->Print(
      "if (!node) return absl::OkStatus();  // no Header: every declared entry is optional\n"
      "[[maybe_unused]] const int depth = 0;\n"
      "[[maybe_unused]] std::string scratch;\n"
      "[[maybe_unused]] std::string_view text;\n");
  std::vector<const FieldDescriptor*> headers;
  for (int i = 0; i < message->field_count(); ++i) {
    if (Xml(message->field(i)).header()) headers.push_back(message->field(i));
  }
  EmitChildLoop(headers,
                "if (absl::Status s = ::dragoman::soap::CheckMustUnderstand(c, version); "
                "!s.ok()) return s;\ncontinue;  // other entries may be ignored\n");
  p_->Print("return absl::OkStatus();\n");
  p_->Outdent();
  p_->Print("}\n\n");
}

void FileEmitter::EmitBodyWrite(const Descriptor* message, const QName& element,
                                const std::string& name) {
  p_->Print(
      "absl::Status $name$([[maybe_unused]] const $c$& m, [[maybe_unused]] "
      "::dragoman::xml::XmlWriter& w) {\n",
      "name", name, "c", ClassName(message));
  p_->Indent();
  if (!element.name().empty()) {
    p_->Print(
        "w.StartElement($q$);\n"
        "DeclareNamespaces(w);\n"
        "if (absl::Status s = Write_$m$(m, w); !s.ok()) return s;\n"
        "w.EndElement($q$);\n"
        "return absl::OkStatus();\n",
        "q", Literal(Prefixed(element.namespace_(), element.name())), "m", Mangle(message));
  } else {
    // Each field is a Body child (bare parts): declare namespaces on each of them.
    p_->Print("[[maybe_unused]] std::string scratch;\n");
    for (int i = 0; i < message->field_count(); ++i) {
      if (!Xml(message->field(i)).header()) EmitFieldWrite(message->field(i), true);
    }
    p_->Print("return absl::OkStatus();\n");
  }
  p_->Outdent();
  p_->Print("}\n\n");
}

void FileEmitter::EmitBodyRead(const Descriptor* message, const QName& element,
                               const std::string& name) {
  p_->Print("absl::Status $name$(pugi::xml_node body, $c$* m) {\n", "name", name, "c",
            ClassName(message));
  p_->Indent();
  if (!element.name().empty()) {
    p_->Print(
        "pugi::xml_node root;\n"
        "if (absl::Status s = ::dragoman::gen::FindBodyElement(body, $ns$, $local$, &root); "
        "!s.ok()) return s;\n"
        "return Read_$m$(root, m, 0);\n",
        "ns", Literal(element.namespace_()), "local", Literal(element.name()), "m",
        Mangle(message));
  } else {
    p_->Print("return Read_$m$(body, m, 0);\n", "m", Mangle(message));
  }
  p_->Outdent();
  p_->Print("}\n\n");
}

void FileEmitter::EmitMethod(const MethodDescriptor* method) {
  const SoapOperation& op = method->options().GetExtension(dragoman::soap_operation);
  const std::string id = StrCat(method->service()->name(), "_", method->name());
  const Descriptor* in = method->input_type();
  const Descriptor* out = method->output_type();
  if (in->file() != file_ || out->file() != file_) return;  // checked in Run()
  EmitBodyWrite(in, op.request_element(), StrCat("WriteBody_", id, "_Request"));
  EmitBodyRead(in, op.request_element(), StrCat("ReadBody_", id, "_Request"));
  EmitBodyWrite(out, op.response_element(), StrCat("WriteBody_", id, "_Reply"));
  EmitBodyRead(out, op.response_element(), StrCat("ReadBody_", id, "_Reply"));

  // Overrides for the soap:Header entries the request or reply declares.
  std::string headers;
  auto add_headers = [&](const Descriptor* message, const char* direction, const char* param) {
    if (!HasHeaders(message)) return;
    const std::string cls = ClassName(message);
    const std::string mangled = Mangle(message);
    StrAppend(&headers, "  absl::Status Write", direction,
              "Headers(const ::google::protobuf::Message& ", param,
              ", ::dragoman::xml::XmlWriter& w) const override {\n    return WriteHeaders_",
              mangled, "(static_cast<const ", cls, "&>(", param, "), w);\n  }\n");
    StrAppend(&headers, "  absl::Status Read", direction,
              "Headers(pugi::xml_node header, ::google::protobuf::Message* ", param,
              ") const override {\n    return ReadHeaders_", mangled, "(header, static_cast<", cls,
              "*>(", param, "), operation().version());\n  }\n");
  };
  add_headers(in, "Request", "request");
  add_headers(out, "Reply", "reply");
  std::map<std::string, std::string> vars = {
      {"id", id}, {"in", ClassName(in)}, {"out", ClassName(out)}, {"headers", headers}};
  p_->Print(
      vars,
      "// $id$: the SOAP mapping of one method.\n"
      "class $id$_Method final : public ::dragoman::soap::SoapMethod {\n"
      " public:\n"
      "  using SoapMethod::SoapMethod;\n\n"
      " protected:\n"
      "  absl::Status WriteRequest(const ::google::protobuf::Message& request, "
      "::dragoman::xml::XmlWriter& w) const override {\n"
      "    return WriteBody_$id$_Request(static_cast<const $in$&>(request), w);\n"
      "  }\n"
      "  absl::Status ReadRequest(pugi::xml_node body, ::google::protobuf::Message* request) const "
      "override {\n"
      "    return ReadBody_$id$_Request(body, static_cast<$in$*>(request));\n"
      "  }\n"
      "  absl::Status WriteReply(const ::google::protobuf::Message& reply, "
      "::dragoman::xml::XmlWriter& w) const override {\n"
      "    return WriteBody_$id$_Reply(static_cast<const $out$&>(reply), w);\n"
      "  }\n"
      "  absl::Status ReadReply(pugi::xml_node body, ::google::protobuf::Message* reply) const "
      "override {\n"
      "    return ReadBody_$id$_Reply(body, static_cast<$out$*>(reply));\n"
      "  }\n"
      "$headers$"
      "  absl::Status ReadFaultDetail(pugi::xml_node element,\n"
      "                               [[maybe_unused]] ::google::protobuf::Arena* arena,\n"
      "                               ::google::protobuf::Message** detail,\n"
      "                               [[maybe_unused]] std::string* fault_name) const override {\n"
      "    *detail = nullptr;\n"
      "    [[maybe_unused]] std::string_view ns;\n"
      "    if (absl::Status s = ::dragoman::gen::ChildNamespace(element, &ns); !s.ok()) return s;\n"
      "    [[maybe_unused]] const std::string_view local = "
      "::dragoman::xml::LocalName(element.name());\n");
  for (const SoapFaultType& fault : op.faults()) {
    const Descriptor* detail = file_->pool()->FindMessageTypeByName(fault.message_type());
    if (detail == nullptr) continue;
    p_->Print(
        "    if (local == $local$ && ns == $ns$) {\n"
        "      auto* message = ::google::protobuf::Arena::CreateMessage<$c$>(arena);\n"
        "      if (absl::Status s = Read_$m$(element, message, 0); !s.ok()) return s;\n"
        "      *detail = message;\n"
        "      *fault_name = $name$;\n"
        "      return absl::OkStatus();\n"
        "    }\n",
        "local", Literal(fault.element().name()), "ns", Literal(fault.element().namespace_()), "c",
        ClassName(detail), "m", Mangle(detail), "name", Literal(fault.name()));
  }
  p_->Print(
      "    return absl::OkStatus();\n"
      "  }\n"
      "  absl::Status WriteFaultDetail(std::string_view fault_name,\n"
      "                                const ::google::protobuf::Message& detail,\n"
      "                                [[maybe_unused]] ::dragoman::xml::XmlWriter& w) const "
      "override {\n");
  for (const SoapFaultType& fault : op.faults()) {
    const Descriptor* detail = file_->pool()->FindMessageTypeByName(fault.message_type());
    if (detail == nullptr) continue;
    p_->Print(
        "    if (fault_name == $name$ && detail.GetDescriptor() == $c$::descriptor()) {\n"
        "      w.StartElement($q$);\n"
        "      DeclareNamespaces(w);\n"
        "      if (absl::Status s = Write_$m$(static_cast<const $c$&>(detail), w); !s.ok()) return "
        "s;\n"
        "      w.EndElement($q$);\n"
        "      return absl::OkStatus();\n"
        "    }\n",
        "name", Literal(fault.name()), "c", ClassName(detail), "m", Mangle(detail), "q",
        Literal(Prefixed(fault.element().namespace_(), fault.element().name())));
  }
  p_->Print(
      "    return absl::InvalidArgumentError(::dragoman::StrCat(\"$id$: no declared fault \", "
      "fault_name, \" with detail \", detail.GetTypeName()));\n"
      "  }\n"
      "};\n\n",
      "id", id);
}

bool FileEmitter::Run(std::string* error) {
  for (int i = 0; i < file_->service_count(); ++i) {
    const ServiceDescriptor* service = file_->service(i);
    for (int j = 0; j < service->method_count(); ++j) {
      const MethodDescriptor* method = service->method(j);
      if (!method->options().HasExtension(dragoman::soap_operation)) continue;
      if (method->input_type()->file() != file_ || method->output_type()->file() != file_) {
        *error = StrCat(method->full_name(),
                        ": request and reply messages must be defined in the same file");
        return false;
      }
      if (method->client_streaming() || method->server_streaming()) {
        *error = StrCat(method->full_name(), ": streaming methods cannot map to SOAP");
        return false;
      }
      methods_.push_back(method);
    }
  }
  for (int i = 0; i < file_->message_type_count(); ++i) CollectMessages(file_->message_type(i));
  for (int i = 0; i < file_->enum_type_count(); ++i) enums_.push_back(file_->enum_type(i));
  CollectNamespaces();
  for (const Descriptor* message : messages_) {
    for (int i = 0; i < message->field_count(); ++i) {
      if (Xml(message->field(i)).group()) group_messages_.insert(message->field(i)->message_type());
    }
  }

  const std::string stem = GeneratedNamespace(file_->name());
  const std::string base = file_->name().substr(0, file_->name().size() - 6);  // ".proto"
  // One part alone keeps everything in an anonymous namespace; parts share a named one.
  const std::string inner = parts_ > 1 ? "internal" : "";
  auto open = [&](const std::string& name) {
    auto stream = std::unique_ptr<google::protobuf::io::ZeroCopyOutputStream>(context_->Open(name));
    auto printer = std::make_unique<google::protobuf::io::Printer>(stream.get(), '$');
    p_ = printer.get();
    p_->Print(
        "// Generated by protoc-gen-dragoman from $file$. Do not edit: regenerate instead.\n"
        "#include \"$header$\"\n\n"
        "#include <cstdint>\n#include <optional>\n#include <string>\n#include <string_view>\n\n"
        "#include <pugixml.hpp>\n\n"
        "#include \"absl/status/status.h\"\n"
        "#include \"translators/runtime/strings.h\"\n"
        "#include \"translators/runtime/generated_support.h\"\n"
        "#include \"translators/runtime/soap.h\"\n"
        "#include \"translators/runtime/soap_method.h\"\n"
        "#include \"translators/runtime/xml_reader.h\"\n"
        "#include \"translators/runtime/xml_writer.h\"\n"
        "#include \"translators/runtime/xsd_value.h\"\n"
        "#include \"$pb$\"\n\n"
        "namespace dragoman::generated::$stem$ {\nnamespace $inner${\n\n",
        "file", file_->name(), "header", StrCat(base, ".dragoman.h"), "pb", StrCat(base, ".pb.h"),
        "stem", stem, "inner", inner.empty() ? "" : inner + " ");
    // Every part sees every function, wherever it is defined.
    p_->Print("void DeclareNamespaces(::dragoman::xml::XmlWriter& w);\n");
    for (const EnumDescriptor* e : enums_) {
      p_->Print(
          "[[maybe_unused]] std::optional<std::string_view> LiteralOf_$m$(int value);\n"
          "[[maybe_unused]] bool ValueOf_$m$(std::string_view literal, int* value);\n",
          "m", EnumMangle(e));
    }
    for (const Descriptor* message : messages_) {
      // [[maybe_unused]]: a type may be only written or only read by the file's methods.
      p_->Print(
          "[[maybe_unused]] absl::Status Write_$m$(const $c$& m, ::dragoman::xml::XmlWriter& "
          "w);\n"
          "[[maybe_unused]] absl::Status Read_$m$(pugi::xml_node node, $c$* m, int depth);\n",
          "m", Mangle(message), "c", ClassName(message));
      if (group_messages_.count(message) > 0) {
        p_->Print(
            "int GroupMember_$m$(std::string_view local, std::string_view ns);\n"
            "absl::Status ReadGroupChild_$m$(pugi::xml_node c, int index, $c$* m, int depth);\n",
            "m", Mangle(message), "c", ClassName(message));
      }
    }
    p_->Print("\n");
    return std::make_pair(std::move(stream), std::move(printer));
  };
  auto close_namespaces = [&]() {
    p_->Print("}  // namespace $inner$\n}  // namespace dragoman::generated::$stem$\n", "inner",
              inner, "stem", stem);
  };

  // Messages are dealt to the parts in contiguous runs; the main file takes the first run.
  const size_t per_part = (messages_.size() + parts_ - 1) / static_cast<size_t>(parts_);
  for (int part = parts_ - 1; part >= 1; --part) {
    auto file = open(StrCat(base, ".dragoman-", part, ".cc"));
    const size_t first = std::min(messages_.size(), per_part * part);
    const size_t last = std::min(messages_.size(), first + per_part);
    for (size_t i = first; i < last; ++i) {
      EmitWriter(messages_[i]);
      EmitReader(messages_[i]);
      EmitGroupReader(messages_[i]);
    }
    close_namespaces();
  }

  auto main_file = open(StrCat(base, ".dragoman.cc"));
  p_->Print("// Every namespace the messages use, declared on each Body child.\n");
  p_->Print("void DeclareNamespaces(::dragoman::xml::XmlWriter& w) {\n");
  for (const auto& [ns, prefix] : prefixes_) {
    p_->Print("  w.DeclareNamespace($p$, $ns$);\n", "p", Literal(prefix), "ns", Literal(ns));
  }
  p_->Print("  w.DeclareNamespace(\"xsi\", ::dragoman::xml::kXsiNamespace);\n}\n\n");

  for (const EnumDescriptor* e : enums_) EmitEnumHelpers(e);
  for (size_t i = 0; i < std::min(messages_.size(), per_part); ++i) {
    EmitWriter(messages_[i]);
    EmitReader(messages_[i]);
    EmitGroupReader(messages_[i]);
  }
  for (const Descriptor* message : messages_) {
    if (!HasHeaders(message)) continue;
    EmitHeaderWriter(message);
    EmitHeaderReader(message);
  }
  for (const MethodDescriptor* method : methods_) EmitMethod(method);

  p_->Print("}  // namespace $inner$\n\n", "inner", inner);
  std::string registration;
  EmitRegister(file_, methods_, inner.empty() ? "" : inner + "::", &registration);
  p_->PrintRaw(registration);
  p_->Print("}  // namespace dragoman::generated::$stem$\n", "stem", stem);
  return true;
}

}  // namespace

std::string GeneratedNamespace(const std::string& proto_file) {
  std::string stem = proto_file.substr(proto_file.find_last_of('/') + 1);
  stem = stem.substr(0, stem.rfind('.'));
  for (char& c : stem) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  if (stem.empty() || absl::ascii_isdigit(static_cast<unsigned char>(stem[0]))) {
    stem = "p_" + stem;
  }
  return stem;
}

bool CppEmitter::Generate(const FileDescriptor* file, const std::string& parameter,
                          google::protobuf::compiler::GeneratorContext* context,
                          std::string* error) const {
  const std::string base = file->name().substr(0, file->name().size() - 6);  // ".proto"
  const std::string stem = GeneratedNamespace(file->name());
  {
    std::unique_ptr<google::protobuf::io::ZeroCopyOutputStream> out(
        context->Open(StrCat(base, ".dragoman.h")));
    google::protobuf::io::Printer p(out.get(), '$');
    std::string guard = absl::AsciiStrToUpper(StrCat("DRAGOMAN_GENERATED_", stem, "_H_"));
    p.Print(
        "// Generated by protoc-gen-dragoman from $file$. Do not edit: regenerate instead.\n"
        "#ifndef $guard$\n#define $guard$\n\n"
        "#include \"absl/status/status.h\"\n"
        "#include \"translators/runtime/translator.h\"\n\n"
        "namespace dragoman::generated::$stem$ {\n\n"
        "// Adds a translator for every SOAP-mapped method of $file$.\n"
        "absl::Status Register(::dragoman::TranslatorRegistry& registry);\n\n"
        "}  // namespace dragoman::generated::$stem$\n\n#endif  // $guard$\n",
        "file", file->name(), "guard", guard, "stem", stem);
  }
  int parts = 1;
  for (absl::string_view option : absl::StrSplit(parameter, ',', absl::SkipEmpty())) {
    absl::string_view value = option;
    if (absl::ConsumePrefix(&value, "parts=") && absl::SimpleAtoi(value, &parts) && parts >= 1 &&
        parts <= 256) {
      continue;
    }
    *error =
        StrCat("unknown or invalid option '", ToStd(option), "' (known: parts=N, 1 <= N <= 256)");
    return false;
  }
  if (HasRecordMethods(file)) return EmitRecordTranslators(file, context, error);
  FileEmitter emitter(file, context, parts);
  return emitter.Run(error);
}

}  // namespace dragoman::codegen
