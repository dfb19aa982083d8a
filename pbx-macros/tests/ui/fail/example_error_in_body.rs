pbx_macros::specs!("../specs/example_error_in_body");

fn main() {}
