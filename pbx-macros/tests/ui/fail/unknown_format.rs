pbx_macros::specs!("../specs/unknown_format");

fn main() {}
