// dragoman-gen: writes annotated .proto files from legacy schemas.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "translators/codegen/copybook_frontend.h"
#include "translators/codegen/default_http_rules.h"
#include "translators/codegen/proto_emitter.h"
#include "translators/codegen/wsdl_frontend.h"
#include "translators/runtime/strings.h"

namespace {

// Writes the model's .proto into `out_dir`, reporting what the front end read past.
int WriteProto(const absl::StatusOr<dragoman::codegen::FileModel>& model,
               const std::string& out_dir) {
  if (!model.ok()) {
    std::cerr << "dragoman-gen: " << model.status().message() << "\n";
    return 1;
  }
  for (const std::string& warning : model->warnings) {
    std::cerr << "dragoman-gen: warning: " << warning << "\n";
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  const std::filesystem::path path = std::filesystem::path(out_dir) / model->file_name;
  const std::string text = dragoman::codegen::EmitProto(*model);
  // Rewriting an unchanged file would make the build system recompile everything after it.
  {
    std::ifstream existing(path, std::ios::binary);
    std::string old((std::istreambuf_iterator<char>(existing)), std::istreambuf_iterator<char>());
    if (existing && old == text) return 0;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file.flush()) {
    std::cerr << "dragoman-gen: cannot write " << path << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dragoman-gen: writes annotated .proto files from legacy schemas"};
  app.require_subcommand(1);

  std::string wsdl;
  std::string out_dir = ".";
  dragoman::codegen::WsdlOptions options;
  CLI::App* wsdl_cmd =
      app.add_subcommand("wsdl", "WSDL 1.1 + XSD -> .proto with (dragoman.*) mapping options");
  wsdl_cmd->add_option("FILE", wsdl, "WSDL file (imports and includes resolve locally)")
      ->required()
      ->check(CLI::ExistingFile);
  wsdl_cmd->add_option("--out", out_dir, "Output directory")->required();
  wsdl_cmd->add_option("--package", options.package,
                       "proto package (default: derived from the targetNamespace)");
  wsdl_cmd->add_option("--proto-file", options.proto_file,
                       "Output file name (default: <wsdl stem>.proto)");
  std::vector<std::string> operations;
  wsdl_cmd
      ->add_option("--operations", operations,
                   "Map only these WSDL operations (and the types they use)")
      ->delimiter(',');
  wsdl_cmd->add_flag("--strict", options.strict,
                     "Fail on references the schema does not define; by default they are read "
                     "past (raw XML, skipped operations) with a warning for each");

  std::string copybook;
  dragoman::codegen::CopybookGenOptions copybook_options;
  CLI::App* copybook_cmd = app.add_subcommand(
      "copybook", "COBOL copybook + service manifest -> .proto with (dragoman.cobol_*) options");
  copybook_cmd->add_option("FILE", copybook, "Copybook (level 01 records; COPY members resolve)")
      ->required()
      ->check(CLI::ExistingFile);
  copybook_cmd->add_option("--out", out_dir, "Output directory")->required();
  copybook_cmd
      ->add_option("--manifest", copybook_options.manifest_path,
                   "Service manifest (YAML): programs, request/reply records, code page, "
                   "dialect, REDEFINES rules, defaults, redaction; without it only messages")
      ->check(CLI::ExistingFile);
  copybook_cmd->add_option("--proto-file", copybook_options.proto_file,
                           "Output file name (default: <copybook stem>.proto)");
  copybook_cmd->add_option("-I,--include", copybook_options.include_paths,
                           "Directory searched for COPY members (repeatable)");
  copybook_cmd->add_flag("--free-format", copybook_options.free_format,
                         "Free-format source (default: fixed columns 8-72)");

  // Both front ends can add default REST mappings.
  std::string http_prefix;
  bool http_rules = false;
  for (CLI::App* command : {wsdl_cmd, copybook_cmd}) {
    command
        ->add_option("--http-rules", http_prefix,
                     "Give every method without one a google.api.http rule: POST "
                     "<PREFIX>/<Service>/<Method> with the request as body (PREFIX may be empty)")
        ->expected(0, 1)
        ->default_str("")
        ->each([&http_rules](const std::string&) { http_rules = true; });
  }

  CLI11_PARSE(app, argc, argv);
  options.operations.insert(operations.begin(), operations.end());
  http_rules =
      http_rules || wsdl_cmd->count("--http-rules") > 0 || copybook_cmd->count("--http-rules") > 0;
  absl::StatusOr<dragoman::codegen::FileModel> model =
      *wsdl_cmd ? dragoman::codegen::BuildModelFromWsdl(wsdl, options)
                : dragoman::codegen::BuildModelFromCopybook(copybook, copybook_options);
  if (model.ok() && http_rules) {
    if (absl::Status status = dragoman::codegen::AddDefaultHttpRules(http_prefix, &*model);
        !status.ok()) {
      model = status;
    }
  }
  return WriteProto(model, out_dir);
}
