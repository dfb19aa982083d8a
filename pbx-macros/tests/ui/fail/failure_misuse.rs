pbx_macros::specs!("../specs/failure_misuse");

fn main() {}
