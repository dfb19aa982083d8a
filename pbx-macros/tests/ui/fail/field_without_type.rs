pbx_macros::specs!("../specs/field_without_type");

fn main() {}
