#include "translators/runtime/soap.h"

#include <string>

#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xml_reader.h"

namespace dragoman::soap {
namespace {

// The prefix this code writes for the envelope namespace, whatever the version.
constexpr char kEnvPrefix[] = "soapenv";
// The prefix declared for a fault code outside the envelope namespace.
constexpr char kCodePrefix[] = "fc";

std::string_view VersionName(SoapVersion version) {
  return version == SOAP_1_2 ? "SOAP 1.2" : "SOAP 1.1";
}

// "{ns}local" -> ns, local; a name without braces is in no namespace.
void SplitClark(std::string_view clark, std::string_view* ns, std::string_view* local) {
  *ns = {};
  *local = clark;
  if (clark.empty() || clark[0] != '{') return;
  const std::size_t close = clark.find('}');
  if (close == std::string_view::npos) return;
  *ns = clark.substr(1, close - 1);
  *local = clark.substr(close + 1);
}

// "{ns}local" for messages, "local" without a namespace.
std::string Describe(pugi::xml_node element) {
  std::string_view ns;
  const std::string_view name = element.name();
  if (!xml::ElementNamespace(element, &ns)) {
    return StrCat(name, " (undeclared prefix)");
  }
  const std::string_view local = xml::LocalName(name);
  return ns.empty() ? std::string(local) : StrCat("{", ns, "}", local);
}

// The first child element named {ns}local, or null.
pugi::xml_node Child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  for (pugi::xml_node child : parent.children()) {
    if (xml::IsElement(child, ns, local)) return child;
  }
  return {};
}

// SOAP 1.1 fault children are unqualified, but some toolkits put them in the envelope
// namespace; both are accepted.
pugi::xml_node Child11(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node child : parent.children()) {
    if (xml::IsElement(child, "", local) || xml::IsElement(child, kSoap11Namespace, local)) {
      return child;
    }
  }
  return {};
}

absl::Status ReadText(pugi::xml_node element, std::string_view what, std::string* out) {
  out->clear();
  if (!element) return absl::OkStatus();
  if (!xml::AppendTextContent(element, out)) {
    return absl::InvalidArgumentError(StrCat("SOAP: fault ", what, " has child elements"));
  }
  return absl::OkStatus();
}

absl::Status ReadCode(pugi::xml_node element, std::string_view what, std::string* clark) {
  std::string scratch;
  std::string_view text;
  if (!element || !xml::TextContent(element, &scratch, &text) || text.empty()) {
    return absl::InvalidArgumentError(StrCat("SOAP: fault has no ", what));
  }
  if (!xml::QNameToClark(element, text, clark)) {
    return absl::InvalidArgumentError(
        StrCat("SOAP: fault ", what, " '", text, "' is not a QName with a declared prefix"));
  }
  return absl::OkStatus();
}

absl::Status ReadFault11(pugi::xml_node fault, SoapFault* out) {
  DRAGOMAN_RETURN_IF_ERROR(ReadCode(Child11(fault, "faultcode"), "faultcode", out->mutable_code()));
  DRAGOMAN_RETURN_IF_ERROR(
      ReadText(Child11(fault, "faultstring"), "faultstring", out->mutable_reason()));
  DRAGOMAN_RETURN_IF_ERROR(
      ReadText(Child11(fault, "faultactor"), "faultactor", out->mutable_actor()));
  if (pugi::xml_node detail = Child11(fault, "detail")) {
    *out->mutable_detail_xml() = xml::InnerXml(detail);
  }
  return absl::OkStatus();
}

absl::Status ReadFault12(pugi::xml_node fault, SoapFault* out) {
  const std::string_view ns = kSoap12Namespace;
  const pugi::xml_node code = Child(fault, ns, "Code");
  if (!code) return absl::InvalidArgumentError("SOAP: fault has no Code");
  DRAGOMAN_RETURN_IF_ERROR(ReadCode(Child(code, ns, "Value"), "Code/Value", out->mutable_code()));
  for (pugi::xml_node sub = Child(code, ns, "Subcode"); sub; sub = Child(sub, ns, "Subcode")) {
    DRAGOMAN_RETURN_IF_ERROR(
        ReadCode(Child(sub, ns, "Value"), "Subcode/Value", out->add_subcodes()));
  }
  const pugi::xml_node reason = Child(fault, ns, "Reason");
  DRAGOMAN_RETURN_IF_ERROR(
      ReadText(Child(reason, ns, "Text"), "Reason/Text", out->mutable_reason()));
  DRAGOMAN_RETURN_IF_ERROR(ReadText(Child(fault, ns, "Node"), "Node", out->mutable_node()));
  DRAGOMAN_RETURN_IF_ERROR(ReadText(Child(fault, ns, "Role"), "Role", out->mutable_actor()));
  if (pugi::xml_node detail = Child(fault, ns, "Detail")) {
    *out->mutable_detail_xml() = xml::InnerXml(detail);
  }
  return absl::OkStatus();
}

// Writes `text` escaped; a value XML cannot carry is left out rather than corrupting the
// envelope (only mock backends write faults).
void WriteTextElement(xml::XmlWriter& writer, std::string_view qname, std::string_view text) {
  writer.StartElement(qname);
  writer.Text(text);
  writer.EndElement(qname);
}

// Writes a QName-valued element for a Clark-notation code, declaring a prefix for it on the
// element itself when it is not in the envelope namespace.
void WriteCodeElement(xml::XmlWriter& writer, std::string_view qname, std::string_view env_ns,
                      std::string_view clark) {
  std::string_view ns;
  std::string_view local;
  SplitClark(clark, &ns, &local);
  writer.StartElement(qname);
  if (ns == env_ns) {
    writer.Text(StrCat(kEnvPrefix, ":", local));
  } else if (ns.empty()) {
    // No default namespace is ever declared here, so an unprefixed QName has no namespace.
    writer.Text(local);
  } else {
    writer.DeclareNamespace(kCodePrefix, ns);
    writer.Text(StrCat(kCodePrefix, ":", local));
  }
  writer.EndElement(qname);
}

void WriteFault11(const SoapFault& fault, xml::XmlWriter& writer) {
  WriteCodeElement(writer, "faultcode", kSoap11Namespace,
                   fault.code().empty() ? StrCat("{", kSoap11Namespace, "}Server") : fault.code());
  WriteTextElement(writer, "faultstring", fault.reason());
  if (!fault.actor().empty()) WriteTextElement(writer, "faultactor", fault.actor());
  if (!fault.detail_xml().empty()) {
    writer.StartElement("detail");
    writer.RawXml(fault.detail_xml());
    writer.EndElement("detail");
  }
}

void WriteFault12(const SoapFault& fault, xml::XmlWriter& writer) {
  constexpr std::string_view code = "soapenv:Code";
  constexpr std::string_view value = "soapenv:Value";
  constexpr std::string_view subcode = "soapenv:Subcode";
  writer.StartElement(code);
  WriteCodeElement(
      writer, value, kSoap12Namespace,
      fault.code().empty() ? StrCat("{", kSoap12Namespace, "}Receiver") : fault.code());
  for (const std::string& sub : fault.subcodes()) {
    writer.StartElement(subcode);
    WriteCodeElement(writer, value, kSoap12Namespace, sub);
  }
  for (int i = 0; i < fault.subcodes_size(); ++i) writer.EndElement(subcode);
  writer.EndElement(code);

  constexpr std::string_view reason = "soapenv:Reason";
  constexpr std::string_view text = "soapenv:Text";
  writer.StartElement(reason);
  writer.StartElement(text);
  // SOAP 1.2 requires xml:lang on every Reason/Text.
  writer.RawAttribute("xml:lang", "en");
  writer.Text(fault.reason());
  writer.EndElement(text);
  writer.EndElement(reason);

  if (!fault.node().empty()) {
    WriteTextElement(writer, "soapenv:Node", fault.node());
  }
  if (!fault.actor().empty()) {
    WriteTextElement(writer, "soapenv:Role", fault.actor());
  }
  if (!fault.detail_xml().empty()) {
    constexpr std::string_view detail = "soapenv:Detail";
    writer.StartElement(detail);
    writer.RawXml(fault.detail_xml());
    writer.EndElement(detail);
  }
}

}  // namespace

std::string_view EnvelopeNamespace(SoapVersion version) {
  return version == SOAP_1_2 ? kSoap12Namespace : kSoap11Namespace;
}

std::string ContentType(SoapVersion version, std::string_view action) {
  if (version != SOAP_1_2) return "text/xml; charset=utf-8";
  std::string out = "application/soap+xml; charset=utf-8";
  if (action.empty()) return out;
  // The action is an RFC 7230 quoted-string.
  out.append("; action=\"");
  for (char c : action) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void BeginEnvelope(SoapVersion version, xml::XmlWriter& writer, std::string_view header_xml) {
  writer.StartElement("soapenv:Envelope");
  writer.DeclareNamespace(kEnvPrefix, EnvelopeNamespace(version));
  if (!header_xml.empty()) {
    writer.StartElement("soapenv:Header");
    writer.RawXml(header_xml);
    writer.EndElement("soapenv:Header");
  }
  writer.StartElement("soapenv:Body");
}

void EndEnvelope(xml::XmlWriter& writer) {
  writer.EndElement("soapenv:Body");
  writer.EndElement("soapenv:Envelope");
}

absl::Status CheckMustUnderstand(pugi::xml_node entry, SoapVersion version) {
  const pugi::xml_attribute must =
      xml::FindAttribute(entry, EnvelopeNamespace(version), "mustUnderstand");
  const std::string_view value = must.value();
  if (value != "1" && value != "true") return absl::OkStatus();
  std::string_view ns;
  xml::ElementNamespace(entry, &ns);
  return absl::InvalidArgumentError(StrCat("SOAP header {", ns, "}", xml::LocalName(entry.name()),
                                           " must be understood but is not declared"));
}

absl::Status FindEnvelope(const pugi::xml_document& doc, SoapVersion expected, Envelope* out) {
  *out = Envelope();
  const pugi::xml_node root = doc.document_element();
  if (!root) return absl::InvalidArgumentError("SOAP: document has no root element");
  std::string_view ns;
  if (!xml::ElementNamespace(root, &ns)) {
    return absl::InvalidArgumentError(
        StrCat("SOAP: root element ", root.name(), " uses an undeclared prefix"));
  }
  SoapVersion version = SOAP_VERSION_UNSPECIFIED;
  if (ns == kSoap11Namespace) {
    version = SOAP_1_1;
  } else if (ns == kSoap12Namespace) {
    version = SOAP_1_2;
  }
  if (version == SOAP_VERSION_UNSPECIFIED || xml::LocalName(root.name()) != "Envelope") {
    return absl::InvalidArgumentError(
        StrCat("SOAP: expected a SOAP Envelope, found ", Describe(root)));
  }
  if (expected != SOAP_VERSION_UNSPECIFIED && version != expected) {
    return absl::InvalidArgumentError(StrCat("SOAP: expected a ", VersionName(expected),
                                             " envelope (", EnvelopeNamespace(expected),
                                             "), found ", VersionName(version), " (", ns, ")"));
  }
  Envelope envelope;
  envelope.version = version;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    if (envelope.body) {
      // SOAP 1.1 allows further elements after Body; SOAP 1.2 does not.
      if (version == SOAP_1_2) {
        return absl::InvalidArgumentError(
            StrCat("SOAP: unexpected ", Describe(child), " after Body"));
      }
      continue;
    }
    if (xml::IsElement(child, ns, "Header") && !envelope.header) {
      envelope.header = child;
    } else if (xml::IsElement(child, ns, "Body")) {
      envelope.body = child;
    } else {
      return absl::InvalidArgumentError(
          StrCat("SOAP: expected Header or Body in the Envelope, found ", Describe(child)));
    }
  }
  if (!envelope.body) return absl::InvalidArgumentError("SOAP: Envelope has no Body");
  envelope.fault = Child(envelope.body, ns, "Fault");
  *out = envelope;
  return absl::OkStatus();
}

absl::Status ReadFault(pugi::xml_node fault, SoapVersion version, SoapFault* out) {
  out->Clear();
  return version == SOAP_1_2 ? ReadFault12(fault, out) : ReadFault11(fault, out);
}

absl::StatusCode FaultStatusCode(const SoapFault& fault) {
  std::string_view ns;
  std::string_view local;
  SplitClark(fault.code(), &ns, &local);
  if (ns == kSoap11Namespace) {
    // SOAP 1.1 refines codes with dots: "Client.Authentication" is still a Client fault.
    const std::string_view head = local.substr(0, local.find('.'));
    if (head == "Client") return absl::StatusCode::kInvalidArgument;
  } else if (ns == kSoap12Namespace && local == "Sender") {
    return absl::StatusCode::kInvalidArgument;
  }
  return absl::StatusCode::kInternal;
}

void WriteFaultEnvelope(SoapVersion version, const SoapFault& fault, std::string* out) {
  xml::XmlWriter writer(out);
  BeginEnvelope(version, writer);
  constexpr std::string_view fault_name = "soapenv:Fault";
  writer.StartElement(fault_name);
  if (version == SOAP_1_2) {
    WriteFault12(fault, writer);
  } else {
    WriteFault11(fault, writer);
  }
  writer.EndElement(fault_name);
  EndEnvelope(writer);
}

}  // namespace dragoman::soap
