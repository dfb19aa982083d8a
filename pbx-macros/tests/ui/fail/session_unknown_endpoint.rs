pbx_macros::specs!("../specs/session_unknown_endpoint");

fn main() {}
