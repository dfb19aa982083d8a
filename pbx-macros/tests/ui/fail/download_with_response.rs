pbx_macros::specs!("../specs/download_with_response");

fn main() {}
