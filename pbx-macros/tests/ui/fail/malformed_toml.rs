pbx_macros::specs!("../specs/malformed_toml");

fn main() {}
