#pragma once
// Segment order inside one transaction set: where each segment belongs (loops, repeats, variants),
// what is missing, what is out of place. One instance is reused from set to set.
#include <edigate/edi/segment.hpp>
#include <edigate/error.hpp>
#include <edigate/schema/transaction.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace edigate::validate::detail {

struct StructureProblem {
  ErrorCode code;
  std::string tag;       // the segment concerned (the missing one, for "missing")
  std::string loop_id;
  std::string message;
  bool implementation = false;
  // Discriminator mismatch: element and component of the value that matched no variant.
  std::uint16_t element = 0;
  std::uint16_t component = 0;
};

class StructureSink {
 public:
  virtual void structure_problem(StructureProblem&& problem) = 0;

 protected:
  ~StructureSink() = default;
};

class SetStructure {
 public:
  struct Placement {
    const schema::SegmentRules* rules = nullptr;  // null: the segment has no place here
    const std::string* loop_id = nullptr;         // innermost loop ("" at the top level)
    const schema::StructureNode* loop = nullptr;  // set when the segment starts a loop repetition
  };

  void start(const schema::Transaction& transaction);
  Placement place(const edi::SegmentView& segment, StructureSink& sink);
  // End of the set: everything still required is missing. `trailer_seen` false when SE/UNT never came.
  void finish(bool trailer_seen, StructureSink& sink);
  const schema::SegmentRules* header_rules() const noexcept;

 private:
  struct Frame {
    std::uint32_t node;
    std::uint32_t cur;       // index among the node's children of the last one matched
    std::uint32_t counts;    // offset into counts_
  };
  struct Match {
    int child = -1;          // index among the frame's children
    int fallback_loop = -1;  // node of a loop whose variants all refused the segment
  };

  Match find(const Frame& frame, int segment, const edi::SegmentView& view) const;
  bool discriminates(const schema::StructureNode& loop, const edi::SegmentView& view) const;
  // First child of the variant group the frame's current child belongs to (itself when none).
  std::uint32_t group_start(const Frame& frame) const;
  std::uint32_t first_unchecked(const Frame& frame) const;
  bool same_group(std::uint32_t parent, std::uint32_t a, std::uint32_t b) const;
  void report_missing(const Frame& frame, std::uint32_t from, std::uint32_t to, int except_group_of,
                      StructureSink& sink);
  void close(const Frame& frame, bool trailer_seen, StructureSink& sink);
  void push(std::uint32_t node);
  std::string tag_of(const schema::StructureNode& node) const;
  std::string describe(const schema::StructureNode& node) const;

  static constexpr std::uint8_t has_required = 1;
  static constexpr std::uint8_t has_minimum = 2;
  const schema::Transaction* t_ = nullptr;
  std::vector<std::uint8_t> checks_;  // by node: what closing it must check
  std::vector<Frame> frames_;
  std::vector<std::uint32_t> counts_;
};

}  // namespace edigate::validate::detail
