pbx_macros::specs!("../specs/session_misspelt_key");

fn main() {}
