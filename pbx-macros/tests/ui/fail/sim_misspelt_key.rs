pbx_macros::specs!("../specs/sim_misspelt_key");

fn main() {}
