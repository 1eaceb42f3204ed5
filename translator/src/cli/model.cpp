// edigate model list | json-schema MODEL | xsd: the canonical models, and the schemas of their JSON
// and XML forms as generated from maps/models/canonical.xml (docs/canonical/).
#include "cli/commands.hpp"
#include "cli/io.hpp"

#include <edigate/maps/canonical.hpp>
#include <edigate/maps/model.hpp>

#include <fmt/format.h>

#include <memory>
#include <string>

namespace edigate::cli {
namespace {

struct ModelOptions {
  std::string models;  // canonical.xml; empty: the default set
  std::string name;
  std::string out;
};

Result<maps::ModelSet> load(const ModelOptions& options) {
  return options.models.empty() ? maps::ModelSet::load_default() : maps::ModelSet::load(options.models);
}

int emit(const ModelOptions& options, const std::string& text) {
  if (auto written = write_output(options.out, text + "\n"); !written) {
    fmt::print(stderr, "{}\n", written.error().describe());
    return exit_input_errors;
  }
  return exit_ok;
}

int run_list(const ModelOptions& options) {
  auto models = load(options);
  if (!models) {
    fmt::print(stderr, "{}\n", models.error().describe());
    return exit_input_errors;
  }
  std::string text;
  for (const std::string& name : models->model_names()) {
    const maps::ModelDef& model = *models->model(name);
    std::string keys;
    for (const maps::BusinessKey& key : model.keys) keys += fmt::format("{}{}={}", keys.empty() ? "" : " ", key.name, key.path);
    text += fmt::format("{:<16} {:<20} {:>3} fields  keys: {}\n", name, model.title, model.root.fields.size(), keys);
  }
  text += fmt::format("{} models, {} shared types in {}", models->model_names().size(), models->types().size(),
                      models->file().string());
  return emit(options, text);
}

int run_json_schema(const ModelOptions& options) {
  auto models = load(options);
  if (!models) {
    fmt::print(stderr, "{}\n", models.error().describe());
    return exit_input_errors;
  }
  const maps::ModelDef* model = models->model(options.name);
  if (model == nullptr) {
    std::string known;
    for (const std::string& n : models->model_names()) known += (known.empty() ? "" : ", ") + n;
    fmt::print(stderr, "edigate model json-schema: unknown model \"{}\" (known: {})\n", options.name, known);
    return exit_usage;
  }
  return emit(options, maps::json_schema(*models, *model));
}

int run_xsd(const ModelOptions& options) {
  auto models = load(options);
  if (!models) {
    fmt::print(stderr, "{}\n", models.error().describe());
    return exit_input_errors;
  }
  return emit(options, maps::canonical_xsd(*models));
}

void common(CLI::App* cmd, ModelOptions& options) {
  cmd->add_option("--models", options.models,
                  "Model file (default: $EDIGATE_MAPS/models/canonical.xml or the shipped one)");
  cmd->add_option("--out,-o", options.out, "Write here instead of standard output");
}

}  // namespace

void add_model(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("model", "Canonical models: list them, write their JSON Schema or XSD");
  cmd->require_subcommand(1);
  auto options = std::make_shared<ModelOptions>();

  auto* list = cmd->add_subcommand("list", "The canonical models, their titles and business keys");
  common(list, *options);
  list->callback([options, &result] { result = run_list(*options); });

  auto* schema = cmd->add_subcommand("json-schema", "JSON Schema (2020-12) of a model's canonical JSON");
  schema->add_option("model", options->name, "order, order_response, ship_notice or invoice")->required();
  common(schema, *options);
  schema->callback([options, &result] { result = run_json_schema(*options); });

  auto* xsd = cmd->add_subcommand("xsd", "The XSD of canonical XML, every model in one schema");
  common(xsd, *options);
  xsd->callback([options, &result] { result = run_xsd(*options); });
}

}  // namespace edigate::cli
