//! The options of `pbx` itself: connection settings and output, given before the subcommand.
//! Everything after an endpoint's name is that endpoint's parameter, so the two never share a
//! name space (`pbx --url URL run heartbeat --url REPORT_URL`).

use clap::{Arg, ArgAction, Command};

use crate::exit;

/// The families, as users type them.
pub const FAMILIES: &str = "openvox, yeastar-s, yeastar-v2, yeastar-p, switchvox";

/// `pbx` with its own options and no subcommands yet.
pub fn top() -> Command {
    let setting = |key: &'static str, help: String| {
        Arg::new(key)
            .long(key.replace('_', "-"))
            .env(crate::settings::env(key))
            .help(help)
    };
    Command::new("pbx")
        .about("Talk to a PBX (OpenVox, Yeastar, Switchvox) through typed endpoints generated from specs")
        .long_about(
            "Talk to a PBX (OpenVox, Yeastar, Switchvox) through typed endpoints generated from specs.\n\n\
             Options go before the subcommand: `pbx [OPTIONS] run GROUP ENDPOINT [PARAMETERS]`. \
             Every setting can also be a PBX_* variable or a key of the --config file \
             (--ca-only, PBX_CA_ONLY, ca_only); a flag wins over the environment, which wins over the file.",
        )
        .after_help(exit::HELP)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(setting("family", format!("The API family: {FAMILIES}")).short('f'))
        .arg(setting("url", "The PBX's base URL (https://192.168.5.150:8088)".into()))
        .arg(setting("host", "The PBX's host, with the vendor's default scheme and port".into()))
        .arg(setting("user", "The API user (P-Series: the client id)".into()).short('u'))
        .arg(
            setting("password", "The API password (prefer PBX_PASSWORD)".into())
                .hide_env_values(true),
        )
        .arg(setting("ca", "A PEM file to trust besides the system's roots: the PBX's own certificate, or its CA".into()).value_name("FILE"))
        .arg(setting("ca_only", "Trust only this PEM file, not the system's roots".into()).value_name("FILE"))
        .arg(setting("pin", "Accept the PBX's certificate only if its SHA-256 fingerprint is this (sha256:AB:CD:…)".into()).value_name("sha256:HEX"))
        .arg(setting("timeout", "Seconds one exchange with the PBX may take (default 30; connecting at most 10)".into()).value_name("SECONDS"))
        .arg(setting("retries", "How often a read-only call is repeated after a transport failure (default 2); calls that act are never repeated".into()).value_name("N"))
        .arg(
            setting("format", "The body format, where the family offers both".into())
                .value_parser(["json", "xml"]),
        )
        .arg(
            setting("http_auth", "Switchvox's HTTP authentication: auto (Digest, or Basic over https only), digest, or basic (sends the password with every request: over http:// only when chosen)".into())
                .value_parser(["auto", "digest", "basic"]),
        )
        .arg(setting("api_version", "The API version the PBX runs, where the family has several (yeastar-s: v1.0.0, v1.0.1, v1.1.0); endpoints a newer version added are refused unsent".into()).value_name("VERSION"))
        .arg(setting("max_download", "The largest file a download endpoint may write, in bytes (default 256 MiB)".into()).value_name("BYTES"))
        .arg(
            Arg::new("config")
                .long("config")
                .env("PBX_CONFIG")
                .value_name("FILE")
                .help("A TOML file of settings: family, url or host, user, password, ca or ca_only, pin, timeout, retries, format, http_auth, api_version, max_download"),
        )
        .arg(
            Arg::new("json")
                .long("json")
                .action(ArgAction::SetTrue)
                .help("Print every outcome as JSON on stdout, errors included, for scripts"),
        )
        .arg(
            Arg::new("simulate")
                .long("simulate")
                .action(ArgAction::SetTrue)
                .help("Send to a built-in simulated PBX instead"),
        )
        .arg(
            Arg::new("dry_run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help("Print the HTTP request that would be sent, and send nothing"),
        )
        .arg(
            Arg::new("verbose")
                .long("verbose")
                .short('v')
                .action(ArgAction::Count)
                .help("Trace the exchanges on stderr (-vv: more); RUST_LOG overrides. Secrets are never traced"),
        )
}

/// `pbx endpoints`.
pub fn endpoints() -> Command {
    Command::new("endpoints")
        .about("List the endpoints the specs define (of the --family, if given)")
        .arg(
            Arg::new("json")
                .long("json")
                .action(ArgAction::SetTrue)
                .help("Print the list as JSON"),
        )
}

/// The flags of `pbx` that take no value, for reading options before the command tree exists.
pub fn scan() -> Command {
    top()
        .disable_help_flag(true)
        .disable_version_flag(true)
        .subcommand_required(false)
        .arg_required_else_help(false)
        .allow_external_subcommands(true)
}
