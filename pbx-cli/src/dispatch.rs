//! From the command line to an exit code: read `pbx`'s own options first (the command tree
//! depends on the family), build the tree, then list endpoints, run one, or hand over to the
//! other subcommands. Arguments are read as OS strings, so a non-UTF-8 one is a usage error,
//! not a crash.

use std::ffi::OsString;

use clap::{ArgMatches, Command};

use crate::cli::FAMILIES;
use crate::dry_run::Describe;
use crate::exit::Exit;
use crate::output::{self, Failure};
use crate::run::{Clients, Downloading, Sending, with_request};
use crate::settings::Sources;

/// What the options before the subcommand say, read before the command tree exists.
struct Early {
    sources: Option<Sources>,
    json: bool,
    verbose: u8,
}

fn early(args: &[OsString]) -> Result<Early, Failure> {
    match crate::cli::scan().try_get_matches_from(args) {
        Ok(m) => Ok(Early {
            json: m.get_flag("json"),
            verbose: m.get_count("verbose"),
            sources: Some(Sources::gather(&m).map_err(Failure::usage)?),
        }),
        // The full parse below reports it (or prints the help that was asked for).
        Err(_) => Ok(Early {
            sources: None,
            json: args.iter().any(|a| a == "--json"),
            verbose: 0,
        }),
    }
}

/// Runs `pbx` with the process's arguments. `command` builds the tree for a family; `other`
/// runs the subcommands this module does not know.
pub fn main(
    command: fn(Option<&str>) -> Command,
    other: fn(&tokio::runtime::Runtime, &ArgMatches) -> Option<Exit>,
) -> Exit {
    let args: Vec<OsString> = std::env::args_os().collect();
    let early = match early(&args) {
        Ok(e) => e,
        Err(f) => return report(&f, args.iter().any(|a| a == "--json")),
    };
    let json = early.json;
    let module = early.sources.as_ref().and_then(Sources::family);
    if let Some(m) = &module
        && !pbx_api::ENDPOINTS.iter().any(|e| e.api.module == m)
    {
        let shown = output::neutral(m);
        return report(
            &Failure::usage(format!(
                "unknown family `{shown}`; the families are {FAMILIES}"
            )),
            json,
        );
    }
    let matches = match command(module.as_deref()).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return Exit::Ok;
        }
        Err(e) if json => {
            return report(&Failure::usage(e.render().to_string().trim_end()), true);
        }
        Err(e) => {
            let _ = e.print();
            return Exit::Usage;
        }
    };
    crate::logging::init(early.verbose);
    let sources = match early.sources {
        Some(s) => s,
        None => match Sources::gather(&matches) {
            Ok(s) => s,
            Err(e) => return report(&Failure::usage(e), json),
        },
    };
    let result = match matches.subcommand() {
        Some(("endpoints", sub)) => {
            output::endpoints(module.as_deref(), json || sub.get_flag("json"));
            Ok(())
        }
        Some(("run", sub)) => run(&sources, module.as_deref(), &matches, sub, json),
        Some(("events", sub)) if sub.subcommand().is_none() => {
            crate::events_live::run(&sources, module.as_deref(), &matches, sub)
        }
        _ => {
            let runtime = match runtime() {
                Ok(r) => r,
                Err(f) => return report(&f, json),
            };
            return other(&runtime, &matches).unwrap_or(Exit::Usage);
        }
    };
    match result {
        Ok(()) => Exit::Ok,
        Err(f) => report(&f, json),
    }
}

fn report(failure: &Failure, json: bool) -> Exit {
    output::failure(failure, json);
    failure.exit
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure {
            kind: "internal",
            exit: Exit::Internal,
            ..Failure::usage(format!("cannot start: {e}"))
        })
}

/// `pbx run ...`: settings checked, then the request described (`--dry-run`) or sent.
fn run(
    sources: &Sources,
    module: Option<&str>,
    top: &ArgMatches,
    sub: &ArgMatches,
    json: bool,
) -> Result<(), Failure> {
    let Some(module) = module else {
        return Err(Failure::usage(format!(
            "choose a family with --family, PBX_FAMILY or `family` in the config file ({FAMILIES})"
        )));
    };
    let Some((meta, params)) = crate::tree::chosen(module, sub) else {
        return Err(Failure::usage(
            "no such endpoint; `pbx endpoints` lists them",
        ));
    };
    let dry_run = top.get_flag("dry_run");
    let runtime = runtime()?;
    let simulator = if top.get_flag("simulate") {
        let config = pbx_sim::SimConfig::default();
        let (user, password) = (config.user.clone(), config.password.clone());
        match runtime.block_on(pbx_sim::Simulator::start(config)) {
            Ok(sim) => Some((sim, user, password)),
            Err(e) => {
                return Err(Failure {
                    kind: "internal",
                    exit: Exit::Internal,
                    ..Failure::usage(format!("the simulator could not start: {e}"))
                });
            }
        }
    } else {
        None
    };
    let sim = simulator
        .as_ref()
        .map(|(s, u, p)| (s.url(), u.clone(), p.clone()));
    let connection = sources
        .resolve(module, sim, !dry_run)
        .map_err(Failure::usage)?;
    if dry_run {
        let described = with_request(
            meta.id,
            &params,
            Describe {
                connection: &connection,
            },
        )?;
        let described = described.map_err(|message| Failure {
            exit: Exit::InvalidRequest,
            kind: "invalid",
            endpoint: Some(meta.id),
            ..Failure::usage(message)
        })?;
        described.print(json);
        return Ok(());
    }
    let clients = {
        let _guard = runtime.enter();
        Clients::new(module, &connection)?
    };
    let out = crate::tree::out_file(sub);
    // A download, or an answer naming a file (`[resource]`) with `--out`: the file is fetched.
    if meta.download.is_some() || (meta.resource.is_some() && out.is_some()) {
        let fetched = with_request(
            meta.id,
            &params,
            Downloading {
                runtime: &runtime,
                clients: &clients,
                connection: &connection,
                out: out.as_deref(),
            },
        );
        if let Some(why) = runtime.block_on(clients.close()) {
            output::warning("logout", &format!("logging out failed: {why}"), json);
        }
        let written = fetched??;
        // On stdout the file is the output; with --out, a line says what was written.
        if let Some(path) = out {
            output::downloaded(&path, written, json);
        }
        return Ok(());
    }
    let sent = with_request(
        meta.id,
        &params,
        Sending {
            runtime: &runtime,
            clients: &clients,
            connection: &connection,
        },
    );
    if let Some(why) = runtime.block_on(clients.close()) {
        output::warning("logout", &format!("logging out failed: {why}"), json);
    }
    let answer = sent??;
    output::answer(&answer, json);
    Ok(())
}
