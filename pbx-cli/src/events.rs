//! `pbx events`: a family's events. `pbx events decode --family F` reads one raw event on
//! standard input, as the PBX sends it, and prints the typed event as one JSON line
//! (`FamilyEvents::to_json`), an event no spec declares included (`{"event":..,"raw":..}`).
//!
//! What standard input holds: the report body (OpenVox, S-Series, API 2.0); the whole
//! `{"type":..,"sn":..,"msg":..}` frame (P-Series); for Switchvox the request target,
//! `PATH?QUERY` (`/incoming_call?cid_num=101&cid_name=A+B`), whose path's last segment names
//! the event (a bare query string, without `?` and holding `=`, names none and prints as
//! unknown). Trailing whitespace (the newline `echo` adds) is not part of the event.
//!
//! Exit codes: 0 decoded, 2 usage (unknown family, unreadable or oversized input), 5 the input
//! is not an event at all (not JSON, a broken `msg`, a broken query escape).

use std::io::{Read, Write};

use clap::{Arg, ArgMatches, Command};
use pbx_api::wire::event::{FamilyEvents, RawEvent};
use pbx_api::wire::{DecodeError, event::Transport};

use crate::exit::Exit;

/// The most `decode` reads from standard input (a report is a few hundred bytes).
const MAX_INPUT: u64 = 1 << 20;

/// The `events` subcommand's definition.
pub fn command() -> Command {
    Command::new("events")
        .about("A PBX's events as JSON lines until Ctrl-C; or decode one as the PBX sends it")
        .long_about(
            "Without a subcommand: connect as `pbx run` does (the same settings, --simulate too), \
             start the family's event source (openvox, yeastar-s, yeastar-v2: a receiver the PBX \
             is told to post reports to; yeastar-p: the WebSocket; switchvox: polling current \
             calls, or --triggers; yeastar-p --webhook: webhook pushes), and print each event as one JSON line, connection states as \
             {\"state\":\"connected\"}..., until Ctrl-C.\n\n\
             `pbx events decode --family F` decodes one raw event read on standard input.",
        )
        .args(crate::events_live::args())
        .args_conflicts_with_subcommands(true)
        .subcommand(
            Command::new("decode")
                .about("Decode one raw event read on standard input; print it as one JSON line")
                .long_about(
                    "Decode one raw event read on standard input and print the typed event as one JSON line.\n\n\
                     Standard input holds the report body (openvox, yeastar-s, yeastar-v2), the whole \
                     {\"type\",\"sn\",\"msg\"} frame (yeastar-p), or for switchvox the request target \
                     PATH?QUERY, whose last path segment names the event.\n\n\
                     Exit codes: 0 decoded (events no spec declares too, as {\"event\":..,\"raw\":..}), \
                     2 usage, 5 the input is not an event at all.",
                )
                .arg(
                    Arg::new("family")
                        .long("family")
                        .value_name("FAMILY")
                        .required(true)
                        .help(format!("The family: {}", crate::cli::FAMILIES)),
                ),
        )
}

/// Runs `events decode`.
pub fn run(matches: &ArgMatches) -> Exit {
    let Some(("decode", sub)) = matches.subcommand() else {
        return usage("choose a subcommand: `pbx events decode --family F`");
    };
    let family = sub
        .get_one::<String>("family")
        .map(|f| f.replace('-', "_"))
        .unwrap_or_default();
    let decode: fn(&[u8]) -> Result<String, DecodeError> = match family.as_str() {
        "openvox" => decode::<pbx_api::openvox::events::Event>,
        "yeastar_s" => decode::<pbx_api::yeastar_s::events::Event>,
        "yeastar_v2" => decode::<pbx_api::yeastar_v2::events::Event>,
        "yeastar_p" => decode::<pbx_api::yeastar_p::events::Event>,
        "switchvox" => decode::<pbx_api::switchvox::events::Event>,
        other => {
            return usage(&format!(
                "unknown family `{}`; the families are {}",
                crate::output::neutral(other),
                crate::cli::FAMILIES
            ));
        }
    };
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut input)
    {
        return usage(&format!("cannot read standard input: {e}"));
    }
    if input.len() as u64 > MAX_INPUT {
        return usage(&format!(
            "standard input holds more than {MAX_INPUT} bytes; one event is expected"
        ));
    }
    match decode(input.trim_ascii_end()) {
        Ok(json) => {
            let mut out = std::io::stdout().lock();
            match writeln!(out, "{json}") {
                Ok(()) => Exit::Ok,
                Err(_) => Exit::Internal,
            }
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "pbx: not a {family} event: {e}");
            Exit::Transport
        }
    }
}

/// Decodes `input` as family `E` sends it, into its JSON line.
fn decode<E: FamilyEvents>(input: &[u8]) -> Result<String, DecodeError> {
    if E::TRANSPORT != Transport::UrlTrigger {
        return E::decode(&RawEvent::body(input)).map(|e| e.to_json());
    }
    let text = std::str::from_utf8(input).map_err(|e| {
        DecodeError::new(pbx_api::wire::DecodeErrorKind::InvalidUtf8(e.valid_up_to()))
    })?;
    let (path, query) = trigger_parts(text);
    E::decode(&RawEvent {
        body: b"",
        path,
        query,
    })
    .map(|e| e.to_json())
}

/// A trigger's request target split into path and query: `PATH?QUERY`; a bare query string
/// (no `?`, holding `=`, no `/`) is a query with no path.
fn trigger_parts(text: &str) -> (&str, &str) {
    match text.split_once('?') {
        Some((path, query)) => (path, query),
        None if text.contains('=') && !text.contains('/') => ("", text),
        None => (text, ""),
    }
}

fn usage(message: &str) -> Exit {
    let _ = writeln!(std::io::stderr(), "pbx: {message}");
    Exit::Usage
}

#[cfg(test)]
mod tests {
    use super::trigger_parts;

    #[test]
    fn trigger_targets_split_into_path_and_query() {
        assert_eq!(
            trigger_parts("/pbx/hangup?num=1&name=A+B"),
            ("/pbx/hangup", "num=1&name=A+B")
        );
        assert_eq!(trigger_parts("num=1&job=2"), ("", "num=1&job=2"));
        assert_eq!(trigger_parts("/hangup"), ("/hangup", ""));
    }
}
