pbx_macros::specs!("../specs/join_wrapped");

fn main() {}
