#include <edigate/xml.hpp>

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>

#include <memory>
#include <mutex>
#include <optional>

namespace edigate::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

// Xerces needs one process-wide initialisation; it is never terminated because other threads may
// still be reading files while the process exits.
void ensure_xerces() {
  static std::once_flag once;
  std::call_once(once, [] { xc::XMLPlatformUtils::Initialize(); });
}

std::string to_utf8(const XMLCh* text) {
  if (text == nullptr) return {};
  xc::TranscodeToStr utf8(text, "UTF-8");
  return std::string(reinterpret_cast<const char*>(utf8.str()), utf8.length());
}

std::string to_utf8(const XMLCh* text, XMLSize_t length) {
  if (text == nullptr || length == 0) return {};
  xc::TranscodeToStr utf8(text, length, "UTF-8");
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
  TreeBuilder(std::string file, ErrorCode invalid, bool keep_text)
      : file_(std::move(file)), invalid_(invalid), keep_text_(keep_text) {}

  void setDocumentLocator(const xc::Locator* const locator) override { locator_ = locator; }

  void startElement(const XMLCh* const, const XMLCh* const local_name, const XMLCh* const,
                    const xc::Attributes& attributes) override {
    // Deeper trees are refused: nothing we read nests this far, and freeing one recurses.
    if (stack_.size() >= max_depth || too_deep_ > 0) {
      if (too_deep_++ == 0 && !first_error) {
        Error err;
        err.code = invalid_;
        err.where.file = file_;
        if (locator_ != nullptr) err.where.line = static_cast<std::uint64_t>(locator_->getLineNumber());
        err.message = "elements nest deeper than " + std::to_string(max_depth) + " levels";
        first_error = std::move(err);
      }
      return;
    }
    Element node;
    node.name = to_utf8(local_name);
    if (locator_ != nullptr) {
      node.line = static_cast<std::uint32_t>(locator_->getLineNumber());
      node.column = static_cast<std::uint32_t>(locator_->getColumnNumber());
    }
    for (XMLSize_t i = 0; i < attributes.getLength(); ++i) {
      node.attributes.emplace_back(to_utf8(attributes.getLocalName(i)), to_utf8(attributes.getValue(i)));
    }
    if (stack_.empty()) {
      root = std::move(node);
      stack_.push_back(&root);
    } else {
      stack_.back()->children.push_back(std::move(node));
      stack_.push_back(&stack_.back()->children.back());
    }
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    if (too_deep_ > 0) {
      --too_deep_;
      return;
    }
    stack_.pop_back();
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (keep_text_ && !stack_.empty() && too_deep_ == 0) stack_.back()->text += to_utf8(chars, length);
  }

  void error(const xc::SAXParseException& e) override { record(e); }
  void fatalError(const xc::SAXParseException& e) override { record(e); }
  void warning(const xc::SAXParseException&) override {}

  std::optional<Error> first_error;
  Element root;

 private:
  void record(const xc::SAXParseException& e) {
    if (first_error) return;
    Error err;
    err.code = invalid_;
    err.where.file = file_;
    err.where.line = static_cast<std::uint64_t>(e.getLineNumber());
    err.where.column = static_cast<std::uint32_t>(e.getColumnNumber());
    err.message = to_utf8(e.getMessage());
    first_error = std::move(err);
  }

  static constexpr std::size_t max_depth = 256;
  std::string file_;
  ErrorCode invalid_;
  bool keep_text_;
  std::size_t too_deep_ = 0;
  const xc::Locator* locator_ = nullptr;
  std::vector<Element*> stack_;
};


template <class Parse>
Result<Element> parse_with(const std::string& name, const ReadOptions& options, Parse&& parse) {
  ensure_xerces();
  std::unique_ptr<xc::SAX2XMLReader> reader(xc::XMLReaderFactory::createXMLReader());
  const bool validate = !options.xsd.empty();
  reader->setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
  reader->setFeature(xc::XMLUni::fgSAX2CoreValidation, validate);
  reader->setFeature(xc::XMLUni::fgXercesDynamic, false);
  reader->setFeature(xc::XMLUni::fgXercesSchema, validate);
  reader->setFeature(xc::XMLUni::fgXercesSchemaFullChecking, validate);
  reader->setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
  // Documents without our XSD come from outside (ERP files): they may not pull in anything, and
  // entity expansion is bounded (no "billion laughs").
  reader->setFeature(xc::XMLUni::fgXercesDisableDefaultEntityResolution, !validate);
  xc::SecurityManager security;
  security.setEntityExpansionLimit(1000);
  reader->setProperty(xc::XMLUni::fgXercesSecurityManager, &security);
  reader->setFeature(xc::XMLUni::fgXercesLoadSchema, validate);
  std::optional<XStr> location_x;
  if (validate) {
    // The XSD is ours: documents cannot point the parser at another one (or at the network).
    const std::string location = options.target_namespace + " " + options.xsd.string();
    location_x.emplace(location.c_str());
    reader->setProperty(xc::XMLUni::fgXercesSchemaExternalSchemaLocation, location_x->value);
    reader->setFeature(xc::XMLUni::fgXercesUseCachedGrammarInParse, true);
  }
  TreeBuilder builder(name, options.invalid, options.keep_text);
  reader->setContentHandler(&builder);
  reader->setErrorHandler(&builder);
  try {
    parse(*reader);
  } catch (const xc::XMLException& e) {
    return file_error(options.invalid, name, to_utf8(e.getMessage()));
  } catch (const xc::SAXParseException& e) {
    builder.error(e);
  }
  if (builder.first_error) return *std::move(builder.first_error);
  if (builder.root.name.empty()) return file_error(options.invalid, name, "empty XML document");
  return std::move(builder.root);
}

}  // namespace

const std::string* Element::attribute(std::string_view key) const noexcept {
  for (const auto& [k, v] : attributes) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string Element::attribute_or(std::string_view key, std::string_view fallback) const {
  const std::string* v = attribute(key);
  return v != nullptr ? *v : std::string(fallback);
}

const Element* Element::child(std::string_view child_name) const noexcept {
  for (const auto& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

Result<Element> read_file(const std::filesystem::path& file, const ReadOptions& options) {
  const std::string name = file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return file_error(options.missing, name, "no such file");
  return parse_with(name, options, [&](xc::SAX2XMLReader& reader) { reader.parse(name.c_str()); });
}

Result<Element> read_text(std::string_view text, const std::string& name, const ReadOptions& options) {
  // Text comes from outside (ERP documents, canonical XML): a document type declaration could define
  // entities that read local files or expand without bound, so none is accepted. The check reads
  // bytes, so only encodings that write ASCII as ASCII are accepted.
  if (text.substr(0, 2) == "\xFE\xFF" || text.substr(0, 2) == "\xFF\xFE" || text.find('\0') != std::string_view::npos) {
    return file_error(options.invalid, name, "only UTF-8 (or ASCII-compatible) XML is accepted");
  }
  if (text.find("<!DOCTYPE") != std::string_view::npos || text.find("<!ENTITY") != std::string_view::npos) {
    return file_error(options.invalid, name, "a document type declaration (<!DOCTYPE) is not accepted");
  }
  return parse_with(name, options, [&](xc::SAX2XMLReader& reader) {
    XStr id(name.c_str());
    xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(text.data()), text.size(), id.value, false);
    reader.parse(source);
  });
}

Error error_at(ErrorCode code, const std::string& file, const Element& node, std::string message) {
  Error err;
  err.code = code;
  err.where.file = file;
  err.where.line = node.line;
  err.where.column = node.column;
  err.message = std::move(message);
  return err;
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace edigate::xml
