pbx_macros::specs!("../specs/sim_query_without_list");

fn main() {}
