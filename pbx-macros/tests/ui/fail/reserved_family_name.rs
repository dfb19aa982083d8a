pbx_macros::specs!("../specs/reserved_family_name");

fn main() {}
