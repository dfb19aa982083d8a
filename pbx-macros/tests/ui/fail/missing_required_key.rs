pbx_macros::specs!("../specs/missing_required_key");

fn main() {}
