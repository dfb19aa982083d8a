pbx_macros::specs!("../specs/sim_unknown_model_value");

fn main() {}
