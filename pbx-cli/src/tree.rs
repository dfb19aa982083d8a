//! The `run` subcommands, built from the specs' metadata: one subcommand per folder and per
//! endpoint, one flag per parameter. The names follow the spec's path below its family:
//! `specs/yeastar_v2/call/dial.toml` is `pbx run call dial`, `specs/openvox/login.toml` is
//! `pbx run login`. A new spec file adds a subcommand.

use clap::{Arg, ArgAction, Command};
use pbx_api::wire::{EndpointMeta, ParamKind};

use crate::cli::FAMILIES;

/// Shown under every endpoint's help.
const AFTER: &str = "The flags above are the endpoint's parameters, sent as typed. Options of pbx itself \
(--url, --user, --json, --dry-run, ...) go before `run`: pbx --json run GROUP ENDPOINT ...";

/// `run` for one family (`run extension dial-outbound --extid 1002 --outto 41000`), or, with
/// no family known yet, a `run` that says to choose one.
pub fn run_command(module: Option<&str>) -> Command {
    let Some(module) = module else {
        return Command::new("run")
            .about(format!(
                "Send an endpoint's request (choose a family first: --family {FAMILIES})"
            ))
            .allow_external_subcommands(true);
    };
    let mut run = Command::new("run")
        .about("Send one endpoint's request (subcommands come from the spec files)")
        .subcommand_required(true)
        .arg_required_else_help(true);
    for meta in pbx_api::ENDPOINTS.iter().filter(|m| m.api.module == module) {
        let path: Vec<&str> = meta.id.split("::").skip(1).collect();
        run = insert(run, &path, meta);
    }
    run
}

/// Adds `meta` at `path` below `parent`, creating folder subcommands on the way.
fn insert(parent: Command, path: &[&str], meta: &'static EndpointMeta) -> Command {
    let Some((first, rest)) = path.split_first() else {
        return parent;
    };
    let name = kebab(first);
    if rest.is_empty() {
        return parent.subcommand(endpoint_command(&name, meta));
    }
    let existing = parent.get_subcommands().any(|c| c.get_name() == name);
    if existing {
        parent.mut_subcommand(name, |group| insert(group, rest, meta))
    } else {
        let group = Command::new(name.clone())
            .about(format!("Endpoints under `{first}/`"))
            .subcommand_required(true)
            .arg_required_else_help(true);
        parent.subcommand(insert(group, rest, meta))
    }
}

fn endpoint_command(name: &str, meta: &'static EndpointMeta) -> Command {
    let mut command = Command::new(name.to_owned())
        .about(meta.summary)
        .long_about(format!(
            "{}\n\n{} {} ({})",
            meta.summary, meta.method, meta.url, meta.spec
        ))
        .after_help(AFTER);
    for param in meta.params {
        if param.kind == ParamKind::Object {
            continue;
        }
        let mut arg = Arg::new(param.name)
            .long(kebab(param.name))
            .help(first_line(param.doc))
            .required(param.required);
        arg = match param.kind {
            // `--ids a,b` or `--ids a --ids b`.
            ParamKind::List => arg
                .action(ArgAction::Append)
                .value_delimiter(',')
                .value_name("VALUE,.."),
            ParamKind::Bool => arg.value_name("yes|no"),
            ParamKind::Enum => arg.value_parser(clap::builder::PossibleValuesParser::new(
                param.values.iter().copied(),
            )),
            _ => arg.value_name(param.name.to_ascii_uppercase()),
        };
        command = command.arg(arg);
    }
    let file = meta.download.or(meta.resource.map(|r| r.download));
    if let Some(kind) = file
        && !meta.params.iter().any(|p| p.name == "out")
    {
        let help = if meta.download.is_some() {
            format!(
                "Write the {} file here (default: stdout); at most --max-download bytes",
                kind.as_str()
            )
        } else {
            format!(
                "Fetch the {} file the answer names and write it here (without it: print the answer); at most --max-download bytes",
                kind.as_str()
            )
        };
        command = command.arg(
            Arg::new(OUT)
                .long("out")
                .value_name("FILE")
                .value_parser(clap::value_parser!(std::path::PathBuf))
                .help(help),
        );
    }
    command
}

/// The id of a download endpoint's `--out` (not a wire name, so no parameter takes it).
const OUT: &str = "pbx::out";

/// `--out` of a download invocation, if given.
pub fn out_file(matches: &clap::ArgMatches) -> Option<std::path::PathBuf> {
    let mut current = matches;
    while let Some((_, sub)) = current.subcommand() {
        current = sub;
    }
    current
        .try_get_one::<std::path::PathBuf>(OUT)
        .ok()
        .flatten()
        .cloned()
}

/// Parameters given on the command line: wire name and values (several for lists).
pub type Given = Vec<(&'static str, Vec<String>)>;

/// Finds the endpoint a `run` invocation names, and the parameters given.
pub fn chosen(module: &str, matches: &clap::ArgMatches) -> Option<(&'static EndpointMeta, Given)> {
    let mut path = Vec::new();
    let mut current = matches;
    while let Some((name, sub)) = current.subcommand() {
        path.push(name.replace('-', "_"));
        current = sub;
    }
    let id = format!("{module}::{}", path.join("::"));
    let meta = pbx_api::ENDPOINTS.iter().find(|m| m.id == id)?;
    let values = meta
        .params
        .iter()
        .filter(|p| p.kind != ParamKind::Object)
        .filter_map(|p| {
            let given: Vec<String> = current.get_many::<String>(p.name)?.cloned().collect();
            Some((p.name, given))
        })
        .collect();
    Some((meta, values))
}

fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_owned()
}

/// The subcommand that sends `meta`'s request: `run call dial`.
pub fn command_line(meta: &EndpointMeta) -> String {
    let path: Vec<String> = meta.id.split("::").skip(1).map(kebab).collect();
    format!("run {}", path.join(" "))
}
