pbx_macros::specs!("../specs/event_key_as_field");

fn main() {}
