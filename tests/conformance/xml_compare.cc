#include "tests/conformance/xml_compare.h"

#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "translators/runtime/generated_support.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xml_reader.h"

namespace dragoman::conformance {
namespace {

// An element's or attribute's name resolved to its namespace URI.
struct ExpandedName {
  bool declared = true;
  std::string ns;
  std::string local;

  std::string Clark() const {
    return declared ? gen::ClarkName(ns, local) : StrCat(local, " (undeclared prefix)");
  }
  bool operator==(const ExpandedName& other) const {
    return declared == other.declared && ns == other.ns && local == other.local;
  }
  bool operator<(const ExpandedName& other) const {
    return std::tie(declared, ns, local) < std::tie(other.declared, other.ns, other.local);
  }
};

ExpandedName NameOf(pugi::xml_node element) {
  ExpandedName name;
  std::string_view ns;
  name.declared = xml::ElementNamespace(element, &ns);
  name.ns = std::string(ns);
  name.local = std::string(xml::LocalName(element.name()));
  return name;
}

bool IsNamespaceDeclaration(std::string_view name) {
  return name == "xmlns" || xml::Prefix(name) == "xmlns";
}

// Data attributes by expanded name; xsi:type values become Clark notation.
std::map<ExpandedName, std::string> AttributesOf(pugi::xml_node element) {
  std::map<ExpandedName, std::string> out;
  for (pugi::xml_attribute attribute : element.attributes()) {
    const std::string_view qualified = attribute.name();
    if (IsNamespaceDeclaration(qualified)) continue;
    ExpandedName name;
    name.local = std::string(xml::LocalName(qualified));
    const std::string_view prefix = xml::Prefix(qualified);
    if (!prefix.empty()) {
      std::string_view ns;
      name.declared = xml::ResolvePrefix(element, prefix, &ns);
      name.ns = std::string(ns);
    }
    std::string value = attribute.value();
    if (name.declared && name.ns == xml::kXsiNamespace && name.local == "type") {
      std::string clark;
      if (xml::QNameToClark(element, value, &clark)) value = clark;
    }
    out.emplace(std::move(name), std::move(value));
  }
  return out;
}

// Direct character data, trimmed.
std::string TextOf(pugi::xml_node element) {
  std::string text;
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      text += child.value();
    }
  }
  return std::string(absl::StripAsciiWhitespace(text));
}

std::vector<pugi::xml_node> ChildElements(pugi::xml_node element) {
  std::vector<pugi::xml_node> out;
  if (!element) return out;
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_element) out.push_back(child);
  }
  return out;
}

std::string Quoted(std::string_view text) { return StrCat("\"", text, "\""); }

}  // namespace

std::string CompareContent(pugi::xml_node expected, pugi::xml_node actual, std::string_view path) {
  const std::string expected_text = expected ? TextOf(expected) : "";
  const std::string actual_text = actual ? TextOf(actual) : "";
  if (expected_text != actual_text) {
    return StrCat(path, ": text ", Quoted(actual_text), ", expected ", Quoted(expected_text));
  }
  const std::vector<pugi::xml_node> want = ChildElements(expected);
  const std::vector<pugi::xml_node> got = ChildElements(actual);
  std::map<std::string, int> seen;
  for (size_t i = 0; i < want.size() && i < got.size(); ++i) {
    const std::string local(xml::LocalName(want[i].name()));
    const int index = ++seen[local];
    const std::string child_path =
        index == 1 ? StrCat(path, "/", local) : StrCat(path, "/", local, "[", index, "]");
    std::string difference = CompareElements(want[i], got[i], child_path);
    if (!difference.empty()) return difference;
  }
  if (want.size() > got.size()) {
    return StrCat(path, ": ", want.size() - got.size(), " child element(s) missing, first ",
                  NameOf(want[got.size()]).Clark());
  }
  if (got.size() > want.size()) {
    return StrCat(path, ": ", got.size() - want.size(), " unexpected child element(s), first ",
                  NameOf(got[want.size()]).Clark());
  }
  return "";
}

std::string CompareElements(pugi::xml_node expected, pugi::xml_node actual, std::string_view path) {
  const ExpandedName want = NameOf(expected);
  const ExpandedName got = NameOf(actual);
  if (!(want == got)) {
    return StrCat(path, ": element ", got.Clark(), ", expected ", want.Clark());
  }
  const std::map<ExpandedName, std::string> want_attributes = AttributesOf(expected);
  const std::map<ExpandedName, std::string> got_attributes = AttributesOf(actual);
  for (const auto& [name, value] : want_attributes) {
    auto it = got_attributes.find(name);
    if (it == got_attributes.end()) {
      return StrCat(path, ": attribute ", name.Clark(), " missing, expected ", Quoted(value));
    }
    if (it->second != value) {
      return StrCat(path, ": attribute ", name.Clark(), " is ", Quoted(it->second), ", expected ",
                    Quoted(value));
    }
  }
  for (const auto& [name, value] : got_attributes) {
    if (want_attributes.count(name) == 0) {
      return StrCat(path, ": unexpected attribute ", name.Clark(), "=", Quoted(value));
    }
  }
  return CompareContent(expected, actual, path);
}

}  // namespace dragoman::conformance
