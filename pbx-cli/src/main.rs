//! `pbx`: every endpoint of every spec as a subcommand.
//!
//! ```text
//! pbx --family yeastar-s --host 192.168.5.150 --user api run extension dial-outbound --extid 1002 --outto 41000
//! pbx --family openvox --simulate --json run outbound query
//! pbx sim --port 8088
//! ```
//!
//! Options of `pbx` (connection settings, output) go before the subcommand; everything after
//! an endpoint's name is that endpoint's parameter. The password comes from `PBX_PASSWORD` (or
//! `--password`, or a `--config` file). Exit codes: see [`exit`].

mod cli;
mod config_file;
mod dispatch;
mod dry_run;
mod exit;
mod logging;
mod output;
mod run;
mod settings;
mod tree;

use std::process::ExitCode;

use clap::{Arg, Command};

use exit::Exit;

// Not reformatted, so the `sim` subcommand stays as it was written.
#[rustfmt::skip]
fn command(module: Option<&str>) -> Command {
    cli::top()
        .subcommand(
            Command::new("sim")
                .about("Run the simulated PBX for every family on 127.0.0.1 until Ctrl-C")
                .arg(Arg::new("port").long("port").default_value("0").value_parser(clap::value_parser!(u16))),
        )
        .subcommand(cli::endpoints())
        .subcommand(tree::run_command(module))
}

fn main() -> ExitCode {
    let exit = dispatch::main(command, other);
    ExitCode::from(exit.code())
}

/// Runs a subcommand that needs no PBX settings: `sim`.
fn other(runtime: &tokio::runtime::Runtime, matches: &clap::ArgMatches) -> Option<Exit> {
    match matches.subcommand() {
        Some(("sim", sub)) => Some(simulate_forever(
            runtime,
            sub.get_one::<u16>("port").copied().unwrap_or(0),
        )),
        _ => None,
    }
}

fn simulate_forever(runtime: &tokio::runtime::Runtime, port: u16) -> Exit {
    runtime.block_on(async {
        let config = pbx_sim::SimConfig { port, ..pbx_sim::SimConfig::default() };
        let (user, password) = (config.user.clone(), config.password.clone());
        match pbx_sim::Simulator::start(config).await {
            Ok(sim) => {
                println!("simulated PBX for every family at {} (user `{user}`, password `{password}`); Ctrl-C stops it", sim.url());
                let _ = tokio::signal::ctrl_c().await;
                Exit::Ok
            }
            Err(e) => {
                eprintln!("error: the simulator could not start: {e}");
                Exit::Transport
            }
        }
    })
}
