pbx_macros::specs!("../specs/session_logout_with_parameters");

fn main() {}
