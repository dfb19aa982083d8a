pbx_macros::specs!("../specs/session_unknown_value");

fn main() {}
