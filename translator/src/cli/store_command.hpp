#pragma once
// What the subcommands that use the store share: the store they open and how an error ends them.
#include <edigate/error.hpp>
#include <edigate/partners/store.hpp>
#include <edigate/result.hpp>

#include <string>

namespace edigate::cli {

// `db` as given by --db / EDIGATE_DB; empty: the default store.
Result<partners::Store> open_store(const std::string& db);
// Prints the error's one line on stderr; returns exit_input_errors.
int fail(const Error& error);

}  // namespace edigate::cli
