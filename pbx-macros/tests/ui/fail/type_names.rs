pbx_macros::specs!("../specs/type_names");

fn main() {}
