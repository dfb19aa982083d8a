pbx_macros::specs!("../specs/session_unfilled_param");

fn main() {}
