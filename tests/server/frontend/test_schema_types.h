// The message types of the test schemas (tests/translators/generated), for the JSON reader and
// writer's differential tests: every type a test translator's methods reach.
#ifndef DRAGOMAN_TESTS_SERVER_FRONTEND_TEST_SCHEMA_TYPES_H_
#define DRAGOMAN_TESTS_SERVER_FRONTEND_TEST_SCHEMA_TYPES_H_

#include <google/protobuf/descriptor.h>

#include <set>

#include "constructs.dragoman.h"
#include "model_groups.dragoman.h"
#include "polymorphism.dragoman.h"
#include "records.dragoman.h"
#include "rpc_literal.dragoman.h"
#include "soap_arrays.dragoman.h"
#include "translators/runtime/translator.h"

namespace dragoman::testing {

// Adds `type` and the message types of its fields; map entries are written and read only
// inside their maps, so they are left out.
inline void CollectTypes(const google::protobuf::Descriptor* type,
                         std::set<const google::protobuf::Descriptor*>* seen) {
  if (type->options().map_entry() || !seen->insert(type).second) return;
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->message_type() != nullptr) {
      CollectTypes(type->field(i)->message_type(), seen);
    }
  }
}

// Registers the test translators in `registry` and returns the types their methods reach.
inline std::set<const google::protobuf::Descriptor*> TestSchemaTypes(TranslatorRegistry& registry) {
  for (auto* register_translators :
       {&generated::constructs::Register, &generated::model_groups::Register,
        &generated::polymorphism::Register, &generated::records::Register,
        &generated::rpc_literal::Register, &generated::soap_arrays::Register}) {
    if (!register_translators(registry).ok()) return {};
  }
  std::set<const google::protobuf::Descriptor*> types;
  for (const auto& translator : registry.all()) {
    CollectTypes(translator->method()->input_type(), &types);
    CollectTypes(translator->method()->output_type(), &types);
  }
  return types;
}

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_SERVER_FRONTEND_TEST_SCHEMA_TYPES_H_
