pbx_macros::family!("../specs/missing_family/demo");

fn main() {}
