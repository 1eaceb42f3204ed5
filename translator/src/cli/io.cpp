#include "cli/io.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace edigate::cli {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

}  // namespace

std::string input_name(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

Result<std::string> read_input(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> owned;
  std::FILE* in = stdin;
  if (path != "-") {
    owned.reset(std::fopen(path.c_str(), "rb"));
    if (!owned) return io_error(path, "cannot open");
    in = owned.get();
  }
  std::string bytes;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, in)) > 0) bytes.append(buffer, n);
  if (std::ferror(in) != 0) return io_error(input_name(path), "cannot read");
  return bytes;
}

Result<void> write_output(const std::string& path, std::string_view bytes) {
  std::unique_ptr<std::FILE, FileCloser> owned;
  std::FILE* out = stdout;
  if (!path.empty() && path != "-") {
    owned.reset(std::fopen(path.c_str(), "wb"));
    if (!owned) return io_error(path, "cannot create");
    out = owned.get();
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size() || std::fflush(out) != 0) {
    return io_error(path.empty() ? "<stdout>" : path, "cannot write");
  }
  if (owned && std::fclose(owned.release()) != 0) return io_error(path, "cannot write");
  return {};
}

Result<std::unique_ptr<ParsedInput>> read_and_parse(const std::string& path) {
  auto bytes = read_input(path);
  if (!bytes) return std::move(bytes).error();
  auto input = std::make_unique<ParsedInput>();
  input->name = input_name(path);
  input->bytes = std::move(*bytes);
  input->document = edi::parse(input->bytes, input->name);
  return input;
}

void print_diagnostics(const std::vector<Error>& diagnostics, std::size_t suppressed,
                       const std::string& name) {
  for (const auto& e : diagnostics) fmt::print(stderr, "{}\n", e.describe());
  if (suppressed != 0) fmt::print(stderr, "{}: {} more diagnostics not shown\n", name, suppressed);
}

}  // namespace edigate::cli
