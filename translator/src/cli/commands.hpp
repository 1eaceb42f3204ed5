#pragma once
// Each subcommand registers itself on the CLI11 app and returns the exit code through `result`.
#include <CLI/CLI.hpp>

namespace edigate::cli {

// Exit codes shared by every subcommand.
inline constexpr int exit_ok = 0;
inline constexpr int exit_input_errors = 1;
inline constexpr int exit_usage = 2;

void add_inspect(CLI::App& app, int& result);
void add_to_json(CLI::App& app, int& result);
void add_from_json(CLI::App& app, int& result);
void add_split(CLI::App& app, int& result);
void add_pretty(CLI::App& app, int& result);
void add_validate(CLI::App& app, int& result);
void add_ack(CLI::App& app, int& result);
void add_model(CLI::App& app, int& result);
void add_translate(CLI::App& app, int& result);
void add_db(CLI::App& app, int& result);
void add_partner(CLI::App& app, int& result);
void add_acks(CLI::App& app, int& result);
void add_receive(CLI::App& app, int& result);
void add_serve(CLI::App& app, int& result);
void add_messages(CLI::App& app, int& result);
void add_send(CLI::App& app, int& result);
void add_token(CLI::App& app, int& result);

}  // namespace edigate::cli
