#pragma once
// Whole-file input and output for the subcommands that need every byte of a file at once (the
// lossless writers keep the bytes between and inside interchanges).
#include <edigate/error.hpp>
#include <edigate/result.hpp>

#include <cstddef>
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

}  // namespace edigate::cli
