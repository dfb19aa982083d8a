pbx_macros::specs!("../specs/example_mistake_matches");

fn main() {}
