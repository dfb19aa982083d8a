pbx_macros::specs!("../specs/sim_unknown_state");

fn main() {}
