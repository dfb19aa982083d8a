pbx_macros::specs!("../specs/sim_list_not_a_list");

fn main() {}
