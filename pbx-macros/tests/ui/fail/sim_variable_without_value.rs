pbx_macros::specs!("../specs/sim_variable_without_value");

fn main() {}
