pbx_macros::specs!("../specs/event_bad_transport");

fn main() {}
