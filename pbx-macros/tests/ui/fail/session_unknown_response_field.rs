pbx_macros::specs!("../specs/session_unknown_response_field");

fn main() {}
