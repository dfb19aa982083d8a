pbx_macros::family!("../specs/reserved_family_name/client");

fn main() {}
