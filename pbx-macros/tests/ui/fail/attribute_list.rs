pbx_macros::specs!("../specs/attribute_list");

fn main() {}
