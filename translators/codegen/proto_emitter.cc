#include "translators/codegen/proto_emitter.h"

#include <google/protobuf/text_format.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

// Prints an options message as a one-line text-format aggregate: {a: 1 b: "x"}.
std::string Aggregate(const google::protobuf::Message& options) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetUseUtf8StringEscaping(true);
  std::string text;
  printer.PrintToString(options, &text);
  return StrCat("{", absl::StripTrailingAsciiWhitespace(text), "}");
}

bool IsScalar(std::string_view type) {
  for (std::string_view scalar :
       {"double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32",
        "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes"}) {
    if (type == scalar) return true;
  }
  return false;
}

class Emitter {
 public:
  Emitter(std::string* out, std::string_view package) : out_(out), package_(package) {
    // Inside a package with a "dragoman" component, "(dragoman.x)" would resolve relative to
    // it; the leading dot anchors the options at the root.
    for (absl::string_view part : absl::StrSplit(ToAbsl(package), '.')) {
      if (part == "dragoman") option_ = "(.dragoman.";
    }
  }

  // "(dragoman.<name>)", anchored when the package needs it.
  std::string Option(std::string_view name) const { return StrCat(option_, name, ")"); }

  // Fully qualified, so a method or nested message with the same name never shadows the type.
  std::string TypeRef(std::string_view type) const {
    if (IsScalar(type) || type.starts_with("map<")) return std::string(type);
    return StrCat(".", package_, ".", type);
  }

  void Line(std::string_view text) {
    if (!text.empty()) StrAppend(out_, std::string(indent_ * 2, ' '), text);
    out_->push_back('\n');
  }

  void Doc(std::string_view doc) {
    if (doc.empty()) return;
    // Wrap long documentation at word boundaries so the file stays readable.
    std::string line;
    for (absl::string_view word : absl::StrSplit(ToAbsl(doc), ' ', absl::SkipEmpty())) {
      if (!line.empty() && line.size() + word.size() > 96) {
        Line(StrCat("// ", line));
        line.clear();
      }
      if (!line.empty()) line.push_back(' ');
      line.append(word.data(), word.size());
    }
    if (!line.empty()) Line(StrCat("// ", line));
  }

  void Enum(const EnumModel& model) {
    Doc(model.doc);
    Line(StrCat("enum ", model.name, " {"));
    ++indent_;
    Line(StrCat("option ", Option("xml_enum"), " = ", Aggregate(model.xml), ";"));
    for (const EnumModel::Value& value : model.values) {
      if (value.literal.empty() && value.number == 0) {
        Line(StrCat(value.name, " = 0;"));
        continue;
      }
      XmlEnumValue literal;
      literal.set_literal(value.literal);
      Line(StrCat(value.name, " = ", value.number, " [", Option("xml_value"), " = ",
                  Aggregate(literal), "];"));
    }
    --indent_;
    Line("}");
  }

  void Field(const FieldModel& field) {
    Doc(field.doc);
    std::string label;
    if (field.label == FieldModel::Label::kRepeated) label = "repeated ";
    if (field.label == FieldModel::Label::kOptional) label = "optional ";
    const bool cobol = !field.cobol.name().empty();
    Line(StrCat(label, TypeRef(field.type), " ", field.name, " = ", field.number, " [",
                Option(cobol ? "cobol_field" : "xml_field"), " = ",
                cobol ? Aggregate(field.cobol) : Aggregate(field.xml), "];"));
  }

  void Message(const MessageModel& model) {
    Doc(model.doc);
    Line(StrCat("message ", model.name, " {"));
    ++indent_;
    if (model.cobol.name().empty()) {
      Line(StrCat("option ", Option("xml_type"), " = ", Aggregate(model.xml), ";"));
    } else {
      Line(StrCat("option ", Option("cobol_record"), " = ", Aggregate(model.cobol), ";"));
    }
    for (const MessageModel& nested : model.nested_messages) Message(nested);
    for (const EnumModel& nested : model.nested_enums) Enum(nested);
    for (size_t i = 0; i < model.fields.size(); ++i) {
      const FieldModel& field = model.fields[i];
      if (field.oneof.empty()) {
        Field(field);
        continue;
      }
      Line(StrCat("oneof ", field.oneof, " {"));
      ++indent_;
      for (; i < model.fields.size() && model.fields[i].oneof == field.oneof; ++i) {
        Field(model.fields[i]);
      }
      --i;
      --indent_;
      Line("}");
    }
    --indent_;
    Line("}");
  }

  void Service(const ServiceModel& model, bool copybook) {
    Doc(model.doc);
    Line(StrCat("service ", model.name, " {"));
    ++indent_;
    if (copybook) {
      Line(StrCat("option ", Option("cobol_service"), " = ", Aggregate(model.cobol), ";"));
    } else {
      Line(StrCat("option ", Option("soap_service"), " = ", Aggregate(model.soap), ";"));
    }
    for (const MethodModel& method : model.methods) {
      Doc(method.doc);
      Line(StrCat("rpc ", method.name, "(", TypeRef(method.input), ") returns (",
                  TypeRef(method.output), ") {"));
      ++indent_;
      if (method.idempotency != google::protobuf::MethodOptions::IDEMPOTENCY_UNKNOWN) {
        Line(StrCat("option idempotency_level = ",
                    google::protobuf::MethodOptions::IdempotencyLevel_Name(method.idempotency),
                    ";"));
      }
      if (method.http.pattern_case() != google::api::HttpRule::PATTERN_NOT_SET) {
        Line(StrCat("option (google.api.http) = ", Aggregate(method.http), ";"));
      }
      if (copybook) {
        Line(StrCat("option ", Option("cobol_program"), " = ", Aggregate(method.cobol), ";"));
      } else {
        Line(StrCat("option ", Option("soap_operation"), " = ", Aggregate(method.soap), ";"));
      }
      --indent_;
      Line("}");
    }
    --indent_;
    Line("}");
  }

 private:
  std::string* out_;
  std::string package_;
  std::string option_ = "(dragoman.";
  int indent_ = 0;
};

}  // namespace

std::string EmitProto(const FileModel& file) {
  std::string out;
  Emitter emit(&out, file.package);
  emit.Line(StrCat("// Generated by dragoman-gen from ", file.source.source(), "."));
  if (file.copybook) {
    emit.Line("// Edit freely: rename fields, drop fields (a dropped request item keeps its");
    emit.Line("// initial bytes, a dropped reply item is never returned), add google.api.http");
    emit.Line("// annotations. The (dragoman.*) options keep the COBOL names and the layout,");
    emit.Line("// so the record stays byte for byte what the program expects.");
  } else {
    emit.Line("// Edit freely: rename or drop fields, add google.api.http annotations, move a");
    emit.Line("// declared header to gRPC metadata with (dragoman.xml_field).metadata. The");
    emit.Line("// (dragoman.*) options keep the original XML names, so the wire format stays.");
    emit.Line("// Kept beside the WSDL as <stem>.proto, the build compiles it as edited.");
  }
  emit.Line("syntax = \"proto3\";");
  emit.Line("");
  emit.Line(StrCat("package ", file.package, ";"));
  emit.Line("");
  emit.Line("import \"dragoman/options.proto\";");
  for (const ServiceModel& service : file.services) {
    const bool http =
        std::any_of(service.methods.begin(), service.methods.end(), [](const auto& m) {
          return m.http.pattern_case() != google::api::HttpRule::PATTERN_NOT_SET;
        });
    if (http) {
      emit.Line("import \"google/api/annotations.proto\";");
      break;
    }
  }
  emit.Line("");
  emit.Line(StrCat("option ", emit.Option("schema"), " = ", Aggregate(file.source), ";"));
  for (const ServiceModel& service : file.services) {
    emit.Line("");
    emit.Service(service, file.copybook);
  }
  for (const MessageModel& message : file.messages) {
    emit.Line("");
    emit.Message(message);
  }
  for (const EnumModel& model : file.enums) {
    emit.Line("");
    emit.Enum(model);
  }
  return out;
}

}  // namespace dragoman::codegen
