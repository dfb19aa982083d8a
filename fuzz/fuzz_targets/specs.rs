//! The spec parser and generator on arbitrary text: never a panic, whatever a contributor
//! writes. The input is tried as an endpoint file of a valid family and as a family file with
//! a valid endpoint, so that both parsers and everything after them are reached; then as an
//! event file of a family with `[events]`, and as a family file with a valid event file.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FAMILY: &str = include_str!("../../specs/openvox/family.toml");
const ENDPOINT: &str = include_str!("../../specs/openvox/extension/dial_outbound.toml");
const EVENT: &str = include_str!("../../specs/yeastar_s/events/ring.toml");
/// A family with `[events]` and no session (whose endpoints no input here holds).
const EVENT_FAMILY: &str = "name = \"F\"\nversion = \"v1\"\nurl = \"/api/{version}/{path}\"\nformats = [\"json\"]\nenvelope = \"status\"\n\n[events]\ntransport = \"http_report\"\nkey = \"action\"\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (family, endpoint) in [(FAMILY, text), (text, ENDPOINT)] {
        match pbx_gen::generate_from_text(family, &[("endpoint", endpoint)]) {
            // Whatever is accepted must come out as Rust that parses.
            Ok(code) => {
                let printed = code.to_string();
                assert!(syn::parse_file(&printed).is_ok(), "generated code does not parse");
            }
            // Every refusal names the file it refuses.
            Err(errors) => assert!(errors.iter().all(|e| e.contains("-->"))),
        }
    }
    // The input as an event file, and as a family file (its `[events]`) with a valid one.
    for (family, event) in [(EVENT_FAMILY, text), (text, EVENT)] {
        match pbx_gen::generate_from_text_with_events(family, &[], &[("event", event)]) {
            Ok(code) => {
                let printed = code.to_string();
                assert!(syn::parse_file(&printed).is_ok(), "generated code does not parse");
            }
            Err(errors) => assert!(errors.iter().all(|e| e.contains("-->"))),
        }
    }
});
