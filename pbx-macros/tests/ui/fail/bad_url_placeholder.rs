pbx_macros::specs!("../specs/bad_url_placeholder");

fn main() {}
