#pragma once
// Runs the built edigate binary the way a user does and captures what it prints.
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace edigate::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout; stderr is captured into err through a temporary file
  std::string err;
};

inline std::string quote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// `args` is appended to the binary path as given (quote paths with quote()).
inline CliRun run_edigate(const std::string& args) {
  char err_path[] = "/tmp/edigate-test-stderr-XXXXXX";
  const int fd = ::mkstemp(err_path);
  if (fd >= 0) ::close(fd);
  const std::string command = std::string(EDIGATE_BINARY) + " " + args + " 2>" + err_path;
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 65536> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (FILE* err = std::fopen(err_path, "rb")) {
    while ((n = std::fread(buffer.data(), 1, buffer.size(), err)) > 0) run.err.append(buffer.data(), n);
    std::fclose(err);
  }
  std::remove(err_path);
  return run;
}

}  // namespace edigate::testing
