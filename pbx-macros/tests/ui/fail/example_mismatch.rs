pbx_macros::specs!("../specs/example_mismatch");

fn main() {}
