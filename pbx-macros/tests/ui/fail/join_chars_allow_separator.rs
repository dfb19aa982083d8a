pbx_macros::specs!("../specs/join_chars_allow_separator");

fn main() {}
