#pragma once
// An implementation-guide overlay as written: how a partner narrows a transaction set. Applied to a
// Transaction by the registry (see transaction.hpp); loaded from guide XML (docs/schemas.md).
#include <edigate/edi/delimiters.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edigate::schema {

enum class Usage : std::uint8_t { standard, required, situational, not_used };

struct GuideElement {
  std::uint16_t position = 0;
  std::uint16_t component = 0;  // 0: the element itself
  std::optional<Usage> usage;
  std::optional<std::vector<std::string>> codes;
  std::optional<std::uint32_t> min_length;
  std::optional<std::uint32_t> max_length;
  std::optional<std::string> pattern;
  std::optional<std::uint32_t> min_repeat;
  std::uint32_t line = 0;  // where it was written, for errors
};

struct GuideSegment {
  std::string path;  // tag, optionally "@n" for the n-th use of that tag at this level
  std::optional<Usage> usage;
  std::optional<std::uint32_t> min;
  std::optional<std::uint32_t> max;
  std::vector<GuideElement> elements;
  std::uint32_t line = 0;
};

struct Discriminator {
  std::uint16_t position = 0;
  std::uint16_t component = 0;
  std::vector<std::string> values;
};

struct GuideLoop {
  std::string path;     // loop id
  std::string variant;  // empty unless split by a discriminator
  std::optional<Discriminator> discriminator;
  std::optional<Usage> usage;
  std::optional<std::uint32_t> min;
  std::optional<std::uint32_t> max;
  std::vector<GuideSegment> segments;
  std::vector<GuideLoop> loops;
  std::uint32_t line = 0;
};

struct Guide {
  edi::Standard standard = edi::Standard::x12;
  std::string version;
  std::string transaction;
  std::string id;
  std::string name;
  std::string file;
  std::vector<GuideSegment> segments;
  std::vector<GuideLoop> loops;
};

}  // namespace edigate::schema
