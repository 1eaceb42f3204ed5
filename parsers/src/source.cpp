#include <edigate/edi/source.hpp>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace edigate::edi {
namespace {

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string name, bool owned, std::uint64_t size)
      : fd_(fd), name_(std::move(name)), owned_(owned), size_(size) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  Result<std::size_t> read(char* destination, std::size_t capacity) override {
    for (;;) {
      ssize_t n = ::read(fd_, destination, capacity);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      return io_error(name_, "cannot read");
    }
  }
  const std::string& name() const override { return name_; }
  std::uint64_t size_hint() const override { return size_; }

 private:
  int fd_;
  std::string name_;
  bool owned_;
  std::uint64_t size_;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string_view bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {}
  Result<std::size_t> read(char* destination, std::size_t capacity) override {
    std::size_t n = std::min(capacity, bytes_.size() - position_);
    if (n != 0) std::memcpy(destination, bytes_.data() + position_, n);
    position_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }
  std::uint64_t size_hint() const override { return bytes_.size(); }
  std::optional<std::string_view> whole() const override { return bytes_; }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
  std::string name_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> open_file(const std::string& path) {
  if (path == "-") return std::unique_ptr<ByteSource>(std::make_unique<FdSource>(0, "<stdin>", false, 0));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(path, "cannot open");
  struct stat st {};
  std::uint64_t size = 0;
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      errno = EISDIR;
      return io_error(path, "cannot read");
    }
    if (S_ISREG(st.st_mode)) size = static_cast<std::uint64_t>(st.st_size);
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  return std::unique_ptr<ByteSource>(std::make_unique<FdSource>(fd, path, true, size));
}

std::unique_ptr<ByteSource> from_fd(int fd, std::string name) {
  return std::make_unique<FdSource>(fd, std::move(name), false, 0);
}

std::unique_ptr<ByteSource> from_memory(std::string_view bytes, std::string name) {
  return std::make_unique<MemorySource>(bytes, std::move(name));
}

}  // namespace edigate::edi
