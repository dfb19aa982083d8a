pbx_macros::specs!("../specs/int_default_out_of_range");

fn main() {}
