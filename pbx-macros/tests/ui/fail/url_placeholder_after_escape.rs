pbx_macros::specs!("../specs/url_placeholder_after_escape");

fn main() {}
