// Conformance with node-soap's request/response samples
// (../shared/corpus/wsdl/node-soap/request-response-samples/<case>/):
// - Request: the envelope the case's translator writes for request.json's content is
//   equivalent to request.xml (canonical XML: names by namespace URI, attributes as a set,
//   text trimmed), Body and Header;
// - Response: decoding response.xml yields response.json's content, read with node-soap's JSON
//   conventions (node_soap_json.h); a SOAP fault yields the mapped status with a
//   dragoman.SoapFault detail that matches the fault (and the case's error JSON, if any).
// Outcomes are checked against node_soap_known_failures.txt ("<case> | <request|response> |
// <reason>"): a failure not listed or a listed case that passes fails its test. Run with
// DRAGOMAN_UPDATE_GOLDEN=1 to rewrite the list (then review the diff). Cases whose WSDL
// dragoman-gen cannot translate yet are skipped (tests/translators/codegen/
// wsdl_known_failures.txt tracks them).
#include "tests/conformance/node_soap_samples.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "dragoman/errors.pb.h"
#include "dragoman/options.pb.h"
#include "tests/conformance/node_soap_json.h"
#include "tests/conformance/xml_compare.h"
#include "tests/translators/codegen/codegen_test_util.h"
#include "translators/runtime/soap.h"
#include "translators/runtime/soap_method.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xml_reader.h"

namespace dragoman::conformance {

// Test names print the case name rather than bytes.
void PrintTo(const NodeSoapSample& sample, std::ostream* out) { *out << sample.name; }

namespace {

namespace fs = std::filesystem;
namespace util = ::dragoman::codegen::testing;
using ::google::protobuf::Message;
using ::google::protobuf::Value;

constexpr std::string_view kSeparator = " | ";
constexpr std::string_view kRequest = "request";
constexpr std::string_view kResponse = "response";

std::string SamplesDir() {
  return StrCat(util::CorpusDir(), "/wsdl/node-soap/request-response-samples");
}

std::string KnownFailuresPath() {
  return StrCat(util::SourceDir(), "/tests/conformance/node_soap_known_failures.txt");
}

// The result of one direction of one case.
struct Outcome {
  enum Kind { kPass, kFail, kNotApplicable, kNotGenerated };
  Kind kind = kPass;
  // One line: what differs, or why the direction does not apply.
  std::string reason;
  // Expected and produced content, for a failure.
  std::string details;
};

Outcome Pass() { return {}; }
Outcome Fail(std::string reason, std::string details = "") {
  // The known-failures list keeps one line per outcome.
  std::string line = reason.substr(0, reason.find('\n'));
  return {Outcome::kFail, std::move(line), std::move(details)};
}
Outcome NotApplicable(std::string reason) {
  return {Outcome::kNotApplicable, std::move(reason), ""};
}
Outcome NotGenerated(std::string_view reason) {
  return {Outcome::kNotGenerated, std::string(reason), ""};
}

// A SOAP envelope parsed in place, with the buffer that holds it.
struct ParsedEnvelope {
  std::string buffer;
  pugi::xml_document doc;
  soap::Envelope envelope;
};

absl::StatusOr<std::unique_ptr<ParsedEnvelope>> ParseEnvelope(std::string text) {
  auto parsed = std::make_unique<ParsedEnvelope>();
  parsed->buffer = std::move(text);
  absl::Status status = xml::ParseXmlInPlace(parsed->buffer.data(), parsed->buffer.size(),
                                             &parsed->doc, soap::SoapMethod::kLimits);
  if (status.ok()) {
    status = soap::FindEnvelope(parsed->doc, SOAP_VERSION_UNSPECIFIED, &parsed->envelope);
  }
  if (!status.ok()) return status;
  return parsed;
}

pugi::xml_node FirstChildElement(pugi::xml_node node) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) return child;
  }
  return {};
}

struct ExpandedName {
  std::string ns;
  std::string local;
};

ExpandedName NameOf(pugi::xml_node element) {
  std::string_view ns;
  xml::ElementNamespace(element, &ns);
  return {std::string(ns), std::string(xml::LocalName(element.name()))};
}

SoapVersion VersionOf(const SoapOperation& operation) {
  return operation.version() == SOAP_1_2 ? SOAP_1_2 : SOAP_1_1;
}

// The method a Body element is for: the operation whose request (or reply) element it is,
// else whose bare message has it as a Body field, else whose name it has (rpc), else the only
// method of that SOAP version.
const soap::SoapMethod* FindMethod(const TranslatorRegistry& registry, SoapVersion version,
                                   const ExpandedName& element, bool request) {
  std::vector<const soap::SoapMethod*> candidates;
  for (const auto& translator : registry.all()) {
    const auto* method = dynamic_cast<const soap::SoapMethod*>(translator.get());
    if (method != nullptr && VersionOf(method->operation()) == version) {
      candidates.push_back(method);
    }
  }
  for (const soap::SoapMethod* method : candidates) {
    const QName& name =
        request ? method->operation().request_element() : method->operation().response_element();
    if (name.name() == element.local && name.namespace_() == element.ns) return method;
  }
  for (const soap::SoapMethod* method : candidates) {
    const QName& name =
        request ? method->operation().request_element() : method->operation().response_element();
    const auto* type = request ? method->method()->input_type() : method->method()->output_type();
    if (name.name().empty() && FindBodyElementField(type, element.ns, element.local) != nullptr) {
      return method;
    }
  }
  for (const soap::SoapMethod* method : candidates) {
    if (method->operation().name() == element.local) return method;
  }
  return candidates.size() == 1 ? candidates.front() : nullptr;
}

// The message node-soap's JSON describes: the whole message when the operation has one Body
// element (document wrapped, rpc); for a bare message, the Body field named by `element`
// when the JSON is that element's content rather than the Body's.
Message* JsonTarget(const QName& operation_element, const ExpandedName& element, const Value& json,
                    Message* message) {
  if (!operation_element.name().empty()) return message;
  const google::protobuf::FieldDescriptor* field =
      FindBodyElementField(message->GetDescriptor(), element.ns, element.local);
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
    return message;
  }
  if (json.kind_case() == Value::kStructValue) {
    for (const auto& [key, value] : json.struct_value().fields()) {
      if (xml::LocalName(key) == element.local) return message;
    }
  }
  return message->GetReflection()->MutableMessage(message, field);
}

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

std::string Trimmed(std::string_view text) {
  return std::string(absl::StripAsciiWhitespace(ToAbsl(text)));
}

// Runs both directions of one sample.
class SampleRunner {
 public:
  explicit SampleRunner(const NodeSoapSample& sample)
      : SampleRunner(sample, fs::path(SamplesDir()) / std::string(sample.name)) {}
  // Runs the sample's translators on the files in `dir` instead of the sample's own.
  SampleRunner(const NodeSoapSample& sample, fs::path dir) : sample_(sample), dir_(std::move(dir)) {
    if (sample.register_translators != nullptr) {
      registered_ = sample.register_translators(registry_);
    }
  }

  Outcome Request() {
    if (sample_.register_translators == nullptr) {
      return NotGenerated(sample_.not_generated);
    }
    if (!Has("request.json") || !Has("request.xml")) {
      return NotApplicable("no request.json and request.xml");
    }
    if (!registered_.ok()) return Fail(StrCat("Register: ", registered_.message()));
    auto expected = ParseEnvelope(Read("request.xml"));
    if (!expected.ok()) return Fail(StrCat("request.xml: ", expected.status().message()));
    const soap::Envelope& want = (*expected)->envelope;
    const pugi::xml_node element = FirstChildElement(want.body);
    if (!element) return Fail("request.xml has an empty Body");
    const ExpandedName name = NameOf(element);
    const soap::SoapMethod* method = FindMethod(registry_, want.version, name, true);
    if (method == nullptr) {
      return Fail(StrCat("no generated method sends {", name.ns, "}", name.local));
    }
    Value json;
    if (absl::Status status = ParseJson(Read("request.json"), &json); !status.ok()) {
      return Fail(StrCat("request.json: ", status.message()));
    }
    std::unique_ptr<Message> request = NewMessage(method->method()->input_type());
    Message* target = JsonTarget(method->operation().request_element(), name, json, request.get());
    if (absl::Status status = FillFromJson(json, target); !status.ok()) {
      return Fail(StrCat("request.json cannot be expressed: ", status.message()));
    }
    BackendRequest sent;
    if (absl::Status status = method->EncodeRequest(request->SerializeAsString(), &sent);
        !status.ok()) {
      return Fail(StrCat("EncodeRequest: ", status.message()),
                  StrCat("request: ", request->ShortDebugString()));
    }
    auto produced = ParseEnvelope(sent.payload);
    if (!produced.ok()) {
      return Fail(StrCat("produced envelope: ", produced.status().message()), sent.payload);
    }
    const soap::Envelope& got = (*produced)->envelope;
    std::string difference = CompareContent(want.header, got.header, "Header");
    if (difference.empty()) difference = CompareContent(want.body, got.body, "Body");
    if (difference.empty()) return Pass();
    return Fail(
        difference,
        StrCat("request.xml Body:\n  ", xml::InnerXml(want.body), "\nproduced Body:\n  ",
               xml::InnerXml(got.body),
               got.header ? StrCat("\nproduced Header:\n  ", xml::InnerXml(got.header)) : ""));
  }

  Outcome Response() {
    if (sample_.register_translators == nullptr) {
      return NotGenerated(sample_.not_generated);
    }
    if (!Has("response.xml")) return NotApplicable("no response.xml");
    if (!registered_.ok()) return Fail(StrCat("Register: ", registered_.message()));
    const std::string text = Read("response.xml");
    auto expected = ParseEnvelope(text);
    if (!expected.ok()) return Fail(StrCat("response.xml: ", expected.status().message()));
    const soap::Envelope& reply = (*expected)->envelope;
    const soap::SoapMethod* method = RequestMethod(reply.version);
    const pugi::xml_node element = FirstChildElement(reply.body);
    if (!element) return Fail("response.xml has an empty Body");
    const ExpandedName name = NameOf(element);
    if (method == nullptr) method = FindMethod(registry_, reply.version, name, false);
    if (method == nullptr) {
      return Fail(StrCat("no generated method receives {", name.ns, "}", name.local));
    }
    if (reply.fault) return FaultOutcome(*method, reply, text);

    if (!Has("response.json")) return NotApplicable("no response.json");
    Value json;
    if (absl::Status status = ParseJson(Read("response.json"), &json); !status.ok()) {
      return Fail(StrCat("response.json: ", status.message()));
    }
    std::string payload = text;
    std::string bytes;
    if (absl::Status status = method->DecodeReply(payload, &bytes); !status.ok()) {
      return Fail(StrCat("DecodeReply: ", status.message()));
    }
    std::unique_ptr<Message> decoded = NewMessage(method->method()->output_type());
    if (!decoded->ParseFromString(bytes)) return Fail("DecodeReply returned unparsable bytes");
    const Message* target =
        JsonTarget(method->operation().response_element(), name, json, decoded.get());
    std::string difference = CompareWithJson(*target, json, "$");
    if (difference.empty()) return Pass();
    return Fail(difference, StrCat("decoded: ", decoded->ShortDebugString(),
                                   "\nresponse.json: ", JsonText(json)));
  }

 private:
  bool Has(std::string_view file) const { return fs::is_regular_file(dir_ / file); }
  std::string Read(std::string_view file) const { return util::ReadFileOrEmpty(dir_ / file); }

  // The method request.xml is for, when the case has one.
  const soap::SoapMethod* RequestMethod(SoapVersion version) {
    if (!Has("request.xml")) return nullptr;
    auto request = ParseEnvelope(Read("request.xml"));
    if (!request.ok() || (*request)->envelope.version != version) return nullptr;
    const pugi::xml_node element = FirstChildElement((*request)->envelope.body);
    if (!element) return nullptr;
    return FindMethod(registry_, version, NameOf(element), true);
  }

  // A fault reply: the mapped status, a dragoman.SoapFault detail that matches the fault, the
  // typed detail when the fault is declared, and the case's error JSON when there is one.
  Outcome FaultOutcome(const soap::SoapMethod& method, const soap::Envelope& reply,
                       const std::string& text) {
    const bool v12 = reply.version == SOAP_1_2;
    // The expected code and reason, read here rather than through the runtime under test.
    std::string want_code;
    std::string want_reason;
    pugi::xml_node detail;
    for (pugi::xml_node child : reply.fault.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view local = xml::LocalName(child.name());
      pugi::xml_node code = child;
      if (v12 && local == "Code") code = FirstChildElement(child);
      if (local == (v12 ? "Code" : "faultcode")) {
        xml::QNameToClark(code, Trimmed(code.text().get()), &want_code);
      } else if (local == (v12 ? "Reason" : "faultstring")) {
        want_reason = Trimmed((v12 ? FirstChildElement(child) : child).text().get());
      } else if (local == (v12 ? "Detail" : "detail")) {
        detail = FirstChildElement(child);
      }
    }
    const std::string_view code_local =
        std::string_view(want_code).substr(want_code.rfind('}') + 1);
    const absl::StatusCode want_status = absl::StartsWith(ToAbsl(code_local), "Client") ||
                                                 absl::StartsWith(ToAbsl(code_local), "Sender")
                                             ? absl::StatusCode::kInvalidArgument
                                             : absl::StatusCode::kInternal;

    std::string payload = text;
    std::string bytes;
    const absl::Status status = method.DecodeReply(payload, &bytes);
    if (status.ok()) return Fail("DecodeReply accepted a SOAP fault");
    if (status.code() != want_status) {
      return Fail(
          StrCat("fault ", want_code, " mapped to ", absl::StatusCodeToString(status.code()),
                 ", expected ", absl::StatusCodeToString(want_status)),
          std::string(status.message()));
    }
    SoapFault fault;
    const auto fault_payload =
        status.GetPayload(StrCat(kTypeUrlPrefix, SoapFault::descriptor()->full_name()));
    if (!fault_payload.has_value() || !fault.ParseFromString(std::string(*fault_payload))) {
      return Fail("no dragoman.SoapFault detail on the status", std::string(status.message()));
    }
    if (fault.code() != want_code || Trimmed(fault.reason()) != want_reason) {
      return Fail(StrCat("SoapFault code/reason ", fault.code(), " \"", fault.reason(),
                         "\", expected ", want_code, " \"", want_reason, "\""));
    }

    // The typed detail, when the detail element is a declared fault of the operation.
    std::unique_ptr<Message> typed;
    std::string detail_local;
    if (detail) {
      const ExpandedName name = NameOf(detail);
      detail_local = name.local;
      for (const SoapFaultType& declared : method.operation().faults()) {
        if (declared.element().name() != name.local || declared.element().namespace_() != name.ns) {
          continue;
        }
        const google::protobuf::Descriptor* type =
            google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
                declared.message_type());
        if (type == nullptr) return Fail(StrCat("unknown fault type ", declared.message_type()));
        typed = NewMessage(type);
        const auto typed_payload = status.GetPayload(StrCat(kTypeUrlPrefix, type->full_name()));
        if (!typed_payload.has_value() || !typed->ParseFromString(std::string(*typed_payload))) {
          return Fail(StrCat("declared fault ", declared.name(), " has no typed detail"),
                      fault.ShortDebugString());
        }
        if (fault.fault_name() != declared.name()) {
          return Fail(StrCat("SoapFault.fault_name \"", fault.fault_name(), "\", expected \"",
                             declared.name(), "\""));
        }
      }
    }

    // node-soap's error JSON: {"Envelope": {"Body": {"Fault": {faultcode, faultstring,
    // detail}}}} (the root key may be absent).
    for (const char* file : {"error_response.json", "fault.json", "error.json"}) {
      if (!Has(file)) continue;
      Value json;
      if (absl::Status parsed = ParseJson(Read(file), &json); !parsed.ok()) {
        return Fail(StrCat(file, ": ", parsed.message()));
      }
      const Value* node = &json;
      for (const char* key : {"Envelope", "Body", "Fault"}) {
        if (node->kind_case() != Value::kStructValue) break;
        auto it = node->struct_value().fields().find(key);
        if (it != node->struct_value().fields().end()) node = &it->second;
      }
      if (node->kind_case() != Value::kStructValue) return Fail(StrCat(file, ": no Fault object"));
      const auto& fields = node->struct_value().fields();
      auto reason = fields.find(v12 ? "Reason" : "faultstring");
      if (reason != fields.end() && reason->second.kind_case() == Value::kStringValue &&
          Trimmed(reason->second.string_value()) != Trimmed(fault.reason())) {
        return Fail(StrCat(file, ": faultstring \"", reason->second.string_value(),
                           "\", decoded \"", fault.reason(), "\""));
      }
      auto code = fields.find(v12 ? "Code" : "faultcode");
      if (code != fields.end() && code->second.kind_case() == Value::kStringValue &&
          xml::LocalName(code->second.string_value()) != code_local) {
        return Fail(
            StrCat(file, ": faultcode ", code->second.string_value(), ", decoded ", fault.code()));
      }
      auto json_detail = fields.find(v12 ? "Detail" : "detail");
      if (typed != nullptr && json_detail != fields.end() &&
          json_detail->second.kind_case() == Value::kStructValue) {
        const auto& entries = json_detail->second.struct_value().fields();
        for (const auto& [key, value] : entries) {
          if (xml::LocalName(key) != detail_local) continue;
          std::string difference = CompareWithJson(*typed, value, StrCat("$.detail.", key));
          if (!difference.empty()) {
            return Fail(difference, StrCat("decoded detail: ", typed->ShortDebugString()));
          }
        }
      }
    }
    return Pass();
  }

  const NodeSoapSample& sample_;
  fs::path dir_;
  TranslatorRegistry registry_;
  absl::Status registered_;
};

// ---- the known-failures list --------------------------------------------------------------

using KnownKey = std::pair<std::string, std::string>;  // (case, direction)

// One entry of the list.
struct KnownFailure {
  std::string reason;
  // The comment lines written directly above the entry (why the difference is accepted);
  // kept when the list is rewritten.
  std::string notes;
};

// The list: a header comment, a blank line, then entries, each optionally preceded by notes.
std::map<KnownKey, KnownFailure> ParseKnownFailures(const std::string& text) {
  std::map<KnownKey, KnownFailure> known;
  bool in_header = true;
  std::string notes;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) {
      in_header = false;
      notes.clear();
      continue;
    }
    if (line[0] == '#') {
      if (!in_header) StrAppend(&notes, line, "\n");
      continue;
    }
    in_header = false;
    std::vector<absl::string_view> parts =
        absl::StrSplit(line, absl::MaxSplits(ToAbsl(kSeparator), 2));
    parts.resize(3);
    KnownFailure& entry = known[{std::string(absl::StripAsciiWhitespace(parts[0])),
                                 std::string(absl::StripAsciiWhitespace(parts[1]))}];
    entry.reason = std::string(absl::StripAsciiWhitespace(parts[2]));
    entry.notes = std::move(notes);
    notes.clear();
  }
  return known;
}

const std::map<KnownKey, KnownFailure>& KnownFailures() {
  static const auto* const known = new std::map<KnownKey, KnownFailure>(
      ParseKnownFailures(util::ReadFileOrEmpty(KnownFailuresPath())));
  return *known;
}

std::string FormatKnownFailures(const std::map<KnownKey, KnownFailure>& failures) {
  std::string out =
      "# node-soap request/response samples (../shared/corpus/wsdl/node-soap/\n"
      "# request-response-samples) whose request Dragoman does not write as request.xml, or\n"
      "# whose response.xml does not decode to response.json, with the first line of the\n"
      "# difference. Checked by conformance_node_soap_samples_test: a failure not listed here,\n"
      "# or a listed case that now passes, fails the test. Regenerate with\n"
      "# DRAGOMAN_UPDATE_GOLDEN=1 (then review the diff); comment lines directly above an\n"
      "# entry say why the difference is accepted and are kept.\n"
      "# <case> | <request|response> | <reason>\n";
  for (const auto& [key, failure] : failures) {
    StrAppend(&out, "\n", failure.notes, key.first, kSeparator, key.second, kSeparator,
              failure.reason, "\n");
  }
  return out;
}

// Checks one outcome against the list.
void Check(std::string_view name, std::string_view direction, const Outcome& outcome) {
  const auto& known = KnownFailures();
  auto it = known.find({std::string(name), std::string(direction)});
  const bool listed = it != known.end();
  switch (outcome.kind) {
    case Outcome::kNotGenerated:
    case Outcome::kNotApplicable:
      if (listed) {
        ADD_FAILURE() << "stale entry in " << KnownFailuresPath() << ": " << name << kSeparator
                      << direction << " is not run (" << outcome.reason << ")";
      }
      GTEST_SKIP() << (outcome.kind == Outcome::kNotGenerated ? "not generated: " : "")
                   << outcome.reason;
    case Outcome::kPass:
      if (listed) {
        ADD_FAILURE() << "UNEXPECTED pass: " << name << kSeparator << direction
                      << "; remove it from " << KnownFailuresPath();
      }
      return;
    case Outcome::kFail:
      if (!listed) {
        ADD_FAILURE() << "NEW failure: " << name << kSeparator << direction << "\n  "
                      << outcome.reason << "\n"
                      << outcome.details;
      } else {
        std::cout << "known failure: " << outcome.reason << "\n" << outcome.details << "\n";
        if (it->second.reason != outcome.reason) {
          std::cout << "note: fails differently now\n  was: " << it->second.reason << "\n";
        }
      }
      return;
  }
}

// ---- tests --------------------------------------------------------------------------------

class NodeSoapSampleTest : public ::testing::TestWithParam<NodeSoapSample> {};

TEST_P(NodeSoapSampleTest, Request) {
  SampleRunner runner(GetParam());
  Check(GetParam().name, kRequest, runner.Request());
}

TEST_P(NodeSoapSampleTest, Response) {
  SampleRunner runner(GetParam());
  Check(GetParam().name, kResponse, runner.Response());
}

std::string TestName(const ::testing::TestParamInfo<NodeSoapSample>& info) {
  std::string name(info.param.name);
  for (char& c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(NodeSoap, NodeSoapSampleTest, ::testing::ValuesIn(NodeSoapSamples()),
                         TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(NodeSoapSampleTest);

// Runs every case once more to print the counts, keeps the list and the configured cases in
// step with the corpus, and rewrites the list with DRAGOMAN_UPDATE_GOLDEN=1.
TEST(NodeSoapSamplesSuite, SummaryAndKnownFailures) {
  ASSERT_TRUE(fs::is_directory(SamplesDir())) << "corpus not found at " << SamplesDir();

  std::set<std::string> on_disk;
  for (const fs::directory_entry& entry : fs::directory_iterator(SamplesDir())) {
    if (fs::is_regular_file(entry.path() / "soap.wsdl")) {
      on_disk.insert(entry.path().filename().string());
    }
  }
  std::set<std::string> configured;
  for (const NodeSoapSample& sample : NodeSoapSamples()) configured.emplace(sample.name);
  EXPECT_EQ(on_disk, configured) << "the corpus changed since CMake listed the samples: "
                                    "re-run cmake";

  TranslatorRegistry all;
  EXPECT_TRUE(RegisterAllNodeSoapSamples(all).ok()) << "method paths collide across samples";

  struct Count {
    int pass = 0;
    int known_fail = 0;
    int new_fail = 0;
    int not_generated = 0;
    int not_applicable = 0;
  };
  std::map<std::string, Count> counts;
  std::map<KnownKey, KnownFailure> failures;
  for (const NodeSoapSample& sample : NodeSoapSamples()) {
    SampleRunner runner(sample);
    for (std::string_view direction : {kRequest, kResponse}) {
      const Outcome outcome = direction == kRequest ? runner.Request() : runner.Response();
      const KnownKey key{std::string(sample.name), std::string(direction)};
      Count& count = counts[std::string(direction)];
      switch (outcome.kind) {
        case Outcome::kPass:
          ++count.pass;
          break;
        case Outcome::kFail:
          failures[key].reason = outcome.reason;
          if (auto it = KnownFailures().find(key); it != KnownFailures().end()) {
            failures[key].notes = it->second.notes;
          }
          ++(KnownFailures().count(key) ? count.known_fail : count.new_fail);
          break;
        case Outcome::kNotGenerated:
          ++count.not_generated;
          break;
        case Outcome::kNotApplicable:
          ++count.not_applicable;
          break;
      }
    }
  }
  std::cout << "node-soap samples (" << NodeSoapSamples().size() << " cases):\n";
  for (const auto& [direction, count] : counts) {
    std::cout << "  " << direction << ": " << count.pass << " pass, " << count.known_fail
              << " known failure(s), " << count.new_fail << " new failure(s), "
              << count.not_generated << " skipped (WSDL not generated), " << count.not_applicable
              << " without sample files\n";
    ::testing::Test::RecordProperty(StrCat(direction, "_pass"), count.pass);
    ::testing::Test::RecordProperty(StrCat(direction, "_known_fail"), count.known_fail);
  }

  if (util::UpdateGolden()) {
    ASSERT_TRUE(util::WriteFile(KnownFailuresPath(), FormatKnownFailures(failures)));
    GTEST_SKIP() << "updated " << KnownFailuresPath();
  }
  // New failures and unexpected passes are reported by the per-case tests; entries naming
  // no case are caught here.
  for (const auto& [key, failure] : KnownFailures()) {
    EXPECT_TRUE(configured.count(key.first) == 1 &&
                (key.second == kRequest || key.second == kResponse))
        << "stale entry in " << KnownFailuresPath() << ": " << key.first << kSeparator
        << key.second;
  }
}

// The corpus has one fault case (login__error_returned_should_contain_root_Json_on_fault), and it
// only ever passes; this shows the fault comparison can also fail, on faults of our own.
TEST(NodeSoapSamplesSuite, FaultRepliesAreComparedWithTheErrorJson) {
  const NodeSoapSample* sample = nullptr;
  for (const NodeSoapSample& candidate : NodeSoapSamples()) {
    if (candidate.name == "Dummy__should_handle_nil") sample = &candidate;
  }
  ASSERT_TRUE(sample != nullptr && sample->register_translators != nullptr)
      << "Dummy__should_handle_nil is not generated";
  util::ScratchDir dir;
  const auto fault = [&](std::string_view code, std::string_view reason) {
    dir.Write("response.xml",
              StrCat(R"(<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/">)",
                     "<e:Body><e:Fault><faultcode>e:", code, "</faultcode><faultstring>", reason,
                     "</faultstring><detail><x xmlns=\"urn:x\">1</x></detail></e:Fault>",
                     "</e:Body></e:Envelope>"));
  };
  const auto error_json = [&](std::string_view code, std::string_view reason) {
    dir.Write("error_response.json",
              StrCat(R"({"Envelope": {"Body": {"Fault": {"faultcode": "soapenv:)", code,
                     R"(", "faultstring": ")", reason, R"(", "detail": {"x": "1"}}}}})"));
  };

  fault("Client.Login", "bad login");
  error_json("Client.Login", "bad login");
  Outcome outcome = SampleRunner(*sample, dir.path()).Response();
  EXPECT_EQ(outcome.kind, Outcome::kPass) << outcome.reason;

  fault("Server", "down");
  error_json("Server", "down");
  outcome = SampleRunner(*sample, dir.path()).Response();
  EXPECT_EQ(outcome.kind, Outcome::kPass) << outcome.reason;

  error_json("Server", "something else");
  outcome = SampleRunner(*sample, dir.path()).Response();
  EXPECT_EQ(outcome.kind, Outcome::kFail);
  EXPECT_NE(outcome.reason.find("error_response.json: faultstring \"something else\""),
            std::string::npos)
      << outcome.reason;

  error_json("Client", "down");
  outcome = SampleRunner(*sample, dir.path()).Response();
  EXPECT_EQ(outcome.kind, Outcome::kFail);
  EXPECT_NE(outcome.reason.find("faultcode soapenv:Client"), std::string::npos) << outcome.reason;
}

}  // namespace
}  // namespace dragoman::conformance
