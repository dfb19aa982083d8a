pbx_macros::specs!("../specs/missing_family");

fn main() {}
