// from_json: the JSON form back to EDI bytes. Every shape problem names its path in the document.
#include <edigate/edi/syntax_json.hpp>

#include <edigate/edi/writer.hpp>

#include "json_text.hpp"
#include "layout.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <vector>

namespace edigate::edi {
namespace {

// Thrown inside the reader only; from_json turns it into an Error.
struct ShapeError {
  std::string path;
  std::string message;
};

[[noreturn]] void fail(const std::string& path, std::string message) {
  throw ShapeError{path, std::move(message)};
}

std::string member_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index_path(const std::string& path, std::size_t i) {
  return fmt::format("{}[{}]", path, i);
}

bool is_alnum(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string show(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F) {
      out.push_back(c);
    } else {
      out += fmt::format("\\x{:02X}", b);
    }
  }
  return out;
}

template <class Json>
class Reader {
 public:
  explicit Reader(std::string& out) : out_(out) {}

  void document(const Json& j) {
    if (j.is_object() && j.contains("interchanges")) {
      allow_keys(j, "", {"interchanges"});
      const Json& list = j["interchanges"];
      if (!list.is_array()) fail("interchanges", "expected an array of interchange objects");
      for (std::size_t i = 0; i < list.size(); ++i) interchange(list[i], index_path("interchanges", i));
      return;
    }
    if (!j.is_object()) fail("", "expected an object: {\"interchanges\": [...]} or one interchange");
    interchange(j, "");
  }

 private:
  // ---------------------------------------------------------------- generic shape checks

  static void allow_keys(const Json& j, const std::string& path,
                         std::initializer_list<std::string_view> keys) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
        fail(path, fmt::format("unknown key \"{}\"", it.key()));
      }
    }
  }

  static const Json* member(const Json& j, std::string_view key) {
    auto it = j.find(std::string(key));
    return it == j.end() ? nullptr : &*it;
  }

  static void require_object(const Json& j, const std::string& path, std::string_view what) {
    if (!j.is_object()) fail(path, fmt::format("expected {} (an object), found {}", what, j.type_name()));
  }

  std::string bytes_of(const Json& j, const std::string& path) const {
    if (!j.is_string()) fail(path, fmt::format("expected a string, found {}", j.type_name()));
    auto bytes = codec_.bytes(j.template get_ref<const std::string&>());
    if (!bytes) fail(path, "holds a character that a latin-1 interchange cannot carry (above U+00FF)");
    return *bytes;
  }

  std::string blank_of(const Json& j, const std::string& path) const {
    std::string text = bytes_of(j, path);
    for (char c : text) {
      // The terminator itself may stand in a gap when it is a line break (blank lines).
      if ((c != '\r' && c != '\n' && c != ' ' && c != '\t') || (c != d_.segment && d_.is_service(c))) {
        fail(path, fmt::format("\"{}\" is not whitespace that can follow a segment terminator", show(text)));
      }
    }
    return text;
  }

  char delimiter(const Json& j, std::string_view key, const std::string& path, bool required,
                 char fallback) const {
    const Json* value = member(j, key);
    const std::string where = member_path(path, key);
    if (value == nullptr || value->is_null()) {
      if (required) fail(where, "is required");
      return fallback;
    }
    const std::string text = bytes_of(*value, where);
    if (text.size() != 1) fail(where, fmt::format("expected one character, found \"{}\"", show(text)));
    return text[0];
  }

  // ---------------------------------------------------------------- interchange

  void interchange(const Json& j, const std::string& path) {
    require_object(j, path, "an interchange");
    allow_keys(j, path,
               {"standard", "encoding", "leading", "delimiters", "service_string", "service_string_gap",
                "gap", "header", "service_segments", "groups", "after_groups", "trailer", "trailing"});
    const Json* standard = member(j, "standard");
    if (standard == nullptr) fail(member_path(path, "standard"), "is required (\"X12\" or \"EDIFACT\")");
    if (*standard == "X12") {
      standard_ = Standard::x12;
    } else if (*standard == "EDIFACT") {
      standard_ = Standard::edifact;
    } else {
      fail(member_path(path, "standard"), "expected \"X12\" or \"EDIFACT\"");
    }
    codec_ = detail::TextCodec{};
    if (const Json* encoding = member(j, "encoding")) {
      if (*encoding == "latin-1") {
        codec_.latin1 = true;
      } else if (*encoding != "utf-8") {
        fail(member_path(path, "encoding"), "expected \"utf-8\" or \"latin-1\"");
      }
    }
    read_delimiters(j, path);
    const bool x12 = standard_ == Standard::x12;
    if (const Json* leading = member(j, "leading")) out_ += bytes_of(*leading, member_path(path, "leading"));

    const Json* una = member(j, "service_string");
    if (una != nullptr) {
      const std::string where = member_path(path, "service_string");
      if (x12) fail(where, "X12 has no service string (UNA)");
      const std::string text = bytes_of(*una, where);
      if (text.compare(0, 3, "UNA") != 0) fail(where, "must start with \"UNA\"");
      if (text.size() == 9 && text != service_string_for(d_)) {
        fail(where, fmt::format("\"{}\" declares other delimiters than \"delimiters\" (\"{}\")", show(text),
                                show(service_string_for(d_))));
      }
      out_ += text;
      if (const Json* gap = member(j, "service_string_gap")) {
        out_ += blank_of(*gap, member_path(path, "service_string_gap"));
      }
    } else if (member(j, "service_string_gap") != nullptr) {
      fail(member_path(path, "service_string_gap"), "only goes with a service_string");
    }
    default_gap_.clear();
    if (const Json* gap = member(j, "gap")) default_gap_ = blank_of(*gap, member_path(path, "gap"));

    const Json* header = member(j, "header");
    if (header == nullptr)
      fail(member_path(path, "header"), fmt::format("is required (the {} segment)", x12 ? "ISA" : "UNB"));
    const std::string header_text = segment(*header, member_path(path, "header"), x12);
    if (x12) {
      check_isa(*header, member_path(path, "header"));
    } else {
      check_unb(header_text, una != nullptr, path);
    }
    segment_list(j, "service_segments", path);
    if (const Json* groups = member(j, "groups")) {
      const std::string where = member_path(path, "groups");
      if (!groups->is_array())
        fail(where, fmt::format("expected an array of groups, found {}", groups->type_name()));
      for (std::size_t i = 0; i < groups->size(); ++i) group((*groups)[i], index_path(where, i));
    }
    segment_list(j, "after_groups", path);
    if (const Json* trailer = member(j, "trailer")) segment(*trailer, member_path(path, "trailer"), false);
    if (const Json* trailing = member(j, "trailing"))
      out_ += bytes_of(*trailing, member_path(path, "trailing"));
  }

  void read_delimiters(const Json& j, const std::string& path) {
    const std::string where = member_path(path, "delimiters");
    const Json* value = member(j, "delimiters");
    if (value == nullptr) fail(where, "is required");
    require_object(*value, where, "the delimiters");
    allow_keys(*value, where, {"segment", "element", "component", "repetition", "release", "decimal"});
    d_ = Delimiters{};
    d_.segment = delimiter(*value, "segment", where, true, 0);
    d_.element = delimiter(*value, "element", where, true, 0);
    d_.component = delimiter(*value, "component", where, true, 0);
    d_.repetition = delimiter(*value, "repetition", where, false, 0);
    d_.release = delimiter(*value, "release", where, false, 0);
    d_.decimal = delimiter(*value, "decimal", where, false, '.');
    if (auto ok = check_delimiters(d_, standard_); !ok) fail(where, ok.error().message);
  }

  // A reader finds the delimiters in ISA itself: the JSON's must be the ones it would find.
  void check_isa(const Json& header, const std::string& path) const {
    if (*member(header, "tag") != "ISA") fail(member_path(path, "tag"), "an X12 interchange header is ISA");
    const Json* list = member(header, "elements");
    const std::string where = member_path(path, "elements");
    if (list == nullptr || list->size() != 16) {
      fail(where, fmt::format("ISA has 16 elements, found {}", list == nullptr ? 0 : list->size()));
    }
    const Json& elements = *list;
    // ISA is a fixed-width header: a longer field would make it unreadable as an ISA.
    static constexpr std::size_t widths[16] = {2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1};
    for (std::size_t i = 0; i < 16; ++i) {
      const std::string value = bytes_of(elements[i], index_path(where, i));
      if (value.size() > widths[i]) {
        fail(index_path(where, i),
             fmt::format("ISA{:02} has {} characters; its fixed width is {}", i + 1, value.size(), widths[i]));
      }
    }
    const std::string isa11 = bytes_of(elements[10], index_path(where, 10));
    const std::string isa12 = bytes_of(elements[11], index_path(where, 11));
    const std::string isa16 = bytes_of(elements[15], index_path(where, 15));
    if (isa16 != std::string(1, d_.component)) {
      fail(index_path(where, 15), fmt::format("ISA16 \"{}\" must be the component separator \"{}\"",
                                              show(isa16), show({&d_.component, 1})));
    }
    char repetition = 0;
    if (isa12 >= "00402" && isa11.size() == 1 && !is_alnum(isa11[0]) && isa11[0] != ' ' &&
        isa11[0] != d_.element && isa11[0] != d_.component && isa11[0] != d_.segment) {
      repetition = isa11[0];
    }
    if (repetition != d_.repetition) {
      fail(index_path(where, 10),
           fmt::format(
               "ISA11 \"{}\" with ISA12 \"{}\" gives {} repetition separator, but delimiters.repetition "
               "says {}",
               show(isa11), show(isa12), repetition == 0 ? "no" : "the '" + show({&repetition, 1}) + "'",
               d_.repetition == 0 ? "none" : "'" + show({&d_.repetition, 1}) + "'"));
    }
  }

  void check_unb(const std::string& text, bool has_service_string, const std::string& path) const {
    const SegmentView unb(text, d_);
    if (unb.tag() != "UNB")
      fail(member_path(member_path(path, "header"), "tag"), "an EDIFACT interchange header is UNB");
    if (has_service_string) return;
    const std::string version = unb.value(1, 2);
    const Delimiters defaults = default_edifact_delimiters(d_.element == '\x1D', version);
    if (d_ != defaults) {
      fail(member_path(path, "delimiters"),
           fmt::format(
               "without a service_string (UNA) a reader assumes the default delimiters of syntax version "
               "\"{}\"; these differ",
               show(version)));
    }
  }

  // ---------------------------------------------------------------- groups, sets, segments

  void group(const Json& j, const std::string& path) {
    require_object(j, path, "a group");
    allow_keys(j, path, {"before", "header", "sets", "after_sets", "trailer"});
    segment_list(j, "before", path);
    if (const Json* header = member(j, "header")) segment(*header, member_path(path, "header"), false);
    if (const Json* sets = member(j, "sets")) {
      const std::string where = member_path(path, "sets");
      if (!sets->is_array())
        fail(where, fmt::format("expected an array of sets, found {}", sets->type_name()));
      for (std::size_t i = 0; i < sets->size(); ++i) {
        const Json& set = (*sets)[i];
        const std::string set_path = index_path(where, i);
        require_object(set, set_path, "a transaction set");
        allow_keys(set, set_path, {"before", "segments"});
        segment_list(set, "before", set_path);
        segment_list(set, "segments", set_path);
      }
    }
    segment_list(j, "after_sets", path);
    if (const Json* trailer = member(j, "trailer")) segment(*trailer, member_path(path, "trailer"), false);
  }

  void segment_list(const Json& j, std::string_view key, const std::string& path) {
    const Json* list = member(j, key);
    if (list == nullptr) return;
    const std::string where = member_path(path, key);
    if (!list->is_array())
      fail(where, fmt::format("expected an array of segments, found {}", list->type_name()));
    for (std::size_t i = 0; i < list->size(); ++i) segment((*list)[i], index_path(where, i), false);
  }

  // Writes one segment and returns its text without terminator. ISA elements are written as they are
  // (ISA11 and ISA16 hold delimiters).
  std::string segment(const Json& j, const std::string& path, bool verbatim) {
    require_object(j, path, "a segment");
    allow_keys(j, path, {"tag", "elements", "gap", "breaks"});
    const Json* tag = member(j, "tag");
    if (tag == nullptr) fail(member_path(path, "tag"), "is required");
    std::string text = bytes_of(*tag, member_path(path, "tag"));
    if (std::any_of(text.begin(), text.end(), [this](char c) {
          return c == d_.segment || c == d_.element || c == '\r' || c == '\n';
        })) {
      fail(member_path(path, "tag"), fmt::format("\"{}\" holds a delimiter or line break", show(text)));
    }
    if (const Json* elements = member(j, "elements")) {
      const std::string where = member_path(path, "elements");
      if (!elements->is_array())
        fail(where, fmt::format("expected an array of elements, found {}", elements->type_name()));
      for (std::size_t i = 0; i < elements->size(); ++i) {
        text.push_back(d_.element);
        const std::string element_path = index_path(where, i);
        if (verbatim) {
          const std::string value = bytes_of((*elements)[i], element_path);
          if (std::any_of(value.begin(), value.end(), [this](char c) {
                return c == d_.segment || c == d_.element || c == '\r' || c == '\n';
              })) {
            fail(element_path, fmt::format("\"{}\" holds a delimiter or line break", show(value)));
          }
          text += value;
        } else {
          element((*elements)[i], element_path, text);
        }
      }
    }
    std::vector<detail::Break> breaks;
    if (const Json* list = member(j, "breaks"))
      breaks = read_breaks(*list, member_path(path, "breaks"), text.size());
    std::string gap = default_gap_;
    if (const Json* value = member(j, "gap")) gap = blank_of(*value, member_path(path, "gap"));
    detail::append_with_breaks(out_, text, d_.segment, breaks);
    out_ += gap;
    return text;
  }

  std::vector<detail::Break> read_breaks(const Json& list, const std::string& path,
                                         std::size_t length) const {
    if (!list.is_array()) fail(path, "expected an array of [position, line break] pairs");
    std::vector<detail::Break> breaks;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& item = list[i];
      const std::string where = index_path(path, i);
      if (!item.is_array() || item.size() != 2 || !item[0].is_number_unsigned() || !item[1].is_string()) {
        fail(where, "expected [position, line break], e.g. [80, \"\\r\\n\"]");
      }
      const auto position = item[0].template get<std::size_t>();
      std::string bytes = item[1].template get<std::string>();
      if (position > length || (!breaks.empty() && position <= breaks.back().position)) {
        fail(where,
             fmt::format("position {} must be above the previous one and at most {}", position, length));
      }
      if (bytes.empty() ||
          !std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == '\r' || c == '\n'; })) {
        fail(where, "a break is one or more carriage returns and line feeds");
      }
      breaks.push_back(detail::Break{position, std::move(bytes)});
    }
    return breaks;
  }

  void element(const Json& j, const std::string& path, std::string& text) const {
    if (j.is_object() && j.contains("repetitions")) {
      allow_keys(j, path, {"repetitions"});
      const Json& list = j["repetitions"];
      const std::string where = member_path(path, "repetitions");
      if (!list.is_array() || list.empty()) fail(where, "expected a non-empty array of repetitions");
      if (list.size() > 1 && d_.repetition == 0) fail(where, "these delimiters have no repetition separator");
      for (std::size_t r = 0; r < list.size(); ++r) {
        if (r != 0) text.push_back(d_.repetition);
        repetition(list[r], index_path(where, r), text);
      }
      return;
    }
    repetition(j, path, text);
  }

  void repetition(const Json& j, const std::string& path, std::string& text) const {
    if (!j.is_array()) {
      value(j, path, text);
      return;
    }
    if (j.empty()) fail(path, "expected at least one component");
    for (std::size_t c = 0; c < j.size(); ++c) {
      if (c != 0) text.push_back(d_.component);
      value(j[c], index_path(path, c), text);
    }
  }

  void value(const Json& j, const std::string& path, std::string& text) const {
    if (j.is_object()) {
      allow_keys(j, path, {"raw"});
      const Json* raw = member(j, "raw");
      if (raw == nullptr) {
        fail(
            path,
            "expected a value: a string, an array of components, {\"repetitions\": [...]} or {\"raw\": ...}");
      }
      text += bytes_of(*raw, member_path(path, "raw"));
      return;
    }
    if (!j.is_string()) {
      fail(path,
           fmt::format("expected a value: a string, an array of components, {{\"repetitions\": [...]}} or "
                       "{{\"raw\": ...}}, found {}",
                       j.type_name()));
    }
    auto ok = append_value(text, bytes_of(j, path), d_);
    if (!ok) fail(path, ok.error().message);
  }

  std::string& out_;
  detail::TextCodec codec_;
  Delimiters d_;
  Standard standard_ = Standard::x12;
  std::string default_gap_;
};

template <class Json>
Result<std::string> read_document(const Json& value, const std::string& name) {
  std::string out;
  Error e;
  e.code = ErrorCode::invalid_json;
  e.where.file = name;
  try {
    Reader<Json> reader(out);
    reader.document(value);
    return out;
  } catch (const ShapeError& shape) {
    e.message = shape.path.empty() ? shape.message : shape.path + ": " + shape.message;
  } catch (const nlohmann::json::exception& ex) {
    e.message = ex.what();
  }
  return e;
}

}  // namespace

Result<std::string> from_json(const nlohmann::json& value, const std::string& name) {
  return read_document(value, name);
}

Result<std::string> from_json(const nlohmann::ordered_json& value, const std::string& name) {
  return read_document(value, name);
}

Result<std::string> from_json_text(std::string_view text, const std::string& name) {
  nlohmann::ordered_json value;
  try {
    value = nlohmann::ordered_json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& ex) {
    Error e;
    e.code = ErrorCode::invalid_json;
    e.where.file = name;
    e.message = ex.what();
    return e;
  }
  return from_json(value, name);
}

}  // namespace edigate::edi
