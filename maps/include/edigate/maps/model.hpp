#pragma once
// The canonical models (maps/models/canonical.xml): which fields an order, order response, ship
// notice and invoice hold, with their types. Maps are checked against them when compiled; canonical
// documents read from JSON or XML are checked against them; the JSON Schema and XSD are made from them.
#include <edigate/maps/document.hpp>
#include <edigate/result.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::maps {

enum class FieldType : std::uint8_t { string, code, date, time, datetime, decimal, integer, boolean, object };

std::string_view to_string(FieldType type) noexcept;

struct TypeDef;

struct FieldDef {
  std::string name;
  FieldType type = FieldType::string;
  const TypeDef* object = nullptr;  // the type of an object field
  bool list = false;
  bool required = false;
  std::string doc;
};

struct TypeDef {
  std::string name;
  std::string doc;
  std::vector<FieldDef> fields;  // inherited (extends) fields first
  const FieldDef* field(std::string_view field_name) const noexcept;
};

struct BusinessKey {
  std::string name;  // "po", "shipment", "invoice"
  std::string path;  // dotted; lists are walked ("orders.order_number")
};

struct ModelDef {
  std::string name;  // "order"
  std::string title;
  TypeDef root;      // the document's fields
  std::vector<BusinessKey> keys;
};

// How a document's value breaks its model.
struct ModelProblem {
  std::string path;  // "lines[2].quantity"
  std::string message;
};

class ModelSet {
 public:
  // canonical.xml, checked against model.xsd in the same folder.
  static Result<ModelSet> load(const std::filesystem::path& file);
  // $EDIGATE_MAPS/models/canonical.xml, else the installed or source copy.
  static Result<ModelSet> load_default();

  const ModelDef* model(std::string_view name) const noexcept;
  std::vector<std::string> model_names() const;
  const std::vector<const TypeDef*>& types() const noexcept { return type_list_; }
  const std::filesystem::path& file() const noexcept { return file_; }

  // The field a dotted path names from `from` ("ship_to.address.city", "lines.quantity",
  // "address.lines[1]"), or nullptr. List indexes are accepted and ignored.
  const FieldDef* resolve(const TypeDef& from, std::string_view path) const noexcept;

  // Every way `document` breaks its model: unknown fields, objects where values belong, lists where
  // single values belong, values that break their type (dates, decimals, integers, booleans),
  // missing required fields. Empty when the document conforms.
  std::vector<ModelProblem> check(const Document& document) const;

  // Business-key values of `document` ("po" -> every order_number found), in document order, unique.
  std::vector<std::pair<std::string, std::string>> keys(const Document& document) const;

 private:
  std::filesystem::path file_;
  std::vector<std::unique_ptr<TypeDef>> types_;
  std::vector<const TypeDef*> type_list_;
  std::vector<std::unique_ptr<ModelDef>> models_;
};

// True when `text` is a valid value of scalar `type` in canonical form (ISO dates, exact decimals).
bool valid_scalar(FieldType type, std::string_view text) noexcept;
// How canonical JSON writes a scalar of `type` (decimals are strings).
Scalar json_scalar(FieldType type) noexcept;

}  // namespace edigate::maps
