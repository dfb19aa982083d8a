pbx_macros::specs!("../specs/session_param_not_string");

fn main() {}
