pbx_macros::specs!("../specs/sim_period_without_records");

fn main() {}
