pbx_macros::specs!("../specs/join_enum_value_holds_separator");

fn main() {}
