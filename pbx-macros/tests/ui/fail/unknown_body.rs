pbx_macros::specs!("../specs/unknown_body");

fn main() {}
