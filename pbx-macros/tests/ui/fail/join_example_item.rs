pbx_macros::specs!("../specs/join_example_item");

fn main() {}
