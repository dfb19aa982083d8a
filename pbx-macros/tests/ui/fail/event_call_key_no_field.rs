pbx_macros::specs!("../specs/event_call_key_no_field");

fn main() {}
