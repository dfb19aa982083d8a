pbx_macros::specs!("../specs/sim_group_without_calls");

fn main() {}
