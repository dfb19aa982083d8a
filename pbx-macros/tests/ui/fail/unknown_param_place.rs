pbx_macros::specs!("../specs/unknown_param_place");

fn main() {}
