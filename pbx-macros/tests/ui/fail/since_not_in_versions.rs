pbx_macros::specs!("../specs/since_not_in_versions");

fn main() {}
