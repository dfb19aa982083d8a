//! `pbx events` without a subcommand: connects as `pbx run` does (the same settings,
//! `--simulate` too), starts the family client's `events()`, and prints every item as one
//! JSON line until Ctrl-C: events as `FamilyEvents::to_json` gives them
//! (`{"event":"RING",...}`), connection states as `{"state":"connected"}` (`listening` with
//! `addr`, `disconnected` and `gave_up` with `reason`, `reconnecting` with `attempt` and
//! `delay_ms`), bodies that are no event as `{"malformed":..,"raw":..}`.
//!
//! On Ctrl-C the source is stopped, what it had already taken is printed (at most
//! [`DRAIN`]), and a token session is logged out (bounded by the client's timeout); exit 0.
//! Failing to start exits as `pbx run` does (5 unreachable, 6 authentication...), 2 for a
//! receiver that cannot listen.

use std::net::IpAddr;
use std::time::Duration;

use clap::{Arg, ArgMatches};
use pbx_api::client::TokenClient;
use pbx_api::events::{
    Connection, EventItem, EventsError, FamilyEvents, LiveEvents, ReportFamily, WebSocketSource,
};
use serde_json::{Value, json};

use crate::exit::Exit;
use crate::output::{Failure, to_json_text};
use crate::run::Clients;
use crate::settings::{Connection as Settings, Sources};

/// How long items already taken are still printed after Ctrl-C.
pub const DRAIN: Duration = Duration::from_secs(2);

/// The options of `pbx events` itself.
pub fn args() -> Vec<Arg> {
    vec![
        Arg::new("report_ip")
            .long("report-ip")
            .value_name("IP")
            .value_parser(clap::value_parser!(IpAddr))
            .help("openvox, yeastar-s, yeastar-v2: the address the PBX posts reports to, and the receiver listens on [default: this machine's address towards the PBX]"),
        Arg::new("report_port")
            .long("report-port")
            .value_name("PORT")
            .value_parser(clap::value_parser!(u16))
            .help("openvox, yeastar-s, yeastar-v2: the port the receiver listens on and the PBX is told (0: any free one) [default: 8260]"),
        Arg::new("topics")
            .long("topics")
            .value_name("IDS")
            .value_delimiter(',')
            .value_parser(clap::value_parser!(u32))
            .help("yeastar-p: the topic ids to subscribe to (30011,30012) [default: every declared one]"),
        Arg::new("poll_ms")
            .long("poll-ms")
            .value_name("MS")
            .value_parser(clap::value_parser!(u64).range(10..))
            .help("switchvox: poll currentCalls.getList every MS milliseconds [default: 2000]"),
        Arg::new("triggers")
            .long("triggers")
            .value_name("ADDR")
            .value_parser(clap::value_parser!(std::net::SocketAddr))
            .help("switchvox: receive URL-manager triggers on ADDR (IP:PORT) instead of polling"),
        Arg::new("webhook")
            .long("webhook")
            .value_name("ADDR")
            .value_parser(clap::value_parser!(std::net::SocketAddr))
            .help("yeastar-p: receive webhook pushes on ADDR (IP:PORT) instead of the WebSocket, each checked against the secret in PBX_WEBHOOK_SECRET"),
    ]
}

/// Runs `pbx events`: the settings resolved, the family's events printed until Ctrl-C.
pub fn run(
    sources: &Sources,
    module: Option<&str>,
    top: &ArgMatches,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let Some(module) = module else {
        return Err(Failure::usage(format!(
            "choose a family with --family, PBX_FAMILY or `family` in the config file ({})",
            crate::cli::FAMILIES
        )));
    };
    let runtime = crate::dispatch::runtime()?;
    let simulator = if top.get_flag("simulate") {
        let config = pbx_sim::SimConfig::default();
        let (user, password) = (config.user.clone(), config.password.clone());
        let sim = runtime
            .block_on(pbx_sim::Simulator::start(config))
            .map_err(|e| Failure {
                kind: "internal",
                exit: Exit::Internal,
                ..Failure::usage(format!("the simulator could not start: {e}"))
            })?;
        Some((sim, user, password))
    } else {
        None
    };
    let sim = simulator
        .as_ref()
        .map(|(s, u, p)| (s.url(), u.clone(), p.clone()));
    let connection = sources.resolve(module, sim, true).map_err(Failure::usage)?;
    let clients = {
        let _guard = runtime.enter();
        Clients::new(module, &connection)?
    };
    let options = Options {
        report_ip: sub.get_one::<IpAddr>("report_ip").copied(),
        report_port: sub.get_one::<u16>("report_port").copied(),
        topics: sub.get_many::<u32>("topics").map(|t| t.copied().collect()),
        poll: sub
            .get_one::<u64>("poll_ms")
            .map(|ms| Duration::from_millis(*ms)),
        triggers: sub.get_one::<std::net::SocketAddr>("triggers").copied(),
        webhook: sub.get_one::<std::net::SocketAddr>("webhook").copied(),
    };
    let printed = runtime.block_on(async {
        match &clients {
            Clients::OpenVox(c) => reports(c, &options, &connection).await,
            Clients::YeastarS(c) => reports(c, &options, &connection).await,
            Clients::YeastarV2(c) => reports(c, &options, &connection).await,
            Clients::YeastarP(c) => {
                let live = match (options.webhook, &options.topics) {
                    (Some(addr), _) => {
                        // The secret never goes on the command line, where `ps` shows it.
                        let secret = std::env::var("PBX_WEBHOOK_SECRET").map_err(|_| {
                            Failure::usage(
                                "--webhook needs the webhook's secret in PBX_WEBHOOK_SECRET",
                            )
                        })?;
                        c.webhook_events(addr, pbx_api::wire::session::Secret::new(secret))
                            .await
                    }
                    (None, Some(topics)) => {
                        c.events_from(WebSocketSource::new(c.clone(), topics.clone()))
                            .await
                    }
                    (None, None) => c.events().await,
                };
                print(live.map_err(|e| started::<pbx_api::yeastar_p::Api>(e, &connection))?).await;
                Ok(())
            }
            Clients::Switchvox(c) => {
                let live = match (options.triggers, options.poll) {
                    (Some(addr), _) => c.trigger_events(addr).await,
                    (None, Some(every)) => c.poll_events(every).await,
                    (None, None) => c.events().await,
                };
                print(live.map_err(|e| started::<pbx_api::switchvox::Api>(e, &connection))?).await;
                Ok(())
            }
        }
    });
    if let Some(why) = runtime.block_on(clients.close()) {
        crate::output::warning(
            "logout",
            &format!("logging out failed: {why}"),
            top.get_flag("json"),
        );
    }
    printed
}

/// What `pbx events` was told beyond the connection.
struct Options {
    report_ip: Option<IpAddr>,
    report_port: Option<u16>,
    topics: Option<Vec<u32>>,
    poll: Option<Duration>,
    triggers: Option<std::net::SocketAddr>,
    webhook: Option<std::net::SocketAddr>,
}

/// A report family: the receiver where the options put it, then the events printed.
async fn reports<A: ReportFamily>(
    client: &TokenClient<A>,
    options: &Options,
    connection: &Settings,
) -> Result<(), Failure> {
    let mut config = client
        .report_receiver()
        .await
        .map_err(|e| started::<A>(e, connection))?;
    if let Some(ip) = options.report_ip {
        config.addr.set_ip(ip);
    }
    if let Some(port) = options.report_port {
        config.addr.set_port(port);
    }
    let live = client
        .events_on(config)
        .await
        .map_err(|e| started::<A>(e, connection))?;
    print(live).await;
    Ok(())
}

/// Prints every item until the stream ends or Ctrl-C; then what is left, for at most
/// [`DRAIN`].
async fn print<E: FamilyEvents>(live: LiveEvents<E>) {
    let (handle, mut stream) = live.into_parts();
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    loop {
        tokio::select! {
            _ = &mut interrupted => break,
            item = stream.next() => match item {
                Some(item) => line(&item),
                None => return,
            },
        }
    }
    handle.stop();
    let drain = async {
        while let Some(item) = stream.next().await {
            line(&item);
        }
    };
    let _ = tokio::time::timeout(DRAIN, drain).await;
}

/// One item as its JSON line on stdout.
fn line<E: FamilyEvents>(item: &EventItem<E>) {
    let text = match item {
        EventItem::Event(received) => received.event.to_json(),
        EventItem::State(state) => to_json_text(&state_json(state)),
        EventItem::Malformed { error, raw } => to_json_text(&json!({
            "malformed": error.to_string(),
            "raw": String::from_utf8_lossy(raw),
        })),
    };
    println!("{text}");
}

/// A connection state as JSON.
pub fn state_json(state: &Connection) -> Value {
    match state {
        Connection::Listening { addr } => json!({"state": "listening", "addr": addr.to_string()}),
        Connection::Connected => json!({"state": "connected"}),
        Connection::Disconnected { reason } => json!({"state": "disconnected", "reason": reason}),
        Connection::Reconnecting { attempt, delay } => json!({
            "state": "reconnecting",
            "attempt": attempt,
            "delay_ms": u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        }),
        Connection::GaveUp { reason } => json!({"state": "gave_up", "reason": reason}),
        other => json!({"state": format!("{other:?}")}),
    }
}

/// Why the events did not start, as `pbx run` reports a failed request (the endpoint that
/// failed: the login, heartbeat or first poll).
fn started<A: pbx_api::wire::Api>(
    error: EventsError<A::ErrorCode>,
    connection: &Settings,
) -> Failure {
    match error {
        EventsError::Client(e) => {
            let any_of_family = || {
                pbx_api::ENDPOINTS
                    .iter()
                    .copied()
                    .find(|m| m.api.module == A::META.module)
            };
            match e.endpoint().or_else(any_of_family) {
                Some(meta) => crate::run::failure(e, meta, connection),
                None => Failure::usage(e.to_string()),
            }
        }
        other => Failure::usage(other.to_string()),
    }
}
