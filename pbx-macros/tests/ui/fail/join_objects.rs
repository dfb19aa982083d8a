pbx_macros::specs!("../specs/join_objects");

fn main() {}
