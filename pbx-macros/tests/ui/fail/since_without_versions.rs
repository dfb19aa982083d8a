pbx_macros::specs!("../specs/since_without_versions");

fn main() {}
