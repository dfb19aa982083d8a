pbx_macros::specs!("../specs/sim_unknown_direction");

fn main() {}
