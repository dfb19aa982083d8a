pbx_macros::specs!("../specs/example_format_not_spoken");

fn main() {}
