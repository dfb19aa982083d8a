//! `pbx`: every endpoint of every spec as a subcommand.
//!
//! ```text
//! pbx --family yeastar-s --host 192.168.5.150 --user api run extension dial-outbound --extid 1002 --outto 41000
//! pbx --family openvox --simulate --json run outbound query
//! pbx sim --port 8088
//! pbx --family yeastar-s --host 192.168.5.150 --user api events
//! ```
//!
//! Options of `pbx` (connection settings, output) go before the subcommand; everything after
//! an endpoint's name is that endpoint's parameter. The password comes from `PBX_PASSWORD` (or
//! `--password`, or a `--config` file). Exit codes: see [`exit`].

mod cli;
mod config_file;
mod dispatch;
mod dry_run;
mod events;
mod events_live;
mod exit;
mod logging;
mod openapi;
mod output;
mod run;
mod settings;
mod sim;
mod tree;

use std::process::ExitCode;

use clap::Command;

use exit::Exit;

fn command(module: Option<&str>) -> Command {
    cli::top()
        .subcommand(sim::command())
        .subcommand(openapi::command())
        .subcommand(events::command())
        .subcommand(cli::endpoints())
        .subcommand(tree::run_command(module))
}

fn main() -> ExitCode {
    let exit = dispatch::main(command, other);
    ExitCode::from(exit.code())
}

/// Runs a subcommand that needs no PBX settings: `sim`, `openapi`, `events`.
fn other(runtime: &tokio::runtime::Runtime, matches: &clap::ArgMatches) -> Option<Exit> {
    match matches.subcommand() {
        Some(("sim", sub)) => Some(sim::run(runtime, sub)),
        Some(("openapi", sub)) => Some(openapi::run(sub)),
        Some(("events", sub)) => Some(events::run(sub)),
        _ => None,
    }
}
