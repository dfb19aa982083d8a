pbx_macros::specs!("../specs/response_enum_other");

fn main() {}
