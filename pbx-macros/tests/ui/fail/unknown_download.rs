pbx_macros::specs!("../specs/unknown_download");

fn main() {}
