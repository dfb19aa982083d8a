pbx_macros::specs!("../specs/two_mistakes");

fn main() {}
