pbx_macros::specs!("../specs/event_missing_name");

fn main() {}
