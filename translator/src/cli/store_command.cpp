#include "cli/store_command.hpp"

#include "cli/commands.hpp"

#include <fmt/format.h>

namespace edigate::cli {

Result<partners::Store> open_store(const std::string& db) {
  return partners::Store::open(db.empty() ? partners::default_store_url() : db);
}

int fail(const Error& error) {
  fmt::print(stderr, "{}\n", error.describe());
  return exit_input_errors;
}

}  // namespace edigate::cli
