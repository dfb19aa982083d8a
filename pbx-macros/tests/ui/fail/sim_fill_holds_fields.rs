pbx_macros::specs!("../specs/sim_fill_holds_fields");

fn main() {}
