pbx_macros::specs!("../specs/join_bad_example");

fn main() {}
