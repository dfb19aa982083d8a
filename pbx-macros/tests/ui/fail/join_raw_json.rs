pbx_macros::specs!("../specs/join_raw_json");

fn main() {}
