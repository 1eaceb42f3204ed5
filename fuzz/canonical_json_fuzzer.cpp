// libFuzzer harness of canonical JSON (edigate/maps/canonical.hpp).
//
// The input is JSON text read as a canonical document against the shipped models. from_json must
// return a Document or an invalid_document Error, never crash, hang or throw. When it returns a
// Document D, for the pretty and the compact writer alike:
//   from_json(to_json(D)) succeeds and holds D exactly (every field, order, text and scalar kind), and
//   to_json of that is to_json(D) again, byte for byte.
// to_xml(D) is written too (for the sanitizers); reading it back goes through Xerces and the XSD,
// which is too slow to do per input and is covered by the unit tests instead.
#include <edigate/maps/canonical.hpp>
#include <edigate/maps/model.hpp>
#include "printable.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace {

namespace maps = edigate::maps;

std::string shown(std::string_view s) { return edigate::fuzz::shown(s, 300); }

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n*** edigate fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

const maps::ModelSet& models() {
  static const maps::ModelSet set = [] {
    auto loaded = maps::ModelSet::load(EDIGATE_FUZZ_MODELS);
    if (!loaded) fail("the shipped models load", loaded.error().describe());
    return std::move(loaded).value();
  }();
  return set;
}

volatile std::size_t g_sink = 0;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A copy of exactly `size` bytes, so that ASan sees any read past the end.
  std::unique_ptr<char[]> copy(new char[size == 0 ? 1 : size]);
  if (size != 0) std::memcpy(copy.get(), data, size);
  const std::string_view text(copy.get(), size);

  auto doc = maps::from_json(text, models(), "<fuzz>");
  if (!doc) {
    const edigate::Error& e = doc.error();
    if (e.code != edigate::ErrorCode::invalid_document || e.message.empty()) {
      fail("from_json fails with a described invalid_document", e.describe());
    }
    g_sink = g_sink + e.describe().size();
    return 0;
  }
  for (const bool pretty : {false, true}) {
    const std::string written = maps::to_json(*doc, pretty);
    auto back = maps::from_json(written, models(), "<to_json>");
    if (!back) {
      fail("from_json accepts to_json's output", back.error().describe() + "\n  input: " + shown(text) +
                                                     "\n  written: " + shown(written));
    }
    if (back->model != doc->model || !(back->root == doc->root)) {
      fail("from_json(to_json(D)) == D", "input: " + shown(text) + "\n  written: " + shown(written));
    }
    if (maps::to_json(*back, pretty) != written) {
      fail("to_json is stable", "input: " + shown(text) + "\n  written: " + shown(written));
    }
  }
  g_sink = g_sink + maps::to_xml(*doc, models()).size();
  return 0;
}
