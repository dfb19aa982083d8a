pbx_macros::specs!("../specs/int_default_overflow");

fn main() {}
