#include "server/frontend/openapi.h"

#include <google/protobuf/descriptor.h>

#include <cctype>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "dragoman/options.pb.h"
#include "google/api/annotations.pb.h"
#include "server/frontend/http_rule.h"
#include "translators/runtime/json_string.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

constexpr std::string_view kErrorSchema = "dragoman.ConnectError";
// Nested fields offered as query parameters go this deep.
constexpr int kMaxQueryDepth = 4;

// A JSON value built in memory and written with sorted keys, so the document is deterministic.
class Json {
 public:
  static Json Text(std::string text) {
    Json json;
    json.kind_ = Kind::kString;
    json.text_ = std::move(text);
    return json;
  }
  static Json Literal(std::string text) {  // a number or boolean, written as is
    Json json;
    json.kind_ = Kind::kLiteral;
    json.text_ = std::move(text);
    return json;
  }
  static Json Array() {
    Json json;
    json.kind_ = Kind::kArray;
    return json;
  }

  // The member `key` of an object, created empty (an object) when absent.
  Json& operator[](const std::string& key) {
    std::unique_ptr<Json>& member = members_[key];
    if (member == nullptr) member = std::make_unique<Json>();
    return *member;
  }
  Json& Push(Json item) {
    items_.push_back(std::make_unique<Json>(std::move(item)));
    return *items_.back();
  }

  void Write(std::string* out) const {
    switch (kind_) {
      case Kind::kString:
        AppendJsonString(text_, out);
        return;
      case Kind::kLiteral:
        out->append(text_);
        return;
      case Kind::kArray:
        out->push_back('[');
        for (size_t i = 0; i < items_.size(); ++i) {
          if (i > 0) out->push_back(',');
          items_[i]->Write(out);
        }
        out->push_back(']');
        return;
      case Kind::kObject: {
        out->push_back('{');
        bool first = true;
        for (const auto& [key, value] : members_) {
          if (!first) out->push_back(',');
          first = false;
          AppendJsonString(key, out);
          out->push_back(':');
          value->Write(out);
        }
        out->push_back('}');
        return;
      }
    }
  }

 private:
  enum class Kind { kObject, kArray, kString, kLiteral };
  Kind kind_ = Kind::kObject;
  std::string text_;
  std::map<std::string, std::unique_ptr<Json>> members_;
  std::vector<std::unique_ptr<Json>> items_;
};

std::string Ref(std::string_view name) { return StrCat("#/components/schemas/", name); }

// What a field stands for in the legacy schema, for its description.
std::string MappingOf(const FieldDescriptor* field) {
  if (field->options().HasExtension(dragoman::cobol_field)) {
    const CobolField& cobol = field->options().GetExtension(dragoman::cobol_field);
    std::string text = StrCat("COBOL ", cobol.name());
    if (!cobol.picture().empty()) StrAppend(&text, " PIC ", cobol.picture());
    if (cobol.usage() != COBOL_TEXT && cobol.usage() != COBOL_GROUP &&
        field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      StrAppend(&text, "; an exact decimal string");
    }
    return text;
  }
  if (field->options().HasExtension(dragoman::xml_field)) {
    const XmlField& xml = field->options().GetExtension(dragoman::xml_field);
    if (xml.name().empty()) return "";
    return StrCat("XML ", xml.attribute() ? "attribute " : "element ",
                  xml.namespace_().empty() ? "" : StrCat("{", xml.namespace_(), "}"), xml.name());
  }
  return "";
}

class Builder {
 public:
  Builder(const JsonOptions& json, const RouteTable& routes) : json_(json), routes_(routes) {}

  Json& document() { return document_; }

  // The schema documentation of `full_name` followed by `mapping`, as paragraphs.
  std::string Describe(std::string_view full_name, std::string_view mapping) const {
    std::string text(routes_.DocOf(full_name));
    if (!mapping.empty()) StrAppend(&text, text.empty() ? "" : "\n\n", mapping);
    return text;
  }

  // A field's description: its documentation, its legacy mapping, and its enum values'
  // documentation.
  std::string DescriptionOf(const FieldDescriptor* field) const {
    std::string text = Describe(field->full_name(), MappingOf(field));
    const google::protobuf::EnumDescriptor* type = field->enum_type();
    if (type == nullptr) return text;
    // Enums are written inline, so their own documentation goes with the field's.
    if (routes_.DocOf(field->full_name()).empty()) {
      text = Describe(type->full_name(), text);
    }
    std::string values;
    for (int i = 0; i < type->value_count(); ++i) {
      const std::string_view doc =
          routes_.DocOf(StrCat(type->full_name(), ".", type->value(i)->name()));
      if (!doc.empty()) StrAppend(&values, "\n- `", type->value(i)->name(), "`: ", doc);
    }
    if (!values.empty()) StrAppend(&text, text.empty() ? "" : "\n\n", "Values:", values);
    return text;
  }

  // The schema of one value of `field` (an item when it is repeated).
  Json ValueSchema(const FieldDescriptor* field) {
    Json schema;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        schema["type"] = Json::Text("integer");
        schema["format"] = Json::Text("int32");
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        schema["type"] = Json::Text("integer");
        schema["minimum"] = Json::Literal("0");
        break;
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT64:
        // proto3 JSON writes 64-bit integers as strings (they do not fit a double).
        schema["type"] = Json::Text("string");
        schema["format"] =
            Json::Text(field->cpp_type() == FieldDescriptor::CPPTYPE_INT64 ? "int64" : "uint64");
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT:
        schema["type"] = Json::Text("number");
        schema["format"] =
            Json::Text(field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE ? "double" : "float");
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        schema["type"] = Json::Text("boolean");
        break;
      case FieldDescriptor::CPPTYPE_ENUM: {
        schema["type"] = Json::Text("string");
        Json& names = schema["enum"] = Json::Array();
        for (int i = 0; i < field->enum_type()->value_count(); ++i) {
          names.Push(Json::Text(field->enum_type()->value(i)->name()));
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_STRING:
        schema["type"] = Json::Text("string");
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          schema["contentEncoding"] = Json::Text("base64");
        }
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        schema["$ref"] = Json::Text(Ref(AddMessage(field->message_type())));
        break;
    }
    return schema;
  }

  Json FieldSchema(const FieldDescriptor* field) {
    Json schema;
    if (field->is_map()) {
      schema["type"] = Json::Text("object");
      schema["additionalProperties"] = ValueSchema(field->message_type()->map_value());
    } else if (field->is_repeated()) {
      schema["type"] = Json::Text("array");
      schema["items"] = ValueSchema(field);
    } else {
      schema = ValueSchema(field);
    }
    const std::string description = DescriptionOf(field);
    // $ref siblings are allowed in OpenAPI 3.1 (JSON Schema 2020-12).
    if (!description.empty()) schema["description"] = Json::Text(description);
    return schema;
  }

  // Adds the component schema of `message` (once) and returns its name.
  std::string AddMessage(const Descriptor* message) {
    const std::string name = message->full_name();
    if (!added_.insert(name).second) return name;
    Json schema;
    schema["type"] = Json::Text("object");
    Json& properties = schema["properties"];
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      properties[json_.proto_field_names ? field->name() : field->json_name()] = FieldSchema(field);
    }
    const std::string description = Describe(
        message->full_name(),
        message->options().HasExtension(dragoman::cobol_record)
            ? StrCat("COBOL ", message->options().GetExtension(dragoman::cobol_record).name())
            : "");
    if (!description.empty()) schema["description"] = Json::Text(description);
    document_["components"]["schemas"][name] = std::move(schema);
    return name;
  }

  // Query parameters: the scalar fields (nested ones by dotted proto path) not in `excluded`.
  void AddQueryParameters(const Descriptor* message, const std::string& prefix,
                          const std::set<std::string>& excluded, int depth, Json* parameters) {
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      const std::string path = prefix.empty() ? field->name() : StrCat(prefix, ".", field->name());
      if (excluded.count(path) > 0) continue;
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (!field->is_repeated() && depth < kMaxQueryDepth) {
          AddQueryParameters(field->message_type(), path, excluded, depth + 1, parameters);
        }
        continue;
      }
      Json& parameter = parameters->Push(Json());
      parameter["name"] = Json::Text(path);
      parameter["in"] = Json::Text("query");
      parameter["schema"] = FieldSchema(field);
      if (field->is_repeated()) {
        parameter["style"] = Json::Text("form");
        parameter["explode"] = Json::Literal("true");
      }
    }
  }

 private:
  const JsonOptions& json_;
  const RouteTable& routes_;
  Json document_;
  std::set<std::string> added_;
};

Json ErrorResponses() {
  Json responses;
  responses["description"] = Json::Text(
      "A failure, in the Connect protocol's error shape; the HTTP status follows the code");
  responses["content"]["application/json"]["schema"]["$ref"] = Json::Text(Ref(kErrorSchema));
  return responses;
}

// The Connect GET form of a side-effect-free method: the request in the query string.
void AddConnectGet(const std::string& service, const google::protobuf::MethodDescriptor* method,
                   std::string_view method_doc, const std::string& output, Json* get) {
  (*get)["operationId"] = Json::Text(StrCat(service, ".", method->name(), ".get"));
  (*get)["tags"] = Json::Array();
  (*get)["tags"].Push(Json::Text(service));
  (*get)["summary"] = Json::Text(StrCat(method->name(), " (Connect unary call, GET)"));
  if (!method_doc.empty()) (*get)["description"] = Json::Text(std::string(method_doc));
  Json& parameters = (*get)["parameters"] = Json::Array();
  auto add = [&parameters](const char* name, bool required, Json schema, const std::string& what) {
    Json& parameter = parameters.Push(Json());
    parameter["name"] = Json::Text(name);
    parameter["in"] = Json::Text("query");
    if (required) parameter["required"] = Json::Literal("true");
    parameter["schema"] = std::move(schema);
    parameter["description"] = Json::Text(what);
  };
  auto choice = [](std::initializer_list<const char*> values) {
    Json schema;
    schema["type"] = Json::Text("string");
    Json& names = schema["enum"] = Json::Array();
    for (const char* value : values) names.Push(Json::Text(value));
    return schema;
  };
  Json text;
  text["type"] = Json::Text("string");
  add("message", true, std::move(text),
      StrCat("The ", method->input_type()->full_name(),
             " request: JSON, or URL-safe base64 of the encoding with base64=1"));
  add("encoding", true, choice({"json", "proto"}), "How `message` is encoded");
  add("base64", false, choice({"0", "1"}), "1 when `message` is URL-safe base64");
  add("connect", false, choice({"v1"}), "The Connect protocol version");
  add("compression", false, choice({"identity"}), "Only identity is supported");
  Json& ok = (*get)["responses"]["200"];
  ok["description"] = Json::Text(StrCat("The ", method->output_type()->name(), " reply"));
  ok["content"]["application/json"]["schema"]["$ref"] = Json::Text(Ref(output));
  (*get)["responses"]["default"] = ErrorResponses();
}

const FieldDescriptor* FieldAt(const Descriptor* message, const std::string& path) {
  const FieldDescriptor* field = nullptr;
  size_t start = 0;
  while (message != nullptr) {
    const size_t dot = path.find('.', start);
    field = message->FindFieldByName(path.substr(start, dot - start));
    if (field == nullptr || dot == std::string::npos) return field;
    message = field->message_type();
    start = dot + 1;
  }
  return nullptr;
}

// "/v1/{name=shelves/*}/books" -> "/v1/{name}/books".
std::string OpenApiPath(const std::string& template_text) {
  std::string out;
  for (size_t i = 0; i < template_text.size(); ++i) {
    if (template_text[i] != '{') {
      out.push_back(template_text[i]);
      continue;
    }
    const size_t close = template_text.find('}', i);
    const std::string inside = template_text.substr(i + 1, close - i - 1);
    StrAppend(&out, "{", inside.substr(0, inside.find('=')), "}");
    i = close;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> OpenApiDocument(const RouteTable& routes, const JsonOptions& json) {
  Builder builder(json, routes);
  Json& document = builder.document();
  document["openapi"] = Json::Text("3.1.0");
  document["info"]["title"] = Json::Text("Dragoman");
  document["info"]["version"] = Json::Text("1");
  document["info"]["description"] = Json::Text(
      "Legacy services translated by Dragoman, as its HTTP front end serves them: every method "
      "as a Connect unary call (POST /<package>.<Service>/<Method>), and at the REST paths of "
      "its google.api.http options.");
  Json& error = document["components"]["schemas"][std::string(kErrorSchema)];
  error["type"] = Json::Text("object");
  error["required"] = Json::Array();
  error["required"].Push(Json::Text("code"));
  error["properties"]["code"]["type"] = Json::Text("string");
  error["properties"]["message"]["type"] = Json::Text("string");
  Json& detail = error["properties"]["details"];
  detail["type"] = Json::Text("array");
  detail["items"]["type"] = Json::Text("object");
  detail["items"]["properties"]["type"]["type"] = Json::Text("string");
  detail["items"]["properties"]["value"]["type"] = Json::Text("string");
  detail["items"]["properties"]["value"]["contentEncoding"] = Json::Text("base64");
  detail["items"]["properties"]["debug"]["type"] = Json::Text("object");
  document["paths"];

  document["tags"] = Json::Array();
  for (const auto& [service, paths] : routes.MethodsByService()) {
    Json& tag = document["tags"].Push(Json());
    tag["name"] = Json::Text(service);
    const std::string_view service_doc = routes.DocOf(service);
    if (!service_doc.empty()) tag["description"] = Json::Text(std::string(service_doc));
    for (const std::string& path : paths) {
      const Route* route = routes.Find(path);
      const auto* method = route->translator->method();
      const std::string input = builder.AddMessage(method->input_type());
      const std::string output = builder.AddMessage(method->output_type());
      Json& post = document["paths"][path]["post"];
      post["operationId"] = Json::Text(StrCat(service, ".", method->name()));
      post["tags"] = Json::Array();
      post["tags"].Push(Json::Text(service));
      post["summary"] = Json::Text(StrCat(method->name(), " (Connect unary call)"));
      const std::string_view method_doc = routes.DocOf(method->full_name());
      if (!method_doc.empty()) post["description"] = Json::Text(std::string(method_doc));
      post["requestBody"]["required"] = Json::Literal("true");
      post["requestBody"]["content"]["application/json"]["schema"]["$ref"] = Json::Text(Ref(input));
      post["requestBody"]["content"]["application/proto"]["schema"]["type"] = Json::Text("string");
      post["requestBody"]["content"]["application/proto"]["schema"]["format"] =
          Json::Text("binary");
      Json& ok = post["responses"]["200"];
      ok["description"] = Json::Text(StrCat("The ", method->output_type()->name(), " reply"));
      ok["content"]["application/json"]["schema"]["$ref"] = Json::Text(Ref(output));
      post["responses"]["default"] = ErrorResponses();
      if (method->options().idempotency_level() ==
          google::protobuf::MethodOptions::NO_SIDE_EFFECTS) {
        AddConnectGet(service, method, method_doc, output, &document["paths"][path]["get"]);
      }

      absl::StatusOr<std::vector<HttpBinding>> bindings =
          BindingsOf(method->options().GetExtension(google::api::http));
      if (!bindings.ok()) return WithContext(bindings.status(), StrCat(path, " google.api.http"));
      for (size_t b = 0; b < bindings->size(); ++b) {
        const HttpBinding& binding = (*bindings)[b];
        std::string verb = binding.http_method;
        for (char& c : verb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        Json& operation = document["paths"][OpenApiPath(binding.path.text())][verb];
        operation["operationId"] = Json::Text(StrCat(service, ".", method->name(), ".rest", b));
        operation["tags"] = Json::Array();
        operation["tags"].Push(Json::Text(service));
        operation["summary"] = Json::Text(StrCat(method->name(), " (REST)"));
        if (!method_doc.empty()) operation["description"] = Json::Text(std::string(method_doc));
        Json& parameters = operation["parameters"] = Json::Array();
        std::set<std::string> bound;
        for (const std::string& variable : binding.path.variables()) {
          bound.insert(variable);
          Json& parameter = parameters.Push(Json());
          parameter["name"] = Json::Text(variable);
          parameter["in"] = Json::Text("path");
          parameter["required"] = Json::Literal("true");
          const FieldDescriptor* field = FieldAt(method->input_type(), variable);
          parameter["schema"]["type"] = Json::Text("string");
          if (field != nullptr) {
            const std::string description = builder.DescriptionOf(field);
            if (!description.empty()) parameter["description"] = Json::Text(description);
          }
        }
        if (binding.body == "*") {
          operation["requestBody"]["required"] = Json::Literal("true");
          operation["requestBody"]["content"]["application/json"]["schema"]["$ref"] =
              Json::Text(Ref(input));
        } else {
          if (!binding.body.empty()) {
            const FieldDescriptor* field = method->input_type()->FindFieldByName(binding.body);
            if (field != nullptr) {
              bound.insert(binding.body);
              operation["requestBody"]["content"]["application/json"]["schema"] =
                  builder.FieldSchema(field);
            }
          }
          builder.AddQueryParameters(method->input_type(), "", bound, 0, &parameters);
        }
        Json& rest_ok = operation["responses"]["200"];
        rest_ok["description"] = Json::Text("The reply");
        const FieldDescriptor* shown =
            binding.response_body.empty()
                ? nullptr
                : method->output_type()->FindFieldByName(binding.response_body);
        if (shown != nullptr) {
          rest_ok["content"]["application/json"]["schema"] = builder.FieldSchema(shown);
        } else {
          rest_ok["content"]["application/json"]["schema"]["$ref"] = Json::Text(Ref(output));
        }
        operation["responses"]["default"] = ErrorResponses();
      }
    }
  }
  std::string out;
  document.Write(&out);
  return out;
}

}  // namespace dragoman
