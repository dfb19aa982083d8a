pbx_macros::specs!("../specs/session_misplaced_value");

fn main() {}
