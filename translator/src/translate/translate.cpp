#include <edigate/translate/translate.hpp>

#include <edigate/edi/reader.hpp>
#include <edigate/edi/source.hpp>
#include <edigate/maps/canonical.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace edigate::translate {

namespace {

using maps::CompiledMap;
using maps::Document;
using maps::MapLibrary;

enum class InputKind : std::uint8_t { edi, json, xml, other };

std::string_view skip_space(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

InputKind sniff(std::string_view head) {
  const std::string_view t = skip_space(head);
  if (t.substr(0, 3) == "ISA" || t.substr(0, 3) == "UNA" || t.substr(0, 3) == "UNB") return InputKind::edi;
  if (!t.empty() && (t[0] == '{' || t[0] == '[')) return InputKind::json;
  if (!t.empty() && t[0] == '<') return InputKind::xml;
  return InputKind::other;
}

// Errors of the writing side name the input they came from.
Error named(Error err, const std::string& file) {
  if (err.where.file.empty()) err.where.file = file;
  return err;
}


Result<std::string> read_whole(const std::filesystem::path& path, std::size_t cap) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error(path.string(), "cannot open");
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > cap) {
      return file_error(ErrorCode::invalid_document, path.string(),
                     "larger than " + std::to_string(cap >> 20) + " MiB; JSON, XML and CSV documents are read whole");
    }
  }
  return text;
}

// A map, with the partner's overlay on top when its profile names one for that map.
Result<std::shared_ptr<const CompiledMap>> with_partner(const MapLibrary& library,
                                                        Result<std::shared_ptr<const CompiledMap>> base,
                                                        const partners::Profile* partner) {
  if (!base || partner == nullptr) return base;
  if (const partners::MapOverlay* o = partner->overlay_for((*base)->info().name)) return library.with_overlay(o->overlay);
  return base;
}

std::string business_name(const maps::ModelSet& models, const Document& doc, std::size_t index) {
  std::string name = doc.model;
  const auto keys = models.keys(doc);
  if (!keys.empty()) name += "-" + keys.front().second;
  else name += "-" + std::to_string(index);
  for (char& c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) c = '_';
  }
  return name;
}

// Takes canonical documents one by one and produces the target format.
class Output {
 public:
  Output(const MapLibrary& library, const Options& options, bool per_document,
         const std::function<Result<void>(Written&&)>& sink)
      : library_(library), options_(options), per_document_(per_document), sink_(sink) {}

  Result<void> add(Document&& doc) {
    ++count_;
    switch (options_.target) {
      case Target::canonical_json: return text_unit(maps::to_json(doc, true), doc, true);
      case Target::canonical_xml: return text_unit(maps::to_xml(doc, library_.models()), doc, false);
      case Target::idoc:
      case Target::d365:
      case Target::netsuite: {
        auto map = erp_map(doc.model);
        if (!map) return map.error();
        const Document one[] = {std::move(doc)};
        auto text = maps::canonical_to_erp(**map, one);
        if (!text) return std::move(text).error();
        if (!text->empty() && text->back() == '\n') text->pop_back();
        return text_unit(std::move(*text), one[0], options_.target != Target::idoc);
      }
      case Target::csv:
      case Target::x12:
      case Target::edifact:
        if (per_document_) {
          std::vector<Document> one;
          one.push_back(std::move(doc));
          auto text = batch(one);
          if (!text) return text.error();
          return sink_(Written{std::move(*text), business_name(library_.models(), one.front(), count_)});
        }
        held_.push_back(std::move(doc));
        return {};
    }
    return {};
  }

  Result<void> finish() {
    if (options_.target == Target::csv || options_.target == Target::x12 || options_.target == Target::edifact) {
      if (per_document_ || held_.empty()) return {};
      auto text = batch(held_);
      if (!text) return text.error();
      return sink_(Written{std::move(*text), "documents"});
    }
    if (per_document_) return {};
    if (first_) return sink_(Written{std::move(*first_) + "\n", {}});
    if (json_array_) return sink_(Written{"\n]\n", {}});
    return {};
  }

  std::size_t count() const noexcept { return count_; }

 private:
  // JSON targets: one document is written as it is; several become one JSON array, streamed.
  Result<void> text_unit(std::string text, const Document& doc, bool json) {
    if (per_document_) return sink_(Written{text + "\n", business_name(library_.models(), doc, count_)});
    if (count_ == 1) {
      first_ = std::move(text);
      return {};
    }
    if (!json) {
      return file_error(ErrorCode::usage, "", "the input holds several documents and " + std::string(to_string(options_.target)) +
                                               " is one document per file: give --out-dir DIR");
    }
    std::string chunk;
    if (first_) {
      chunk = "[\n" + indent(*first_);
      first_.reset();
      json_array_ = true;
    }
    chunk += ",\n" + indent(text);
    return sink_(Written{std::move(chunk), {}});
  }

  static std::string indent(const std::string& text) {
    std::string out = "  ";
    for (const char c : text) {
      out += c;
      if (c == '\n') out += "  ";
    }
    return out;
  }

  Result<std::shared_ptr<const CompiledMap>> erp_map(const std::string& model) {
    if (const auto it = erp_maps_.find(model); it != erp_maps_.end()) return it->second;
    std::string erp(to_string(options_.target));
    auto map = options_.output_map.empty() ? library_.for_erp(erp, model) : library_.by_name(options_.output_map);
    map = with_partner(library_, std::move(map), options_.partner);
    if (!map) return map;
    erp_maps_[model] = *map;
    return map;
  }

  Result<std::string> batch(std::span<const Document> docs) {
    if (options_.target == Target::csv) {
      for (const Document& d : docs) {
        if (d.model != docs.front().model) {
          return file_error(ErrorCode::usage, "", "a CSV file holds one kind of document; the input mixes " +
                                                   docs.front().model + " and " + d.model);
        }
      }
      auto map = erp_map(docs.front().model);
      if (!map) return std::move(map).error();
      return maps::canonical_to_erp(**map, docs);
    }
    return write_interchange(library_, options_, docs);
  }

  const MapLibrary& library_;
  const Options& options_;
  bool per_document_;
  const std::function<Result<void>(Written&&)>& sink_;
  std::size_t count_ = 0;
  std::optional<std::string> first_;
  bool json_array_ = false;
  std::vector<Document> held_;
  std::map<std::string, std::shared_ptr<const CompiledMap>> erp_maps_;
};

Result<void> edi_input(const std::filesystem::path& input, const MapLibrary& library, const Options& options,
                       Output& out, Summary& summary) {
  auto source = edi::open_file(input.string());
  if (!source) return source.error();
  edi::InterchangeReader reader(std::move(*source));
  edi::Interchange interchange;
  std::map<std::string, std::shared_ptr<const CompiledMap>> maps_by_set;
  while (reader.next(interchange)) {
    if (reader.has_errors()) break;
    const std::string standard = interchange.info.standard == edi::Standard::x12 ? "x12" : "edifact";
    for (const edi::FunctionalGroup& group : interchange.groups) {
      for (const edi::TransactionSet& set : group.sets) {
        // Acknowledgments are not business documents: `edigate ack read` is their reader.
        if (set.type() == "997" || set.type() == "999" || set.type() == "CONTRL" || set.type() == "APERAK") {
          ++summary.acknowledgments_skipped;
          continue;
        }
        const std::string version = maps::set_version(set, group);
        const std::string key = standard + "/" + version + "/" + std::string(set.type());
        auto it = maps_by_set.find(key);
        if (it == maps_by_set.end()) {
          auto map = with_partner(library, library.for_set(standard, version, set.type()), options.partner);
          if (!map) {
            Error err = std::move(map).error();
            if (err.where.file.empty()) err.where.file = input.string();
            err.where.interchange = interchange.index;
            err.where.segment = set.header.ordinal;
            err.where.offset = set.header.offset;
            err.where.line = set.header.line;
            err.where.tag = std::string(set.header.tag());
            return err;
          }
          it = maps_by_set.emplace(key, *map).first;
        }
        maps::EdiPlace place{input.string(), interchange.index, std::string(set.control_number()),
                             interchange.info.syntax_identifier};
        maps::MapStats stats;
        auto doc = maps::edi_to_canonical(*it->second, set.segments, place, &stats);
        if (!doc) return std::move(doc).error();
        summary.unmapped_segments += stats.unmapped;
        if (auto r = out.add(std::move(*doc)); !r) return named(r.error(), input.string());
      }
    }
  }
  for (const Error& e : reader.diagnostics()) {
    if (e.severity == Severity::error) return e;
  }
  return {};
}

// What the first 4 KiB say the input is; --from MAP says it is an ERP document.
Result<InputKind> input_kind(const std::filesystem::path& input, const Options& options) {
  std::string head;
  std::ifstream in(input, std::ios::binary);
  if (!in) return io_error(input.string(), "cannot open");
  head.resize(4096);
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return options.input_map.empty() ? sniff(head) : InputKind::other;
}

// Everything but EDI is read whole: canonical JSON (one or an array), canonical XML, an ERP document.
Result<std::vector<Document>> documents_in(const std::filesystem::path& input, const MapLibrary& library,
                                           const Options& options, InputKind kind) {
  auto text = read_whole(input, options.max_document_size);
  if (!text) return std::move(text).error();
  const std::string name = input.string();
  std::vector<Document> docs;
  bool canonical = false;
  if (kind == InputKind::json && text->find("\"document\"") != std::string::npos &&
      text->find("\"model\"") != std::string::npos) {
    if (skip_space(*text).front() == '[') {
      // Several canonical documents, as translate writes them: each is read on its own. Canonical
      // decimals are JSON strings, so re-serialising an item keeps every digit.
      nlohmann::json items;
      try {
        items = nlohmann::json::parse(*text);
      } catch (const nlohmann::json::exception& e) {
        return file_error(ErrorCode::invalid_document, name, std::string("not valid JSON: ") + e.what());
      }
      for (std::size_t i = 0; i < items.size(); ++i) {
        auto doc = maps::from_json(items[i].dump(), library.models(), name + " [" + std::to_string(i) + "]");
        if (!doc) return std::move(doc).error();
        docs.push_back(std::move(*doc));
      }
    } else {
      auto doc = maps::from_json(*text, library.models(), name);
      if (!doc) return std::move(doc).error();
      docs.push_back(std::move(*doc));
    }
    canonical = true;
  } else if (kind == InputKind::xml && text->find(std::string(maps::canonical_namespace)) != std::string::npos) {
    auto doc = maps::from_xml(*text, library.models(), name);
    if (!doc) return std::move(doc).error();
    docs.push_back(std::move(*doc));
    canonical = true;
  }
  if (!canonical) {
    Result<std::shared_ptr<const CompiledMap>> map = std::shared_ptr<const CompiledMap>();
    if (!options.input_map.empty()) {
      map = library.by_name(options.input_map);
    } else {
      map = maps::detect_erp(library, *text);
    }
    if (!map) return std::move(map).error();
    if (*map == nullptr) {
      return file_error(ErrorCode::unknown_format, name,
                     "not EDI, canonical JSON or XML, and no ERP map recognises it (name one with --from MAP)");
    }
    map = with_partner(library, std::move(map), options.partner);
    if (!map) return std::move(map).error();
    auto mapped = maps::erp_to_canonical(**map, *text, name);
    if (!mapped) return std::move(mapped).error();
    docs = std::move(*mapped);
  }
  return docs;
}

}  // namespace

std::optional<Target> parse_target(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, Target> names[] = {
      {"canonical-json", Target::canonical_json}, {"canonical-xml", Target::canonical_xml}, {"idoc", Target::idoc},
      {"d365", Target::d365}, {"netsuite", Target::netsuite}, {"csv", Target::csv}, {"x12", Target::x12},
      {"edifact", Target::edifact}};
  for (const auto& [n, t] : names) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::string_view to_string(Target target) noexcept {
  switch (target) {
    case Target::canonical_json: return "canonical-json";
    case Target::canonical_xml: return "canonical-xml";
    case Target::idoc: return "idoc";
    case Target::d365: return "d365";
    case Target::netsuite: return "netsuite";
    case Target::csv: return "csv";
    case Target::x12: return "x12";
    case Target::edifact: return "edifact";
  }
  return "?";
}

std::string_view extension(Target target) noexcept {
  switch (target) {
    case Target::canonical_json:
    case Target::d365:
    case Target::netsuite: return "json";
    case Target::canonical_xml:
    case Target::idoc: return "xml";
    case Target::csv: return "csv";
    case Target::x12:
    case Target::edifact: return "edi";
  }
  return "out";
}

Result<std::vector<Document>> read_documents(const std::filesystem::path& input, const MapLibrary& library,
                                             const Options& options) {
  auto kind = input_kind(input, options);
  if (!kind) return std::move(kind).error();
  if (*kind == InputKind::edi) {
    return file_error(ErrorCode::usage, input.string(), "is EDI; an ERP document or canonical JSON/XML was expected");
  }
  return documents_in(input, library, options, *kind);
}

Result<Summary> translate_file(const std::filesystem::path& input, const MapLibrary& library, const Options& options,
                               bool per_document, const std::function<Result<void>(Written&&)>& sink) {
  Summary summary;
  Output out(library, options, per_document, sink);
  auto kind = input_kind(input, options);
  if (!kind) return std::move(kind).error();
  if (*kind == InputKind::edi) {
    if (auto r = edi_input(input, library, options, out, summary); !r) return r.error();
  } else {
    auto read = documents_in(input, library, options, *kind);
    if (!read) return std::move(read).error();
    std::vector<Document> docs = std::move(*read);
    const std::string name = input.string();
    for (Document& d : docs) {
      if (auto r = out.add(std::move(d)); !r) return named(r.error(), name);
    }
  }
  if (auto r = out.finish(); !r) return named(r.error(), input.string());
  summary.documents = out.count();
  return summary;
}

}  // namespace edigate::translate
