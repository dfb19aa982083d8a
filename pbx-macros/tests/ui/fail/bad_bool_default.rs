pbx_macros::specs!("../specs/bad_bool_default");

fn main() {}
