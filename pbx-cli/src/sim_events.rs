//! `pbx sim`'s event options: the report serial, resends, OpenVox's malformed shape, the
//! P-Series WebSocket's idle limit, Switchvox triggers (loopback URLs only) and the seeded
//! misbehaviour, as flags and back into an [`EventConfig`].

use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use pbx_sim::{EventConfig, Misbehaviour, Trigger, TriggerEvent};

/// Adds the event options to `command`.
pub(super) fn args(command: Command, defaults: &EventConfig) -> Command {
    let secs = |d: Duration| d.as_secs().to_string();
    command
        .arg(
            Arg::new("event-serial")
                .long("event-serial")
                .value_name("SN")
                .default_value(defaults.serial.clone())
                .help("The PBX serial number events carry (`sn`)"),
        )
        .arg(
            Arg::new("event-attempts")
                .long("event-attempts")
                .value_name("N")
                .value_parser(value_parser!(u32).range(1..=100))
                .default_value(defaults.attempts.to_string())
                .help("Deliveries of a report before it is dropped, the first included"),
        )
        .arg(
            Arg::new("event-resend-ms")
                .long("event-resend-ms")
                .value_name("MS")
                .value_parser(value_parser!(u64).range(1..=60_000))
                .default_value(defaults.resend_first.as_millis().to_string())
                .help("The wait before the first resend of a report not answered 200 (doubling, up to 5 s)"),
        )
        .arg(
            Arg::new("no-reports")
                .long("no-reports")
                .action(ArgAction::SetTrue)
                .help("Send no HTTP reports (OpenVox, S-Series, API 2.0), whatever a login asks for"),
        )
        .arg(
            Arg::new("openvox-malformed")
                .long("openvox-malformed")
                .action(ArgAction::SetTrue)
                .help("Send OpenVox reports as its examples print them: `POST  HTTP/1.1`, no blank line before RING and ALERT bodies"),
        )
        .arg(
            Arg::new("ws-idle")
                .long("ws-idle")
                .value_name("SECONDS")
                .value_parser(value_parser!(u64).range(1..))
                .default_value(secs(defaults.ws_idle))
                .help("Close a P-Series event WebSocket after this long without a frame from the application"),
        )
        .arg(
            Arg::new("trigger")
                .long("trigger")
                .value_name("EVENT=URL")
                .action(ArgAction::Append)
                .value_parser(trigger)
                .help("A Switchvox trigger: on EVENT, request URL (loopback only) with its %VARIABLE%s filled in (repeatable) [default: none]"),
        )
        .arg(
            Arg::new("trigger-get")
                .long("trigger-get")
                .action(ArgAction::SetTrue)
                .help("Request trigger URLs with GET [default: POST]"),
        )
        .arg(
            Arg::new("event-seed")
                .long("event-seed")
                .value_name("N")
                .value_parser(value_parser!(u64))
                .default_value(defaults.misbehave.seed.to_string())
                .help("The seed of the misbehaviour below"),
        )
        .arg(
            Arg::new("event-duplicate")
                .long("event-duplicate")
                .value_name("P")
                .value_parser(chance)
                .help("Send each report or frame twice with chance P (0 to 1) [default: 0]"),
        )
        .arg(
            Arg::new("event-reorder")
                .long("event-reorder")
                .value_name("P")
                .value_parser(chance)
                .help("Swap a report or frame with the next one of its session with chance P [default: 0]"),
        )
        .arg(
            Arg::new("event-delay")
                .long("event-delay")
                .value_name("MS")
                .value_parser(value_parser!(u64))
                .help("Hold each report or frame back MS milliseconds [default: 0]"),
        )
        .arg(
            Arg::new("event-drop-socket")
                .long("event-drop-socket")
                .value_name("N")
                .value_parser(value_parser!(usize))
                .help("Drop a P-Series event WebSocket after every N frames [default: never]"),
        )
}

/// `0.25` → a chance of one in four.
fn chance(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| format!("`{text}` is not a chance from 0 to 1"))
}

/// `incoming_call=http://127.0.0.1:9000/in?num=%CALLER_ID_NUMBER%` → a trigger; only
/// loopback URLs are taken.
fn trigger(text: &str) -> Result<(TriggerEvent, String), String> {
    let (event, url) = text
        .split_once('=')
        .ok_or("expected EVENT=URL, such as incoming_call=http://127.0.0.1:9000/in")?;
    let event = TriggerEvent::from_name(event.trim()).ok_or_else(|| {
        format!("unknown event `{event}`: the events are incoming_call, outgoing_call, call_answered, call_hangup")
    })?;
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("`{url}` is not an http:// URL"))?;
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(format!(
            "`{url}`: the simulator requests loopback addresses only (127.0.0.1, ::1, localhost)"
        ));
    }
    Ok((event, url.to_owned()))
}

/// The event settings from the command line.
pub(super) fn config(sub: &ArgMatches, defaults: EventConfig) -> EventConfig {
    let post = !sub.get_flag("trigger-get");
    let triggers = sub
        .get_many::<(TriggerEvent, String)>("trigger")
        .into_iter()
        .flatten()
        .map(|(event, url)| Trigger {
            event: *event,
            url: url.clone(),
            post,
        })
        .collect();
    let d = defaults.misbehave.clone();
    EventConfig {
        serial: super::string(sub, "event-serial", defaults.serial.clone()),
        attempts: sub
            .get_one::<u32>("event-attempts")
            .copied()
            .unwrap_or(defaults.attempts),
        resend_first: sub
            .get_one::<u64>("event-resend-ms")
            .map_or(defaults.resend_first, |ms| Duration::from_millis(*ms)),
        openvox_malformed: sub.get_flag("openvox-malformed"),
        reports: defaults.reports && !sub.get_flag("no-reports"),
        ws_idle: sub
            .get_one::<u64>("ws-idle")
            .map_or(defaults.ws_idle, |s| Duration::from_secs(*s)),
        triggers,
        misbehave: Misbehaviour {
            seed: sub.get_one::<u64>("event-seed").copied().unwrap_or(d.seed),
            duplicate: sub
                .get_one::<f64>("event-duplicate")
                .copied()
                .unwrap_or(d.duplicate),
            reorder: sub
                .get_one::<f64>("event-reorder")
                .copied()
                .unwrap_or(d.reorder),
            delay: sub
                .get_one::<u64>("event-delay")
                .map_or(d.delay, |ms| Duration::from_millis(*ms)),
            drop_socket_every: sub
                .get_one::<usize>("event-drop-socket")
                .copied()
                .unwrap_or(d.drop_socket_every),
        },
        ..defaults
    }
}
