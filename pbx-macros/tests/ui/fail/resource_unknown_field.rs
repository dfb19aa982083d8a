pbx_macros::specs!("../specs/resource_unknown_field");

fn main() {}
