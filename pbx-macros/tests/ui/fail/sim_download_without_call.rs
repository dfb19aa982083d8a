pbx_macros::specs!("../specs/sim_download_without_call");

fn main() {}
