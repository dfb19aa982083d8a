pbx_macros::specs!("../specs/session_token_not_string");

fn main() {}
