// The single edigate executable: subcommands for every user-facing job.
#include "cli/commands.hpp"

#include <cstdio>

int main(int argc, char** argv) {
  CLI::App app{"edigate - EDI and B2B partner gateway"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "edigate 0.1.0");
  int result = edigate::cli::exit_ok;
  edigate::cli::add_inspect(app, result);
  edigate::cli::add_to_json(app, result);
  edigate::cli::add_from_json(app, result);
  edigate::cli::add_split(app, result);
  edigate::cli::add_pretty(app, result);
  edigate::cli::add_validate(app, result);
  edigate::cli::add_ack(app, result);
  edigate::cli::add_model(app, result);
  edigate::cli::add_translate(app, result);
  edigate::cli::add_db(app, result);
  edigate::cli::add_partner(app, result);
  edigate::cli::add_acks(app, result);
  edigate::cli::add_receive(app, result);
  edigate::cli::add_serve(app, result);
  edigate::cli::add_messages(app, result);
  edigate::cli::add_send(app, result);
  edigate::cli::add_token(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : edigate::cli::exit_usage;
  }
  return result;
}
