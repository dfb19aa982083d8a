pbx_macros::specs!("../specs/session_undeclared_code");

fn main() {}
