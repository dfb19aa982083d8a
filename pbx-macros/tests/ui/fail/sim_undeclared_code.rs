pbx_macros::specs!("../specs/sim_undeclared_code");

fn main() {}
