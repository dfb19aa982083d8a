pbx_macros::specs!("../specs/example_mistake_keys");

fn main() {}
