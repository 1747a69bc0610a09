#include "translators/runtime/translator.h"

#include "absl/strings/str_cat.h"
#include "dragoman/options.pb.h"
#include "translators/runtime/strings.h"

namespace dragoman {

bool MarkedIdempotent(const google::protobuf::MethodDescriptor* method) {
  const google::protobuf::MethodOptions& options = method->options();
  return options.idempotency_level() != google::protobuf::MethodOptions::IDEMPOTENCY_UNKNOWN ||
         options.GetExtension(dragoman::soap_operation).idempotent() ||
         options.GetExtension(dragoman::cobol_program).idempotent();
}

absl::Status TranslatorRegistry::Add(std::unique_ptr<Translator> translator) {
  if (Find(translator->method_path()) != nullptr) {
    return absl::AlreadyExistsError(StrCat("two translators for ", translator->method_path()));
  }
  translators_.push_back(std::move(translator));
  return absl::OkStatus();
}

const Translator* TranslatorRegistry::Find(std::string_view method_path) const {
  for (const auto& translator : translators_) {
    if (translator->method_path() == method_path) return translator.get();
  }
  return nullptr;
}

void TranslatorRegistry::AddDocs(absl::Span<const SchemaDoc> docs) {
  for (const SchemaDoc& doc : docs) docs_[doc.full_name] = doc.text;
}

std::string_view TranslatorRegistry::DocOf(std::string_view full_name) const {
  auto it = docs_.find(full_name);
  return it == docs_.end() ? std::string_view() : it->second;
}

}  // namespace dragoman
