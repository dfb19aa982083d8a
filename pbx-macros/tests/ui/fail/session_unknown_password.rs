pbx_macros::specs!("../specs/session_unknown_password");

fn main() {}
