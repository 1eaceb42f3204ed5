#include <edigate/maps/model.hpp>
#include <edigate/xml.hpp>

#include "model/scalar.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace edigate::maps {

namespace {

const std::map<std::string_view, FieldType>& scalar_types() {
  static const std::map<std::string_view, FieldType> types = {
      {"string", FieldType::string},   {"code", FieldType::code},       {"date", FieldType::date},
      {"time", FieldType::time},       {"datetime", FieldType::datetime}, {"decimal", FieldType::decimal},
      {"integer", FieldType::integer}, {"boolean", FieldType::boolean},
  };
  return types;
}

bool truthy(const std::string* text) { return text != nullptr && (*text == "true" || *text == "1"); }

// One path step: a field name and an optional [index], which resolution ignores.
std::string_view step_name(std::string_view step) {
  const auto bracket = step.find('[');
  return bracket == std::string_view::npos ? step : step.substr(0, bracket);
}

void check_node(const TypeDef& type, const Node& node, const std::string& path, std::vector<ModelProblem>& out);

void check_value(const FieldDef& field, const Node& node, const std::string& path, std::vector<ModelProblem>& out) {
  if (field.type == FieldType::object) {
    if (!node.is_object()) {
      out.push_back({path, "expected an object (" + field.object->name + ")"});
      return;
    }
    check_node(*field.object, node, path, out);
    return;
  }
  if (!node.is_value()) {
    out.push_back({path, "expected a " + std::string(to_string(field.type)) + " value"});
    return;
  }
  if (!valid_scalar(field.type, node.text())) {
    out.push_back({path, "\"" + node.text() + "\" is not a valid " + std::string(to_string(field.type)) +
                             std::string(scalar_hint(field.type))});
  }
}

void check_node(const TypeDef& type, const Node& node, const std::string& path, std::vector<ModelProblem>& out) {
  for (const auto& [name, child] : node.fields()) {
    const std::string child_path = path.empty() ? name : path + "." + name;
    const FieldDef* field = type.field(name);
    if (field == nullptr) {
      out.push_back({child_path, "unknown field (" + type.name + " has no field " + name + ")"});
      continue;
    }
    if (field->list) {
      if (!child.is_array()) {
        out.push_back({child_path, "expected a list"});
        continue;
      }
      for (std::size_t i = 0; i < child.items().size(); ++i) {
        check_value(*field, child.items()[i], child_path + "[" + std::to_string(i) + "]", out);
      }
    } else {
      check_value(*field, child, child_path, out);
    }
  }
  for (const FieldDef& field : type.fields) {
    if (!field.required) continue;
    const Node* child = node.find(field.name);
    if (child == nullptr || child->empty()) {
      out.push_back({path.empty() ? field.name : path + "." + field.name, "required field is missing"});
    }
  }
}

void collect(const Node& node, std::string_view path, std::vector<std::string>& out) {
  if (node.is_array()) {
    for (const Node& item : node.items()) collect(item, path, out);
    return;
  }
  if (path.empty()) {
    if (node.is_value() && !node.text().empty()) out.push_back(node.text());
    return;
  }
  const auto dot = path.find('.');
  const std::string_view head = path.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (const Node* child = node.find(head)) collect(*child, rest, out);
}

}  // namespace

std::string_view to_string(FieldType type) noexcept {
  switch (type) {
    case FieldType::string: return "string";
    case FieldType::code: return "code";
    case FieldType::date: return "date";
    case FieldType::time: return "time";
    case FieldType::datetime: return "datetime";
    case FieldType::decimal: return "decimal";
    case FieldType::integer: return "integer";
    case FieldType::boolean: return "boolean";
    case FieldType::object: return "object";
  }
  return "?";
}

const FieldDef* TypeDef::field(std::string_view field_name) const noexcept {
  for (const FieldDef& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

Result<ModelSet> ModelSet::load(const std::filesystem::path& file) {
  xml::ReadOptions options;
  options.xsd = file.parent_path() / "model.xsd";
  options.target_namespace = "urn:edigate:model:1";
  options.invalid = ErrorCode::invalid_model;
  options.missing = ErrorCode::invalid_model;
  auto root = xml::read_file(file, options);
  if (!root) return std::move(root).error();
  const std::string name = file.string();

  ModelSet set;
  set.file_ = file;
  std::map<std::string, TypeDef*, std::less<>> by_name;
  // Types first, so fields may name types declared later in the file.
  for (const xml::Element& node : root->children) {
    if (node.name != "type") continue;
    auto type = std::make_unique<TypeDef>();
    type->name = node.attribute_or("name", "");
    type->doc = node.attribute_or("doc", "");
    if (by_name.count(type->name) != 0) {
      return xml::error_at(ErrorCode::invalid_model, name, node, "type " + type->name + " is declared twice");
    }
    by_name[type->name] = type.get();
    set.types_.push_back(std::move(type));
  }

  auto read_fields = [&](const xml::Element& node, TypeDef& type) -> Result<void> {
    for (const xml::Element& f : node.children) {
      if (f.name != "field") continue;
      FieldDef field;
      field.name = f.attribute_or("name", "");
      field.doc = f.attribute_or("doc", "");
      field.list = truthy(f.attribute("list"));
      field.required = truthy(f.attribute("required"));
      const std::string type_name = f.attribute_or("type", "");
      if (const auto it = scalar_types().find(type_name); it != scalar_types().end()) {
        field.type = it->second;
      } else if (const auto t = by_name.find(type_name); t != by_name.end()) {
        field.type = FieldType::object;
        field.object = t->second;
      } else {
        return xml::error_at(ErrorCode::invalid_model, name, f, "field " + field.name + ": unknown type " + type_name);
      }
      if (type.field(field.name) != nullptr) {
        return xml::error_at(ErrorCode::invalid_model, name, f, "field " + field.name + " is declared twice in " + type.name);
      }
      type.fields.push_back(std::move(field));
    }
    return {};
  };

  // Fields of extended types are copied in first; declaration order guarantees the base is complete.
  std::size_t index = 0;
  for (const xml::Element& node : root->children) {
    if (node.name != "type") continue;
    TypeDef& type = *set.types_[index++];
    if (const std::string* base = node.attribute("extends")) {
      const auto it = by_name.find(*base);
      if (it == by_name.end() || it->second == &type) {
        return xml::error_at(ErrorCode::invalid_model, name, node, "type " + type.name + " extends unknown type " + *base);
      }
      if (it->second->fields.empty()) {
        return xml::error_at(ErrorCode::invalid_model, name, node, "type " + *base + " must be declared before " + type.name + " extends it");
      }
      type.fields = it->second->fields;
    }
    if (auto r = read_fields(node, type); !r) return r.error();
  }
  for (const auto& t : set.types_) set.type_list_.push_back(t.get());

  for (const xml::Element& node : root->children) {
    if (node.name != "model") continue;
    auto model = std::make_unique<ModelDef>();
    model->name = node.attribute_or("name", "");
    model->title = node.attribute_or("title", "");
    model->root.name = model->name;
    model->root.doc = node.attribute_or("doc", "");
    if (set.model(model->name) != nullptr) {
      return xml::error_at(ErrorCode::invalid_model, name, node, "model " + model->name + " is declared twice");
    }
    if (auto r = read_fields(node, model->root); !r) return r.error();
    for (const xml::Element& k : node.children) {
      if (k.name != "key") continue;
      BusinessKey key{k.attribute_or("name", ""), k.attribute_or("path", "")};
      const FieldDef* f = set.resolve(model->root, key.path);
      if (f == nullptr || f->type == FieldType::object) {
        return xml::error_at(ErrorCode::invalid_model, name, k, "key " + key.name + ": " + key.path + " is not a value field");
      }
      model->keys.push_back(std::move(key));
    }
    set.models_.push_back(std::move(model));
  }
  return set;
}

Result<ModelSet> ModelSet::load_default() {
  if (const char* env = std::getenv("EDIGATE_MAPS"); env != nullptr && *env != '\0') {
    return load(std::filesystem::path(env) / "models" / "canonical.xml");
  }
  std::error_code ec;
  const std::filesystem::path installed = "/usr/share/edigate/maps/models/canonical.xml";
  if (std::filesystem::exists(installed, ec)) return load(installed);
  return load(std::filesystem::path(EDIGATE_MAPS_DIR) / "models" / "canonical.xml");
}

const ModelDef* ModelSet::model(std::string_view model_name) const noexcept {
  for (const auto& m : models_) {
    if (m->name == model_name) return m.get();
  }
  return nullptr;
}

std::vector<std::string> ModelSet::model_names() const {
  std::vector<std::string> out;
  for (const auto& m : models_) out.push_back(m->name);
  return out;
}

const FieldDef* ModelSet::resolve(const TypeDef& from, std::string_view path) const noexcept {
  const TypeDef* type = &from;
  const FieldDef* field = nullptr;
  while (!path.empty()) {
    if (type == nullptr) return nullptr;
    const auto dot = path.find('.');
    const std::string_view step = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    field = type->field(step_name(step));
    if (field == nullptr) return nullptr;
    type = field->object;
  }
  return field;
}

std::vector<ModelProblem> ModelSet::check(const Document& document) const {
  std::vector<ModelProblem> out;
  const ModelDef* m = model(document.model);
  if (m == nullptr) {
    out.push_back({"", "unknown model \"" + document.model + "\""});
    return out;
  }
  if (!document.root.is_object()) {
    out.push_back({"", "a document is an object"});
    return out;
  }
  check_node(m->root, document.root, "", out);
  return out;
}

std::vector<std::pair<std::string, std::string>> ModelSet::keys(const Document& document) const {
  std::vector<std::pair<std::string, std::string>> out;
  const ModelDef* m = model(document.model);
  if (m == nullptr) return out;
  for (const BusinessKey& key : m->keys) {
    std::vector<std::string> values;
    collect(document.root, key.path, values);
    for (std::string& v : values) {
      std::pair<std::string, std::string> entry{key.name, std::move(v)};
      if (std::find(out.begin(), out.end(), entry) == out.end()) out.push_back(std::move(entry));
    }
  }
  return out;
}

}  // namespace edigate::maps
