#include "xml_tree.hpp"

#include <edigate/schema/dictionary.hpp>

#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>

#include <charconv>
#include <memory>
#include <mutex>

namespace edigate::schema::detail {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

// Xerces needs one process-wide initialisation; it is never terminated because other threads may
// still be loading schemas while the process exits.
void ensure_xerces() {
  static std::once_flag once;
  std::call_once(once, [] { xc::XMLPlatformUtils::Initialize(); });
}

std::string to_utf8(const XMLCh* text) {
  if (text == nullptr) return {};
  xc::TranscodeToStr utf8(text, "UTF-8");
  return std::string(reinterpret_cast<const char*>(utf8.str()), utf8.length());
}

struct XStr {
  explicit XStr(const char* text) : value(xc::XMLString::transcode(text)) {}
  ~XStr() { xc::XMLString::release(&value); }
  XStr(const XStr&) = delete;
  XStr& operator=(const XStr&) = delete;
  XMLCh* value;
};

class TreeBuilder : public xc::DefaultHandler {
 public:
  explicit TreeBuilder(std::string file) : file_(std::move(file)) {}

  void setDocumentLocator(const xc::Locator* const locator) override { locator_ = locator; }

  void startElement(const XMLCh* const, const XMLCh* const local_name, const XMLCh* const,
                    const xc::Attributes& attributes) override {
    XmlNode node;
    node.name = to_utf8(local_name);
    if (locator_ != nullptr) {
      node.line = static_cast<std::uint32_t>(locator_->getLineNumber());
      node.column = static_cast<std::uint32_t>(locator_->getColumnNumber());
    }
    for (XMLSize_t i = 0; i < attributes.getLength(); ++i) {
      node.attributes.emplace_back(to_utf8(attributes.getLocalName(i)), to_utf8(attributes.getValue(i)));
    }
    if (stack_.empty()) {
      root_ = std::move(node);
      stack_.push_back(&root_);
    } else {
      stack_.back()->children.push_back(std::move(node));
      stack_.push_back(&stack_.back()->children.back());
    }
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override { stack_.pop_back(); }

  void error(const xc::SAXParseException& e) override { record(e); }
  void fatalError(const xc::SAXParseException& e) override { record(e); }
  void warning(const xc::SAXParseException&) override {}

  std::optional<Error> first_error;
  XmlNode root_;

 private:
  void record(const xc::SAXParseException& e) {
    if (first_error) return;
    Error err;
    err.code = ErrorCode::invalid_schema;
    err.where.file = file_;
    err.where.line = static_cast<std::uint64_t>(e.getLineNumber());
    err.where.column = static_cast<std::uint32_t>(e.getColumnNumber());
    err.message = to_utf8(e.getMessage());
    first_error = std::move(err);
  }

  std::string file_;
  const xc::Locator* locator_ = nullptr;
  std::vector<XmlNode*> stack_;
};

}  // namespace

const std::string* XmlNode::attribute(std::string_view key) const noexcept {
  for (const auto& [k, v] : attributes) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string XmlNode::attribute_or(std::string_view key, std::string_view fallback) const {
  const std::string* v = attribute(key);
  return v != nullptr ? *v : std::string(fallback);
}

Result<XmlNode> read_xml(const std::filesystem::path& file, const std::filesystem::path& xsd) {
  ensure_xerces();
  const std::string name = file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    Error err;
    err.code = ErrorCode::schema_not_found;
    err.where.file = name;
    err.message = "no such schema file";
    return err;
  }
  std::unique_ptr<xc::SAX2XMLReader> reader(xc::XMLReaderFactory::createXMLReader());
  reader->setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
  reader->setFeature(xc::XMLUni::fgSAX2CoreValidation, true);
  reader->setFeature(xc::XMLUni::fgXercesDynamic, false);
  reader->setFeature(xc::XMLUni::fgXercesSchema, true);
  reader->setFeature(xc::XMLUni::fgXercesSchemaFullChecking, true);
  reader->setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
  // The XSD is ours: files cannot point the parser at another one (or at the network).
  const std::string location = "urn:edigate:schema:1 " + xsd.string();
  XStr location_x(location.c_str());
  reader->setProperty(xc::XMLUni::fgXercesSchemaExternalSchemaLocation, location_x.value);
  reader->setFeature(xc::XMLUni::fgXercesUseCachedGrammarInParse, true);
  TreeBuilder builder(name);
  reader->setContentHandler(&builder);
  reader->setErrorHandler(&builder);
  try {
    reader->parse(name.c_str());
  } catch (const xc::XMLException& e) {
    Error err;
    err.code = ErrorCode::invalid_schema;
    err.where.file = name;
    err.message = to_utf8(e.getMessage());
    return err;
  } catch (const xc::SAXParseException& e) {
    builder.error(e);
  }
  if (builder.first_error) return *std::move(builder.first_error);
  if (builder.root_.name.empty()) {
    Error err;
    err.code = ErrorCode::invalid_schema;
    err.where.file = name;
    err.message = "empty schema file";
    return err;
  }
  return std::move(builder.root_);
}

Error schema_error(const std::string& file, const XmlNode& node, std::string message) {
  Error err;
  err.code = ErrorCode::invalid_schema;
  err.where.file = file;
  err.where.line = node.line;
  err.where.column = node.column;
  err.message = std::move(message);
  return err;
}

Result<std::uint32_t> count_attribute(const std::string& file, const XmlNode& node, std::string_view key,
                                      std::uint32_t fallback) {
  const std::string* text = node.attribute(key);
  if (text == nullptr) return fallback;
  if (*text == "unbounded") return unbounded;
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return schema_error(file, node, std::string(key) + "=\"" + *text + "\" is not a count");
  }
  return value;
}

}  // namespace edigate::schema::detail
