//! `pbx sim`: the simulated PBX for every family on 127.0.0.1 until Ctrl-C, with the settings
//! the library simulator has (credentials, Switchvox authentication, token lives, TLS with a
//! certificate made at start, faults, strict parameters) and a log of every exchange.
//!
//! The first stdout line names the URL (scripts read it); with `--tls` the next lines give the
//! certificate's fingerprint and, unless written with `--cert-out`, its PEM.

use std::io::Write;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use pbx_sim::{FaultKind, SimConfig, Simulator, SwitchvoxAuth};

use crate::exit::Exit;

#[path = "sim_events.rs"]
mod events;

/// The `sim` subcommand's definition.
pub fn command() -> Command {
    let defaults = SimConfig::default();
    let secs = |d: Duration| d.as_secs().to_string();
    let command = Command::new("sim")
        .about("Run the simulated PBX for every family on 127.0.0.1 until Ctrl-C")
        .next_help_heading("Simulator options")
        .after_help(
            "Every family is served at the same URL (their paths differ). Clients log in with \
             the user and password above: MD5 logins for OpenVox and Yeastar S-Series and API \
             2.0, client id and secret for the P-Series, Basic or Digest for Switchvox.\n\n\
             Fault kinds for --fault-rate: status:CODE (that HTTP status, no body), garbage \
             (200 with a body that is neither JSON nor XML), truncated (the body cut in half), \
             drop (the connection closed mid-answer), vendor:CODE (the family's error CODE in \
             its envelope). Example: --fault-rate status:503:10 answers every 10th request \
             with 503.\n\n\
             Events: OpenVox, S-Series and API 2.0 logins register a report receiver (`port`, \
             `url`, `urltag`; heartbeat re-points it); every call change is POSTed there and \
             resent until answered 200, to loopback addresses only. P-Series clients subscribe \
             at ws://HOST:PORT/openapi/v1.0/subscribe?access_token=TOKEN. Switchvox triggers: \
             --trigger incoming_call=http://127.0.0.1:9000/in?num=%CALLER_ID_NUMBER%&job=%JOB_ID% \
             (events incoming_call, outgoing_call, call_answered, call_hangup). The --event-* \
             misbehaviour flags are the same on every run with the same --event-seed.",
        )
        .arg(
            Arg::new("port")
                .long("port")
                .default_value("0")
                .value_parser(value_parser!(u16))
                .help("The port on 127.0.0.1; 0 picks a free one (printed on the first line)"),
        )
        .arg(
            Arg::new("user")
                .long("user")
                .default_value(defaults.user)
                .help("The API user every family accepts (P-Series: the client id)"),
        )
        .arg(
            Arg::new("password")
                .long("password")
                .default_value(defaults.password)
                .help("Its password (P-Series: the client secret)"),
        )
        .arg(
            Arg::new("switchvox-auth")
                .long("switchvox-auth")
                .value_parser(["basic", "digest"])
                .default_value("digest")
                .help("How Switchvox requests authenticate (6.6 and later use basic)"),
        )
        .arg(
            Arg::new("token-idle")
                .long("token-idle")
                .value_name("SECONDS")
                .value_parser(value_parser!(u64).range(1..))
                .default_value(secs(defaults.token_idle))
                .help("How long an OpenVox or Yeastar S-Series token lives without traffic"),
        )
        .arg(
            Arg::new("access-token-life")
                .long("access-token-life")
                .value_name("SECONDS")
                .value_parser(value_parser!(u64).range(1..))
                .default_value(secs(defaults.access_token_life))
                .help("How long a Yeastar P-Series access token lives"),
        )
        .arg(
            Arg::new("tls")
                .long("tls")
                .action(ArgAction::SetTrue)
                .help("Speak HTTPS with a self-signed certificate made at start; its PEM and SHA-256 fingerprint are printed [default: plain HTTP]"),
        )
        .arg(
            Arg::new("cert")
                .long("cert")
                .value_name("FILE")
                .requires("key")
                .conflicts_with("cert-out")
                .help("Speak HTTPS with this PEM certificate (a PBX's own, say) instead of a generated one; implies --tls"),
        )
        .arg(
            Arg::new("key")
                .long("key")
                .value_name("FILE")
                .requires("cert")
                .help("The private key (PEM) of --cert"),
        )
        .arg(
            Arg::new("cert-out")
                .long("cert-out")
                .value_name("FILE")
                .requires("tls")
                .help("Write the certificate's PEM to FILE instead of printing it (with --tls)"),
        )
        .arg(
            Arg::new("latency")
                .long("latency")
                .value_name("MS")
                .value_parser(value_parser!(u64))
                .help("Delay every answer by MS milliseconds [default: none]"),
        )
        .arg(
            Arg::new("fault-rate")
                .long("fault-rate")
                .value_name("KIND:N")
                .action(ArgAction::Append)
                .value_parser(fault_rate)
                .help("Give every N-th request the fault KIND (see below; repeatable) [default: none]"),
        )
        .arg(
            Arg::new("strict")
                .long("strict")
                .action(ArgAction::SetTrue)
                .help("Refuse request parameters the spec does not know [default: ignore and log them, as firmware does]"),
        )
        .arg(
            Arg::new("inbound")
                .long("inbound")
                .value_name("FROM:TO")
                .action(ArgAction::Append)
                .value_parser(inbound)
                .help("A call from FROM ringing extension TO in every family, to accept, refuse or transfer within 10 s (repeatable) [default: none]"),
        )
        .next_help_heading("Event options");
    events::args(command, &defaults.events)
        .next_help_heading("Simulator options")
        .arg(
            Arg::new("log")
                .long("log")
                .action(ArgAction::SetTrue)
                .help("Print each exchange to stderr as it happens, secrets shown as ***"),
        )
}

/// `+15551234:1000` → a call from +15551234 ringing extension 1000.
fn inbound(text: &str) -> Result<(String, String), String> {
    let (from, to) = text
        .split_once(':')
        .ok_or("expected FROM:TO, such as 5551234:1000")?;
    let good = |part: &str| {
        !part.is_empty()
            && part.len() <= 64
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+*#-_.".contains(&b))
    };
    if !good(from) || !good(to) {
        return Err(format!(
            "`{text}`: FROM and TO are numbers or names of up to 64 letters, digits and + * # - _ ."
        ));
    }
    Ok((from.to_owned(), to.to_owned()))
}

/// `status:503:10` → every 10th request answered 503.
fn fault_rate(text: &str) -> Result<(FaultKind, usize), String> {
    let (kind, every) = text
        .rsplit_once(':')
        .ok_or("expected KIND:N, such as drop:10 or status:503:10")?;
    let every: usize = every
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{every}` is not a positive whole number"))?;
    let kind = match kind.split_once(':') {
        None if kind == "garbage" => FaultKind::Garbage,
        None if kind == "truncated" => FaultKind::Truncated,
        None if kind == "drop" => FaultKind::Drop,
        Some(("status", code)) => match code.parse::<u16>() {
            Ok(code @ 100..=599) => FaultKind::Status(code),
            _ => return Err(format!("`{code}` is not an HTTP status (100 to 599)")),
        },
        Some(("vendor", code))
            if !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            FaultKind::Vendor(code.to_owned())
        }
        _ => {
            return Err(format!(
                "unknown fault `{kind}`: the kinds are status:CODE, garbage, truncated, drop, vendor:CODE"
            ));
        }
    };
    Ok((kind, every))
}

/// A string setting given on the command line, else its default (never the environment:
/// a `PBX_PASSWORD` meant for a real PBX must not become the simulator's, printed on stdout).
fn string(sub: &ArgMatches, id: &str, default: String) -> String {
    match sub.value_source(id) {
        Some(ValueSource::CommandLine) => sub.get_one::<String>(id).cloned().unwrap_or(default),
        _ => default,
    }
}

/// The simulator's settings from the command line.
fn config(sub: &ArgMatches) -> SimConfig {
    let defaults = SimConfig::default();
    let seconds = |id: &str, default: Duration| {
        sub.get_one::<u64>(id)
            .map_or(default, |s| Duration::from_secs(*s))
    };
    SimConfig {
        user: string(sub, "user", defaults.user.clone()),
        password: string(sub, "password", defaults.password.clone()),
        switchvox_auth: match sub.get_one::<String>("switchvox-auth").map(String::as_str) {
            Some("basic") => SwitchvoxAuth::Basic,
            _ => SwitchvoxAuth::Digest,
        },
        token_idle: seconds("token-idle", defaults.token_idle),
        access_token_life: seconds("access-token-life", defaults.access_token_life),
        port: sub.get_one::<u16>("port").copied().unwrap_or(0),
        strict: sub.get_flag("strict"),
        events: events::config(sub, defaults.events.clone()),
        ..defaults
    }
}

/// Runs the simulator until Ctrl-C.
pub fn run(runtime: &tokio::runtime::Runtime, sub: &ArgMatches) -> Exit {
    let config = config(sub);
    let credentials = format!(
        "user `{}`, password `{}`, Switchvox {}",
        config.user,
        config.password,
        match config.switchvox_auth {
            SwitchvoxAuth::Basic => "Basic",
            SwitchvoxAuth::Digest => "Digest",
        }
    );
    runtime.block_on(async {
        let tls = match tls_choice(sub) {
            Ok(tls) => tls,
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::Usage;
            }
        };
        let (sim, certificate) = match start(config, tls).await {
            Ok(started) => started,
            Err(e) => {
                eprintln!("error: the simulator could not start: {e}");
                return Exit::Transport;
            }
        };
        let cert_out = sub.get_one::<String>("cert-out");
        if let (Some(certificate), Some(path)) = (&certificate, cert_out)
            && let Err(e) = std::fs::write(path, certificate.pem())
        {
            eprintln!("error: cannot write the certificate to {path}: {e}");
            return Exit::Usage;
        }
        if let Some(ms) = sub.get_one::<u64>("latency") {
            sim.set_latency(Some(Duration::from_millis(*ms)));
        }
        for (kind, every) in sub
            .get_many::<(FaultKind, usize)>("fault-rate")
            .into_iter()
            .flatten()
        {
            sim.set_fault_rate(kind.clone(), *every);
        }
        if sub.get_flag("log") {
            sim.on_exchange(|exchange| {
                let _ = writeln!(std::io::stderr().lock(), "{exchange}");
            });
        }
        // Ctrl-C is caught from before the URL is printed: a script that reads the URL and
        // interrupts at once stops the simulator, not the process by the signal.
        let interrupted = match interrupt() {
            Ok(wait) => wait,
            Err(e) => {
                eprintln!("error: cannot catch Ctrl-C: {e}");
                return Exit::Internal;
            }
        };
        announce(&sim, &credentials, certificate.as_ref(), cert_out);
        for (from, to) in sub
            .get_many::<(String, String)>("inbound")
            .into_iter()
            .flatten()
        {
            ring(&sim, from, to);
        }
        interrupted.await;
        Exit::Ok
    })
}

/// Registers for Ctrl-C now, and returns what waits for it.
#[cfg(unix)]
fn interrupt() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut stream = signal(SignalKind::interrupt())?;
    Ok(async move {
        stream.recv().await;
    })
}

/// Registers for Ctrl-C (on first poll, the best this platform offers), and waits for it.
#[cfg(not(unix))]
fn interrupt() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// The start lines: the URL first (scripts read it), then the certificate if any. A closed
/// stdout is not an error worth stopping the simulator for.
fn announce(
    sim: &Simulator,
    credentials: &str,
    certificate: Option<&pbx_sim::Certificate>,
    cert_out: Option<&String>,
) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "simulated PBX for every family at {} ({credentials}); Ctrl-C stops it",
        sim.url()
    );
    if let Some(certificate) = certificate {
        let fingerprint = certificate.sha256_fingerprint();
        let _ = match cert_out {
            Some(path) => writeln!(
                out,
                "certificate {fingerprint} written to {path} (trust it with --ca {path}, or --pin {fingerprint})"
            ),
            None => writeln!(
                out,
                "certificate {fingerprint} (trust the PEM below with --ca FILE, or --pin {fingerprint}):\n{}",
                certificate.pem().trim_end()
            ),
        };
    }
    let _ = out.flush();
}

/// Injects an inbound call from `from` to `to` in every family, and says which ids it got.
fn ring(sim: &Simulator, from: &str, to: &str) {
    let mut families: Vec<&str> = pbx_api::ENDPOINTS.iter().map(|e| e.api.module).collect();
    families.dedup();
    let ids: Vec<String> = families
        .iter()
        .filter_map(|family| sim.inbound(family, from, to))
        .map(|call| format!("{} {}", call.family, call.id))
        .collect();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "inbound call {from} -> {to} ringing: {}",
        ids.join(", ")
    );
    let _ = out.flush();
}

/// Plain HTTP, a generated certificate (`--tls`), or the one `--cert` and `--key` name.
fn tls_choice(sub: &ArgMatches) -> Result<Option<pbx_sim::Certificate>, String> {
    match (sub.get_one::<String>("cert"), sub.get_one::<String>("key")) {
        (Some(cert), Some(key)) => {
            let read = |path: &String| {
                std::fs::read(path).map_err(|e| format!("cannot read {path}: {}", e.kind()))
            };
            pbx_sim::Certificate::from_pem(&read(cert)?, &read(key)?)
                .map(Some)
                .map_err(|e| format!("--cert {cert} --key {key}: {e}"))
        }
        _ if sub.get_flag("tls") => pbx_sim::Certificate::generate()
            .map(Some)
            .map_err(|e| e.to_string()),
        _ => Ok(None),
    }
}

/// Starts the simulator, over HTTPS with `certificate` if there is one.
async fn start(
    config: SimConfig,
    certificate: Option<pbx_sim::Certificate>,
) -> std::io::Result<(Simulator, Option<pbx_sim::Certificate>)> {
    let Some(certificate) = certificate else {
        return Ok((Simulator::start(config).await?, None));
    };
    let sim = Simulator::start_tls(config, certificate.server_config()?).await?;
    Ok((sim, Some(certificate)))
}
