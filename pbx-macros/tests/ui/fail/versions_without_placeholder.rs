pbx_macros::specs!("../specs/versions_without_placeholder");

fn main() {}
