pbx_macros::specs!("../specs/version_not_in_versions");

fn main() {}
