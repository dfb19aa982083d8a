pbx_macros::specs!("../specs/event_unknown_key");

fn main() {}
