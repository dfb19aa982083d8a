pbx_macros::specs!("../specs/join_empty");

fn main() {}
