pbx_macros::specs!("../specs/session_unknown_param");

fn main() {}
