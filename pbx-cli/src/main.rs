//! `pbx`: every endpoint of every spec as a subcommand.
//!
//! ```text
//! pbx --family yeastar-s --host 192.168.5.150 --user api call extension dial-outbound --extid 1002 --outto 41000
//! pbx --family openvox --simulate --json call outbound query
//! pbx sim --port 8088
//! ```
//!
//! The password comes from `PBX_PASSWORD` (or `--password`, or a `--config` file). Exit codes:
//! 0 success, 2 usage, 3 invalid request (nothing sent), 4 vendor error, 5 transport or
//! unreadable answer, 6 authentication.

mod exit;
mod run;
mod settings;
mod sim;
mod tree;

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use pbx_api::wire::Format;

use exit::Exit;
use settings::{Settings, family_module, url_for_host};

const FAMILIES: &str = "openvox, yeastar-s, yeastar-v2, yeastar-p, switchvox";

fn command(module: Option<&str>) -> Command {
    let mut cli = Command::new("pbx")
        .about("Talk to a PBX (OpenVox, Yeastar, Switchvox) through typed endpoints generated from specs")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(Arg::new("family").long("family").short('f').env("PBX_FAMILY").global(true).help(format!("The API family: {FAMILIES}")))
        .arg(Arg::new("url").long("url").env("PBX_URL").global(true).help("The PBX's base URL (https://192.168.5.150:8088)"))
        .arg(Arg::new("host").long("host").env("PBX_HOST").global(true).help("The PBX's host, with the vendor's default scheme and port"))
        .arg(Arg::new("user").long("user").short('u').env("PBX_USER").global(true).help("The API user (P-Series: the client id)"))
        .arg(Arg::new("password").long("password").env("PBX_PASSWORD").hide_env_values(true).global(true).help("The API password (prefer PBX_PASSWORD)"))
        .arg(Arg::new("config").long("config").env("PBX_CONFIG").global(true).help("A TOML file with family, url or host, user, password, ca"))
        .arg(Arg::new("ca").long("ca").env("PBX_CA").global(true).help("A PEM file to trust: the PBX's own certificate, or its CA"))
        .arg(Arg::new("format").long("format").global(true).value_parser(["json", "xml"]).help("The body format, where the family offers both"))
        .arg(Arg::new("json").long("json").global(true).action(ArgAction::SetTrue).help("Print the PBX's answer as JSON, for scripts"))
        .arg(Arg::new("simulate").long("simulate").global(true).action(ArgAction::SetTrue).help("Send to a built-in simulated PBX instead"))
        .subcommand(sim::command())
        .subcommand(Command::new("endpoints").about("List the endpoints the specs define"));
    cli = match module {
        Some(module) => cli.subcommand(tree::call_command(module)),
        None => cli.subcommand(Command::new("call").about(format!(
            "Send an endpoint's request (choose a family first: --family {FAMILIES})"
        ))),
    };
    cli
}

/// The family named on the command line, in the environment or in the config file, before
/// the full command tree (which depends on it) exists.
fn family_before_parsing(args: &[String]) -> Option<String> {
    let flag = |long: &str, short: Option<&str>| {
        args.iter().enumerate().find_map(|(i, a)| {
            if let Some(v) = a.strip_prefix(&format!("{long}=")) {
                return Some(v.to_owned());
            }
            (a == long || short == Some(a.as_str()))
                .then(|| args.get(i + 1).cloned())
                .flatten()
        })
    };
    flag("--family", Some("-f"))
        .or_else(|| std::env::var("PBX_FAMILY").ok())
        .or_else(|| {
            let path = flag("--config", None).or_else(|| std::env::var("PBX_CONFIG").ok())?;
            Settings::from_file(std::path::Path::new(&path))
                .ok()?
                .family
        })
        .map(|f| family_module(&f))
}

fn settings(matches: &ArgMatches) -> Result<Settings, String> {
    // Flags and PBX_* variables; clap has no `account_id` flag, so that key reads as absent.
    let get = |id: &str| matches.try_get_one::<String>(id).ok().flatten().cloned();
    let given = Settings::from_lookup(get);
    match get("config") {
        Some(path) => Ok(given.or(Settings::from_file(std::path::Path::new(&path))?)),
        None => Ok(given),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let module = family_before_parsing(&args);
    if let Some(m) = &module
        && !pbx_api::ENDPOINTS.iter().any(|e| e.api.module == m)
    {
        eprintln!("error: unknown family `{m}`; the families are {FAMILIES}");
        return ExitCode::from(Exit::Usage.code());
    }
    let matches = match command(module.as_deref()).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                Exit::Usage.code()
            } else {
                0
            });
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let exit = match matches.subcommand() {
        Some(("sim", sub)) => sim::run(&runtime, sub),
        Some(("endpoints", _)) => {
            for meta in pbx_api::ENDPOINTS
                .iter()
                .filter(|m| module.as_deref().is_none_or(|f| m.api.module == f))
            {
                println!("{:<44} {:<5} {}", meta.id, meta.method, meta.url);
            }
            Exit::Ok
        }
        Some(("call", sub)) => call(&runtime, &matches, sub, module.as_deref()),
        _ => Exit::Usage,
    };
    ExitCode::from(exit.code())
}

fn call(
    runtime: &tokio::runtime::Runtime,
    matches: &ArgMatches,
    sub: &ArgMatches,
    module: Option<&str>,
) -> Exit {
    let Some(module) = module else {
        eprintln!("error: choose a family with --family ({FAMILIES})");
        return Exit::Usage;
    };
    let Some((meta, params)) = tree::chosen(module, sub) else {
        eprintln!("error: no such endpoint");
        return Exit::Usage;
    };
    let mut settings = match settings(matches) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };
    let simulator = if matches.get_flag("simulate") {
        match runtime.block_on(pbx_sim::Simulator::start(pbx_sim::SimConfig::default())) {
            Ok(sim) => {
                let defaults = pbx_sim::SimConfig::default();
                settings.user.get_or_insert(defaults.user);
                settings.password.get_or_insert(defaults.password);
                Some(sim)
            }
            Err(e) => {
                eprintln!("error: the simulator could not start: {e}");
                return Exit::Transport;
            }
        }
    } else {
        None
    };
    let url = match (&simulator, &settings.url, &settings.host) {
        (Some(sim), _, _) => sim.url(),
        (None, Some(url), _) => url.clone(),
        (None, None, Some(host)) => url_for_host(module, host),
        (None, None, None) => {
            eprintln!("error: where is the PBX? give --url or --host (or PBX_URL), or --simulate");
            return Exit::Usage;
        }
    };
    let format = match matches.get_one::<String>("format").map(String::as_str) {
        Some("xml") => Format::Xml,
        _ => Format::Json,
    };
    let clients = {
        let _guard = runtime.enter();
        match run::Clients::new(module, &settings, url, format) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::Usage;
            }
        }
    };
    let outcome = run::call(
        runtime,
        &clients,
        meta.id,
        &params,
        matches.get_flag("json"),
    );
    runtime.block_on(clients.close());
    if outcome.exit == Exit::Ok {
        println!("{}", outcome.output);
    } else {
        eprintln!("{}", outcome.output);
    }
    drop(simulator);
    outcome.exit
}
