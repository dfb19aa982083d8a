pbx_macros::specs!("../specs/sim_unknown_response_field");

fn main() {}
