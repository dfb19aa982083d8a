pbx_macros::specs!("../specs/event_example_undeclared_member");

fn main() {}
