pbx_macros::specs!("../specs/failure_not_status");

fn main() {}
