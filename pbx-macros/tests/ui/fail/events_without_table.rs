pbx_macros::specs!("../specs/events_without_table");

fn main() {}
