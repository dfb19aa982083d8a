pbx_macros::specs!("../specs/sim_unknown_action");

fn main() {}
