pbx_macros::specs!("../specs/event_example_not_decoding");

fn main() {}
