pbx_macros::specs!("../specs/misspelt_key");

fn main() {}
