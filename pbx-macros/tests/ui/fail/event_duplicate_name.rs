pbx_macros::specs!("../specs/event_duplicate_name");

fn main() {}
