pbx_macros::specs!("../specs/sim_unknown_param");

fn main() {}
