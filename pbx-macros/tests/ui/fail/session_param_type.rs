pbx_macros::specs!("../specs/session_param_type");

fn main() {}
