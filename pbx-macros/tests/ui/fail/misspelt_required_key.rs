pbx_macros::specs!("../specs/misspelt_required_key");

fn main() {}
