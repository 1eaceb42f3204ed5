#pragma once
// Where the reader's bytes come from: a file, a socket's fd, or memory.
#include <edigate/result.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace edigate::edi {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes; 0 means end of input. Errors come back as Error.
  virtual Result<std::size_t> read(char* destination, std::size_t capacity) = 0;
  // The name used in diagnostics (file path, "<stdin>", "<memory>").
  virtual const std::string& name() const = 0;
  // Total size when known (for progress), else 0.
  virtual std::uint64_t size_hint() const { return 0; }
  // All bytes at once when they already sit in memory (the reader then copies nothing).
  virtual std::optional<std::string_view> whole() const { return std::nullopt; }
};

// Opens a file ("-" is standard input).
Result<std::unique_ptr<ByteSource>> open_file(const std::string& path);
// Reads from a file descriptor the caller owns (a socket, a pipe).
std::unique_ptr<ByteSource> from_fd(int fd, std::string name);
// Reads from memory the caller keeps alive.
std::unique_ptr<ByteSource> from_memory(std::string_view bytes, std::string name = "<memory>");

}  // namespace edigate::edi
