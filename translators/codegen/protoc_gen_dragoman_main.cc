// protoc-gen-dragoman: protoc plugin entry point (protoc --dragoman_out=DIR).
#include <google/protobuf/compiler/plugin.h>

#include "translators/codegen/cpp_emitter.h"
#include "translators/runtime/strings.h"

int main(int argc, char** argv) {
  dragoman::codegen::CppEmitter generator;
  return google::protobuf::compiler::PluginMain(argc, argv, &generator);
}
