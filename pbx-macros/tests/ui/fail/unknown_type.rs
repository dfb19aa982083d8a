pbx_macros::specs!("../specs/unknown_type");

fn main() {}
