// libFuzzer harness of the JSON form (edigate/edi/syntax_json.hpp).
//
// The input is JSON text. from_json_text must return bytes or an Error (invalid_json), never crash,
// hang or throw. When it returns bytes B, the documented round trip must hold:
//   parse(B) -> to_json(interchanges, B) -> from_json  ==  B   (byte for byte)
// and to_json's output must be accepted by from_json whether it is given as JSON text or as a value.
#include <edigate/edi/reader.hpp>
#include "printable.hpp"
#include <edigate/edi/syntax_json.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace {

namespace edi = edigate::edi;

std::string shown(std::string_view s) { return edigate::fuzz::shown(s, 200); }

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n*** edigate fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

volatile std::size_t g_sink = 0;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::unique_ptr<char[]> copy(new char[size == 0 ? 1 : size]);
  if (size != 0) std::memcpy(copy.get(), data, size);
  const std::string_view text(copy.get(), size);

  auto bytes = edi::from_json_text(text, "<fuzz>");
  if (!bytes) {
    const edigate::Error& e = bytes.error();
    if (e.code != edigate::ErrorCode::invalid_json) {
      fail("from_json_text fails with invalid_json", std::string(edigate::to_string(e.code)) + ": " + e.describe());
    }
    g_sink = g_sink + e.describe().size();
    return 0;
  }
  const std::string& edi_bytes = *bytes;
  const edi::ParsedDocument doc = edi::parse(edi_bytes, "<from_json>");
  const nlohmann::ordered_json again = edi::to_json(std::span<const edi::Interchange>(doc.interchanges), edi_bytes);
  auto back = edi::from_json(again, "<to_json>");
  if (!back) {
    fail("from_json accepts to_json's output",
         back.error().describe() + "\n  EDI: " + shown(edi_bytes) + "\n  JSON: " + shown(again.dump()));
  }
  if (*back != edi_bytes) {
    fail("from_json(to_json(parse(B))) == B", "  B:     " + shown(edi_bytes) + "\n  again: " + shown(*back) +
                                                   "\n  JSON: " + shown(again.dump()));
  }
  auto from_text = edi::from_json_text(again.dump(), "<to_json text>");
  if (!from_text || *from_text != edi_bytes) {
    fail("from_json_text(to_json(...).dump()) == B", from_text ? shown(*from_text) : from_text.error().describe());
  }
  g_sink = g_sink + doc.diagnostics.size();
  return 0;
}
