pbx_macros::specs!("../specs/bad_enum_default");

fn main() {}
