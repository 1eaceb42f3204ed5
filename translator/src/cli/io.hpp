#pragma once
// Whole-file input and output for the subcommands that need every byte of a file at once (the
// lossless writers keep the bytes between and inside interchanges).
#include <edigate/edi/reader.hpp>
#include <edigate/error.hpp>
#include <edigate/result.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::cli {

// "-" reads standard input.
Result<std::string> read_input(const std::string& path);
// Empty or "-" writes standard output.
Result<void> write_output(const std::string& path, std::string_view bytes);
// One Error::describe() line each on stderr.
void print_diagnostics(const std::vector<Error>& diagnostics, std::size_t suppressed,
                       const std::string& name);
// The name diagnostics use for `path`.
std::string input_name(const std::string& path);

// A whole EDI file and what the reader made of it. The document's views point into `bytes`, so the
// object is handed out behind a pointer and never moved.
struct ParsedInput {
  std::string name;
  std::string bytes;
  edi::ParsedDocument document;
};
Result<std::unique_ptr<ParsedInput>> read_and_parse(const std::string& path);

}  // namespace edigate::cli
