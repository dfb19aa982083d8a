pbx_macros::specs!("../specs/resource_not_string");

fn main() {}
