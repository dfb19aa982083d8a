pbx_macros::specs!("../specs/resource_unknown_download");

fn main() {}
