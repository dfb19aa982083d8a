pbx_macros::specs!("../specs/session_missing_login");

fn main() {}
