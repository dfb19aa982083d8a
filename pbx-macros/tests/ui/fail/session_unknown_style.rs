pbx_macros::specs!("../specs/session_unknown_style");

fn main() {}
