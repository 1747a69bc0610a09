#include "translators/codegen/record_cpp_emitter.h"

#include <google/protobuf/io/printer.h>
#include <google/protobuf/io/zero_copy_stream.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_replace.h"
#include "dragoman/options.pb.h"
#include "translators/codegen/cpp_emitter.h"
#include "translators/runtime/codepage.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;

const CobolField& Cobol(const FieldDescriptor* field) {
  return field->options().GetExtension(dragoman::cobol_field);
}

bool IsTextUsage(CobolUsage usage) {
  return usage == COBOL_TEXT || usage == COBOL_NATIONAL || usage == COBOL_EDITED;
}

std::string KindConstant(CobolUsage usage) {
  switch (usage) {
    case COBOL_NATIONAL:
      return "kNational";
    case COBOL_EDITED:
      return "kEdited";
    case COBOL_ZONED:
      return "kZoned";
    case COBOL_PACKED:
      return "kPacked";
    case COBOL_BINARY:
      return "kBinary";
    case COBOL_NATIVE_BINARY:
      return "kNativeBinary";
    case COBOL_FLOAT:
      return "kFloat";
    default:
      return "kText";
  }
}

// A FieldLayout initializer for `field`.
std::string LayoutInit(const CobolField& field) {
  return StrCat("{", Literal(field.name()), ", ", field.offset(), ", ", field.length(),
                ", ::dragoman::records::FieldKind::", KindConstant(field.usage()), ", ",
                field.digits(), ", ", field.scale(), ", ", field.is_signed(), ", ",
                field.sign_leading(), ", ", field.sign_separate(), ", ", field.justified(), ", ",
                Literal(field.usage() == COBOL_EDITED ? field.picture() : ""), ", ",
                field.blank_when_zero(), "}");
}

class RecordEmitter {
 public:
  RecordEmitter(const FileDescriptor* file, std::string* out) : file_(file), out_(*out) {}

  bool Run(std::string* error);

 private:
  void Collect(const Descriptor* message) {
    messages_.push_back(message);
    for (int i = 0; i < message->nested_type_count(); ++i) Collect(message->nested_type(i));
  }

  std::string LayoutName(const FieldDescriptor* field, std::string_view suffix = "") const {
    return StrCat("k", Mangle(field->containing_type()), "_", field->name(), suffix);
  }

  bool EmitLayouts(const Descriptor* message, std::string* error);
  void EmitWriter(const Descriptor* message);
  void EmitReader(const Descriptor* message);
  // The wire reader of `message`: the record straight to the bytes Read_'s message would
  // serialize to (DecodeReply's path), fields in number order as protobuf writes them.
  void EmitWireReader(const Descriptor* message);
  // Chooses a oneof's branch by its members' rules (the first that holds, else the first
  // without a rule) and has `emit_member` read the chosen one.
  // Declares `count`, the number of entries a table read will take: OCCURS n, or its
  // DEPENDING ON counter read and checked.
  void EmitTableCount(const FieldDescriptor* field);
  void EmitOneof(
      const google::protobuf::OneofDescriptor* oneof,
      const std::function<void(const FieldDescriptor*, const std::string&)>& emit_member);
  // Writes one value of `field` to the WireWriter `w`; `always` when proto3 would write even
  // a default (oneof members, table entries).
  void EmitValueWire(const FieldDescriptor* field, const std::string& base, bool always,
                     const std::string& indent);
  // Writes one value of `field`: `value` the C++ expression, `base` the occurrence's base.
  void EmitValueWrite(const FieldDescriptor* field, const std::string& value,
                      const std::string& base, const std::string& indent);
  // Reads one value of `field` into the message `m` (added when repeated).
  void EmitValueRead(const FieldDescriptor* field, const std::string& base,
                     const std::string& indent);
  void EmitMethod(const MethodDescriptor* method);
  // The statement that ends a variable-length record after its table's last occurrence.
  std::string VariableEnd(const Descriptor* message, const std::string& object);

  const FileDescriptor* file_;
  std::string& out_;
  std::vector<const Descriptor*> messages_;
  // Whether the messages get wire readers (see WireReadable).
  bool wire_ = false;
};

bool RecordEmitter::EmitLayouts(const Descriptor* message, std::string* error) {
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (!field->options().HasExtension(dragoman::cobol_field)) {
      *error = StrCat(field->full_name(), ": has no (dragoman.cobol_field) option");
      return false;
    }
    const CobolField& cobol = Cobol(field);
    if ((field->type() == FieldDescriptor::TYPE_MESSAGE) != (cobol.usage() == COBOL_GROUP)) {
      *error = StrCat(field->full_name(), ": a group maps to a message and only a group does");
      return false;
    }
    if (field->is_map() || (field->is_repeated() && cobol.occurs() == 0)) {
      *error = StrCat(field->full_name(), ": repeated without OCCURS");
      return false;
    }
    if (cobol.usage() != COBOL_GROUP) {
      StrAppend(&out_, "constexpr ::dragoman::records::FieldLayout ", LayoutName(field), " = ",
                LayoutInit(cobol), ";\n");
    }
    for (const auto& [suffix, rule] :
         {std::pair<std::string, const CobolRule*>{"_When", &cobol.when()},
          std::pair<std::string, const CobolRule*>{"_Counter", &cobol.depending_on()}}) {
      if (rule->subject().name().empty()) continue;
      StrAppend(&out_, "constexpr ::dragoman::records::FieldLayout ", LayoutName(field, suffix),
                " = ", LayoutInit(rule->subject()), ";\n");
      if (rule->values_size() > 0) {
        std::vector<std::string> values;
        for (const std::string& value : rule->values()) values.push_back(Literal(value));
        StrAppend(&out_, "constexpr std::string_view ", LayoutName(field, suffix + "_values"),
                  "[] = {", StrJoin(values, ", "), "};\n");
      }
    }
  }
  return true;
}

void RecordEmitter::EmitValueWrite(const FieldDescriptor* field, const std::string& value,
                                   const std::string& base, const std::string& indent) {
  const CobolField& cobol = Cobol(field);
  const std::string layout = LayoutName(field);
  // A scalar left at its proto default keeps the record's initial bytes (INITIALIZE's, or the
  // manifest's default for the item).
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      StrAppend(&out_, indent, "DRAGOMAN_RETURN_IF_ERROR(Write_", Mangle(field->message_type()),
                "(", value, ", ", base, " + ", cobol.offset(), ", r, d));\n");
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      StrAppend(&out_, indent, "if (!", value, ".empty()) DRAGOMAN_RETURN_IF_ERROR(",
                cobol.usage() == COBOL_EDITED ? "::dragoman::records::WriteEdited("
                : IsTextUsage(cobol.usage())  ? "::dragoman::records::WriteText("
                                              : "::dragoman::records::WriteDecimal(",
                layout, ", ", value, ", d, ", base, ", r));\n");
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      StrAppend(&out_, indent, "if (", value,
                " != 0) DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::WriteDouble(", layout, ", ",
                value, ", d, ", base, ", r));\n");
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      StrAppend(&out_, indent, "if (", value,
                " != 0) DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::WriteDecimal(", layout,
                ", ::absl::StrCat(", value, "), d, ", base, ", r));\n");
      return;
    default:
      StrAppend(&out_, indent, "if (", value,
                " != 0) DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::WriteInt64(", layout,
                ", static_cast<int64_t>(", value, "), d, ", base, ", r));\n");
      return;
  }
}

void RecordEmitter::EmitWriter(const Descriptor* message) {
  StrAppend(&out_, "absl::Status Write_", Mangle(message), "(const ", ClassName(message),
            "& m, [[maybe_unused]] size_t base, [[maybe_unused]] std::string* r, "
            "[[maybe_unused]] const Dialect& d) {\n");
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    const CobolField& cobol = Cobol(field);
    const google::protobuf::OneofDescriptor* oneof = field->real_containing_oneof();
    if (oneof != nullptr) {
      if (oneof->field(0) != field) continue;
      StrAppend(&out_, "  switch (m.", oneof->name(), "_case()) {\n");
      for (int j = 0; j < oneof->field_count(); ++j) {
        const FieldDescriptor* member = oneof->field(j);
        StrAppend(&out_, "    case ", ClassName(message), "::", CaseConstant(member), ":\n");
        EmitValueWrite(member, StrCat("m.", member->name(), "()"), "base", "      ");
        const CobolRule& when = Cobol(member).when();
        if (when.values_size() > 0 && !when.negate()) {
          // Writing a branch also marks the record as holding it.
          StrAppend(&out_, "      DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::WriteRuleValue(",
                    LayoutName(member, "_When"), ", ", Literal(when.values(0)), ", d, ",
                    when.absolute() ? "0" : "base", ", r));\n");
        }
        StrAppend(&out_, "      break;\n");
      }
      StrAppend(&out_, "    default:\n      break;\n  }\n");
      continue;
    }
    if (!field->is_repeated()) {
      EmitValueWrite(field, StrCat("m.", field->name(), "()"), "base", "  ");
      continue;
    }
    StrAppend(&out_, "  DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::CheckTableSize(",
              Literal(cobol.name()), ", m.", field->name(), "_size(), ",
              cobol.depending_on().subject().name().empty() ? 0 : cobol.occurs_min(), ", ",
              cobol.occurs(), "));\n");
    StrAppend(&out_, "  for (int i = 0; i < m.", field->name(), "_size(); ++i) {\n");
    EmitValueWrite(field, StrCat("m.", field->name(), "(i)"),
                   StrCat("base + static_cast<size_t>(i) * ", cobol.length()), "    ");
    StrAppend(&out_, "  }\n");
    if (!cobol.depending_on().subject().name().empty()) {
      StrAppend(&out_, "  DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::WriteInt64(",
                LayoutName(field, "_Counter"), ", m.", field->name(), "_size(), d, ",
                cobol.depending_on().absolute() ? "0" : "base", ", r));\n");
    }
  }
  StrAppend(&out_, "  return absl::OkStatus();\n}\n\n");
}

void RecordEmitter::EmitValueRead(const FieldDescriptor* field, const std::string& base,
                                  const std::string& indent) {
  const CobolField& cobol = Cobol(field);
  const std::string layout = LayoutName(field);
  const bool repeated = field->is_repeated();
  const std::string name = field->name();
  auto store = [&](const std::string& value) {
    return repeated ? StrCat("m->add_", name, "(", value, ")")
                    : StrCat("m->set_", name, "(", value, ")");
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      StrAppend(&out_, indent, "DRAGOMAN_RETURN_IF_ERROR(Read_", Mangle(field->message_type()),
                "(r, ", base, " + ", cobol.offset(), ", m->", repeated ? "add_" : "mutable_", name,
                "(), d));\n");
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      StrAppend(&out_, indent, "DRAGOMAN_RETURN_IF_ERROR(",
                IsTextUsage(cobol.usage()) ? "::dragoman::records::ReadText("
                                           : "::dragoman::records::ReadDecimal(",
                layout, ", r, ", base, ", d, m->", repeated ? "add_" : "mutable_", name, "()));\n");
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      StrAppend(&out_, indent, "{\n", indent, "  double v = 0;\n", indent,
                "  DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::ReadDouble(", layout, ", r, ",
                base, ", d, &v));\n", indent, "  ",
                store(field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT ? "static_cast<float>(v)"
                                                                          : "v"),
                ";\n", indent, "}\n");
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      StrAppend(&out_, indent, "{\n", indent, "  std::string text;\n", indent,
                "  uint64_t v = 0;\n", indent,
                "  DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::ReadDecimal(", layout, ", r, ",
                base, ", d, &text));\n", indent, "  if (!::absl::SimpleAtoi(text, &v)) ",
                "return absl::InvalidArgumentError(\"field ", cobol.name(),
                ": does not hold an unsigned 64-bit integer\");\n", indent, "  ", store("v"), ";\n",
                indent, "}\n");
      return;
    default: {
      std::string type = "int64_t";
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT32) type = "int32_t";
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32) type = "uint32_t";
      StrAppend(&out_, indent, "{\n", indent, "  int64_t v = 0;\n", indent,
                "  DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::ReadInt64(", layout, ", r, ", base,
                ", d, &v));\n", indent, "  ", store(StrCat("static_cast<", type, ">(v)")), ";\n",
                indent, "}\n");
      return;
    }
  }
}

void RecordEmitter::EmitReader(const Descriptor* message) {
  StrAppend(&out_, "absl::Status Read_", Mangle(message), "(std::string_view r, ",
            "[[maybe_unused]] size_t base, ", ClassName(message),
            "* m, [[maybe_unused]] const Dialect& d) {\n");
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    const CobolField& cobol = Cobol(field);
    const google::protobuf::OneofDescriptor* oneof = field->real_containing_oneof();
    if (oneof != nullptr) {
      if (oneof->field(0) != field) continue;
      EmitOneof(oneof, [this](const FieldDescriptor* member, const std::string& indent) {
        EmitValueRead(member, "base", indent);
      });
      continue;
    }
    if (!field->is_repeated()) {
      EmitValueRead(field, "base", "  ");
      continue;
    }
    StrAppend(&out_, "  {\n");
    EmitTableCount(field);
    StrAppend(&out_, "    m->mutable_", field->name(), "()->Reserve(count);\n",
              "    for (int i = 0; i < count; ++i) {\n");
    EmitValueRead(field, StrCat("base + static_cast<size_t>(i) * ", cobol.length()), "      ");
    StrAppend(&out_, "    }\n  }\n");
  }
  StrAppend(&out_, "  return absl::OkStatus();\n}\n\n");
}

// Whether the wire readers can write every field of `file`'s messages: the types copybooks
// map to. Others (hand-written .proto files) keep the message path.
bool WireReadable(const std::vector<const Descriptor*>& messages) {
  for (const Descriptor* message : messages) {
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      // A scalar with explicit presence (proto3 `optional`, proto2) is written when set even
      // at its default, which the wire readers' proto3 rule would leave out.
      if (field->has_presence() && field->message_type() == nullptr &&
          field->real_containing_oneof() == nullptr) {
        return false;
      }
      switch (field->type()) {
        case FieldDescriptor::TYPE_INT32:
        case FieldDescriptor::TYPE_INT64:
        case FieldDescriptor::TYPE_UINT32:
        case FieldDescriptor::TYPE_UINT64:
        case FieldDescriptor::TYPE_DOUBLE:
        case FieldDescriptor::TYPE_FLOAT:
        case FieldDescriptor::TYPE_STRING:
        case FieldDescriptor::TYPE_MESSAGE:
          break;
        default:
          return false;
      }
    }
  }
  return true;
}

void RecordEmitter::EmitValueWire(const FieldDescriptor* field, const std::string& base,
                                  bool always, const std::string& indent) {
  const CobolField& cobol = Cobol(field);
  const std::string layout = LayoutName(field);
  const std::string number = StrCat(field->number());
  const char* const always_text = always ? "true" : "false";
  switch (field->type()) {
    case FieldDescriptor::TYPE_MESSAGE:
      // Read_ always creates the group's message, so it is always written, if empty.
      StrAppend(&out_, indent, "{\n", indent, "  w->Tag(", number,
                ", ::dragoman::records::WireWriter::kLength);\n", indent,
                "  const size_t mark = w->BeginLength();\n", indent,
                "  DRAGOMAN_RETURN_IF_ERROR(Wire_", Mangle(field->message_type()), "(r, ", base,
                " + ", cobol.offset(), ", w, d));\n", indent, "  w->EndLength(mark);\n", indent,
                "}\n");
      return;
    case FieldDescriptor::TYPE_STRING:
      StrAppend(&out_, indent, "DRAGOMAN_RETURN_IF_ERROR(",
                IsTextUsage(cobol.usage()) ? "::dragoman::records::WireText("
                                           : "::dragoman::records::WireDecimal(",
                layout, ", r, ", base, ", d, ", number, ", ", always_text, ", w));\n");
      return;
    case FieldDescriptor::TYPE_DOUBLE:
    case FieldDescriptor::TYPE_FLOAT:
      StrAppend(&out_, indent, "DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::WireDouble(", layout,
                ", r, ", base, ", d, ",
                field->type() == FieldDescriptor::TYPE_FLOAT ? "true" : "false", ", ",
                field->is_packed() ? "0" : number, ", ", always_text, ", w));\n");
      return;
    default: {
      const char* type = "kInt64";
      if (field->type() == FieldDescriptor::TYPE_INT32) type = "kInt32";
      if (field->type() == FieldDescriptor::TYPE_UINT32) type = "kUInt32";
      if (field->type() == FieldDescriptor::TYPE_UINT64) type = "kUInt64";
      StrAppend(&out_, indent, "DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::WireInteger(", layout,
                ", r, ", base, ", d, ::dragoman::records::WireInt::", type, ", ",
                field->is_packed() ? "0" : number, ", ", always_text, ", w));\n");
      return;
    }
  }
}

void RecordEmitter::EmitTableCount(const FieldDescriptor* field) {
  const CobolField& cobol = Cobol(field);
  if (cobol.depending_on().subject().name().empty()) {
    StrAppend(&out_, "    const int count = ", cobol.occurs(), ";\n");
    return;
  }
  StrAppend(&out_, "    int count = 0;\n",
            "    DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::ReadTableCount(",
            LayoutName(field, "_Counter"), ", ", Literal(cobol.name()), ", r, ",
            cobol.depending_on().absolute() ? "0" : "base", ", d, ", cobol.occurs_min(), ", ",
            cobol.occurs(), ", &count));\n");
}

void RecordEmitter::EmitOneof(
    const google::protobuf::OneofDescriptor* oneof,
    const std::function<void(const FieldDescriptor*, const std::string&)>& emit_member) {
  // The first branch whose rule holds; else the first branch without a rule.
  StrAppend(&out_, "  {\n    bool chosen = false;\n");
  const FieldDescriptor* fallback = nullptr;
  for (int j = 0; j < oneof->field_count(); ++j) {
    const FieldDescriptor* member = oneof->field(j);
    const CobolRule& when = Cobol(member).when();
    if (when.subject().name().empty()) {
      if (fallback == nullptr) fallback = member;
      continue;
    }
    StrAppend(&out_, "    if (!chosen) {\n      bool holds = false;\n",
              "      DRAGOMAN_RETURN_IF_ERROR(::dragoman::records::RuleHolds(",
              LayoutName(member, "_When"), ", ", LayoutName(member, "_When_values"), ", ",
              when.values_size(), ", ", when.negate(), ", r, ", when.absolute() ? "0" : "base",
              ", d, &holds));\n", "      if (holds) {\n        chosen = true;\n");
    emit_member(member, "        ");
    StrAppend(&out_, "      }\n    }\n");
  }
  if (fallback != nullptr) {
    StrAppend(&out_, "    if (!chosen) {\n");
    emit_member(fallback, "      ");
    StrAppend(&out_, "    }\n");
  }
  StrAppend(&out_, "  }\n");
}

void RecordEmitter::EmitWireReader(const Descriptor* message) {
  StrAppend(&out_, "absl::Status Wire_", Mangle(message), "(std::string_view r, ",
            "[[maybe_unused]] size_t base, [[maybe_unused]] ::dragoman::records::WireWriter* w, ",
            "[[maybe_unused]] const Dialect& d) {\n");
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < message->field_count(); ++i) fields.push_back(message->field(i));
  std::stable_sort(
      fields.begin(), fields.end(),
      [](const FieldDescriptor* a, const FieldDescriptor* b) { return a->number() < b->number(); });
  std::vector<const google::protobuf::OneofDescriptor*> done;
  for (const FieldDescriptor* field : fields) {
    const CobolField& cobol = Cobol(field);
    const google::protobuf::OneofDescriptor* oneof = field->real_containing_oneof();
    if (oneof != nullptr) {
      if (std::find(done.begin(), done.end(), oneof) != done.end()) continue;
      done.push_back(oneof);
      EmitOneof(oneof, [this](const FieldDescriptor* member, const std::string& indent) {
        EmitValueWire(member, "base", true, indent);
      });
      continue;
    }
    if (!field->is_repeated()) {
      EmitValueWire(field, "base", false, "  ");
      continue;
    }
    StrAppend(&out_, "  {\n");
    EmitTableCount(field);
    const std::string entry = StrCat("base + static_cast<size_t>(i) * ", cobol.length());
    if (field->is_packed()) {
      // Packed scalars: one key and length for the whole table, none when it is empty.
      StrAppend(&out_, "    if (count > 0) {\n      w->Tag(", field->number(),
                ", ::dragoman::records::WireWriter::kLength);\n",
                "      const size_t mark = w->BeginLength();\n",
                "      for (int i = 0; i < count; ++i) {\n");
      EmitValueWire(field, entry, true, "        ");
      StrAppend(&out_, "      }\n      w->EndLength(mark);\n    }\n  }\n");
      continue;
    }
    StrAppend(&out_, "    for (int i = 0; i < count; ++i) {\n");
    EmitValueWire(field, entry, true, "      ");
    StrAppend(&out_, "    }\n  }\n");
  }
  StrAppend(&out_, "  return absl::OkStatus();\n}\n\n");
}

std::string RecordEmitter::VariableEnd(const Descriptor* message, const std::string& object) {
  // Depth-first through singular groups to the OCCURS DEPENDING ON table that ends the record
  // (one inside another table never does: the generator says `variable` only without one).
  struct Step {
    const Descriptor* message;
    std::string path;
    uint32_t offset;
  };
  std::vector<Step> stack = {{message, object, 0}};
  while (!stack.empty()) {
    const Step step = stack.back();
    stack.pop_back();
    for (int i = 0; i < step.message->field_count(); ++i) {
      const FieldDescriptor* field = step.message->field(i);
      const CobolField& cobol = Cobol(field);
      const uint32_t end = step.offset + cobol.offset() + cobol.length() * cobol.occurs();
      if (field->is_repeated() && !cobol.depending_on().subject().name().empty() &&
          end == message->options().GetExtension(dragoman::cobol_record).length()) {
        return StrCat("    record->resize(", step.offset + cobol.offset(),
                      " + static_cast<size_t>(", step.path, ".", field->name(), "_size()) * ",
                      cobol.length(), ");\n");
      }
      if (!field->is_repeated() && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        stack.push_back({field->message_type(), StrCat(step.path, ".", field->name(), "()"),
                         step.offset + cobol.offset()});
      }
    }
  }
  return "";
}

void RecordEmitter::EmitMethod(const MethodDescriptor* method) {
  const std::string id = StrCat(method->service()->name(), "_", method->name());
  const Descriptor* in = method->input_type();
  const Descriptor* out = method->output_type();
  auto writer = [&](const Descriptor* message, const char* which, const char* param) {
    const bool variable = message->options().GetExtension(dragoman::cobol_record).variable();
    return StrCat("  absl::Status Write", which, "(const ::google::protobuf::Message& ", param,
                  ", std::string* record) const override {\n    const auto& m = static_cast<const ",
                  ClassName(message), "&>(", param, ");\n    DRAGOMAN_RETURN_IF_ERROR(Write_",
                  Mangle(message), "(m, 0, record, dialect()));\n",
                  variable ? VariableEnd(message, "m") : "", "    return absl::OkStatus();\n  }\n");
  };
  auto reader = [&](const Descriptor* message, const char* which, const char* param) {
    return StrCat("  absl::Status Read", which, "(std::string_view record, ",
                  "::google::protobuf::Message* ", param, ") const override {\n    return Read_",
                  Mangle(message), "(record, 0, static_cast<", ClassName(message), "*>(", param,
                  "), dialect());\n  }\n");
  };
  StrAppend(&out_, "// ", method->full_name(), ": program ",
            method->options().GetExtension(dragoman::cobol_program).program(), ".\n", "class ", id,
            "_Method final : public ::dragoman::records::RecordMethod {\n",
            " public:\n  using RecordMethod::RecordMethod;\n\n protected:\n",
            writer(in, "Request", "request"), reader(in, "Request", "request"),
            writer(out, "Reply", "reply"), reader(out, "Reply", "reply"),
            wire_ ? StrCat("  absl::Status ReadReplyWire(std::string_view record, std::string* "
                           "reply_bytes) const override {\n    ::dragoman::records::WireWriter "
                           "w(reply_bytes);\n    return Wire_",
                           Mangle(out), "(record, 0, &w, dialect());\n  }\n")
                  : "",
            "};\n\n");
}

bool RecordEmitter::Run(std::string* error) {
  std::vector<const MethodDescriptor*> methods;
  for (int i = 0; i < file_->service_count(); ++i) {
    const auto* service = file_->service(i);
    const CobolService& options = service->options().GetExtension(dragoman::cobol_service);
    if (records::CodePage::Find(options.code_page()) == nullptr) {
      *error = StrCat(service->full_name(), ": unknown code page '", options.code_page(), "'");
      return false;
    }
    for (int j = 0; j < service->method_count(); ++j) {
      const MethodDescriptor* method = service->method(j);
      if (!method->options().HasExtension(dragoman::cobol_program)) {
        *error = StrCat(method->full_name(),
                        ": a copybook service's methods all need "
                        "(dragoman.cobol_program)");
        return false;
      }
      if (method->client_streaming() || method->server_streaming()) {
        *error = StrCat(method->full_name(), ": streaming methods cannot call a program");
        return false;
      }
      if (method->input_type()->file() != file_ || method->output_type()->file() != file_) {
        *error = StrCat(method->full_name(),
                        ": request and reply records must be defined in the same file");
        return false;
      }
      methods.push_back(method);
    }
  }
  for (int i = 0; i < file_->message_type_count(); ++i) Collect(file_->message_type(i));
  wire_ = WireReadable(messages_);
  const std::string base = file_->name().substr(0, file_->name().size() - 6);
  const std::string stem = GeneratedNamespace(file_->name());
  StrAppend(&out_, "// Generated by protoc-gen-dragoman from ", file_->name(),
            ". Do not edit: regenerate instead.\n#include \"", base, ".dragoman.h\"\n\n",
            "#include <cstdint>\n#include <memory>\n#include <string>\n#include <string_view>\n\n",
            "#include \"absl/status/status.h\"\n#include \"absl/strings/numbers.h\"\n",
            "#include \"absl/strings/str_cat.h\"\n",
            "#include \"translators/runtime/record_field.h\"\n",
            "#include \"translators/runtime/record_method.h\"\n",
            "#include \"translators/runtime/status_util.h\"\n#include \"", base, ".pb.h\"\n\n",
            "namespace dragoman::generated::", stem, " {\nnamespace {\n\n",
            "using Dialect = ::dragoman::records::RecordDialect;\n\n");
  for (const Descriptor* message : messages_) {
    StrAppend(&out_, "[[maybe_unused]] absl::Status Write_", Mangle(message), "(const ",
              ClassName(message), "& m, size_t base, std::string* r, const Dialect& d);\n",
              "[[maybe_unused]] absl::Status Read_", Mangle(message),
              "(std::string_view r, size_t base, ", ClassName(message),
              "* m, const Dialect& d);\n");
    if (wire_) {
      StrAppend(&out_, "[[maybe_unused]] absl::Status Wire_", Mangle(message),
                "(std::string_view r, size_t base, ::dragoman::records::WireWriter* w, "
                "const Dialect& d);\n");
    }
  }
  StrAppend(&out_, "\n");
  for (const Descriptor* message : messages_) {
    StrAppend(&out_, "// ", message->full_name(), ": ",
              message->options().GetExtension(dragoman::cobol_record).name(), ".\n");
    if (!EmitLayouts(message, error)) return false;
    EmitWriter(message);
    EmitReader(message);
    if (wire_) EmitWireReader(message);
  }
  for (const MethodDescriptor* method : methods) EmitMethod(method);
  StrAppend(&out_, "}  // namespace\n\n");
  EmitRegister(file_, methods, "", &out_);
  StrAppend(&out_, "}  // namespace dragoman::generated::", stem, "\n");
  return true;
}

}  // namespace

bool HasRecordMethods(const FileDescriptor* file) {
  for (int i = 0; i < file->service_count(); ++i) {
    const auto* service = file->service(i);
    if (service->options().HasExtension(dragoman::cobol_service)) return true;
    for (int j = 0; j < service->method_count(); ++j) {
      if (service->method(j)->options().HasExtension(dragoman::cobol_program)) return true;
    }
  }
  return false;
}

bool EmitRecordTranslators(const FileDescriptor* file,
                           google::protobuf::compiler::GeneratorContext* context,
                           std::string* error) {
  std::string text;
  RecordEmitter emitter(file, &text);
  if (!emitter.Run(error)) return false;
  const std::string base = file->name().substr(0, file->name().size() - 6);
  std::unique_ptr<google::protobuf::io::ZeroCopyOutputStream> stream(
      context->Open(StrCat(base, ".dragoman.cc")));
  google::protobuf::io::Printer printer(stream.get(), '$');
  printer.PrintRaw(text);
  return true;
}

}  // namespace dragoman::codegen
