pbx_macros::specs!("../specs/duplicate_param");

fn main() {}
