//! The openvox event decoder on arbitrary bytes: never a panic, and what decodes writes back to
//! itself (`events_check.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "events_check.rs"]
mod events_check;

use pbx_api::openvox::events::{Event, FRAME};

fuzz_target!(|data: &[u8]| {
    events_check::check::<Event>(&FRAME, data);
});
