#pragma once
// Canonical documents as JSON and XML, and the JSON Schema and XSD that describe them
// (docs/canonical/README.md). Both readers take a document apart into the same Document tree, check
// it against its model and report every problem at once, each with its path in the input.
//
// Text results carry no final newline: whoever writes a file or a stream adds one.
#include <edigate/maps/document.hpp>
#include <edigate/maps/model.hpp>
#include <edigate/result.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace edigate::maps {

// The namespace of canonical XML (and of canonical.xsd).
inline constexpr std::string_view canonical_namespace = "urn:edigate:canonical:1";

// {"model": "order", "document": {...}}: fields in document order, each scalar as its Scalar says
// (decimals are strings), text exactly as held. Pretty: indented by two spaces; else on one line.
std::string to_json(const Document& document, bool pretty = true);

// Reads canonical JSON (`name` is what errors call the text: a file name, "stdin"). Every scalar
// takes its kind from its model field; decimals may also come as plain JSON numbers, whose digits
// are kept exactly. All problems come back in one invalid_document error, each as a JSON pointer
// and a reason ("/document/lines/2/quantity: ...").
Result<Document> from_json(std::string_view text, const ModelSet& models, const std::string& name);

// <order xmlns="urn:edigate:canonical:1">...</order>: one element per field in the model's order
// (the XSD is a sequence), a list as one element per item under the field's name. The model decides
// the order, so fields of a document built in another order (by a map) come out in model order;
// fields the model does not know come last.
std::string to_xml(const Document& document, const ModelSet& models);

// Reads canonical XML, validated against canonical.xsd beside the model file (canonical_xsd_path),
// then checked like from_json. Problems name XPath-like paths ("/order/lines[3]/quantity").
Result<Document> from_xml(std::string_view text, const ModelSet& models, const std::string& name);

// Where from_xml finds the XSD: canonical.xsd in the folder of the loaded canonical.xml.
std::filesystem::path canonical_xsd_path(const ModelSet& models);

// JSON Schema (2020-12) of the canonical JSON envelope of one model.
std::string json_schema(const ModelSet& models, const ModelDef& model);
// One XSD for every model of the set (target namespace canonical_namespace).
std::string canonical_xsd(const ModelSet& models);

}  // namespace edigate::maps
