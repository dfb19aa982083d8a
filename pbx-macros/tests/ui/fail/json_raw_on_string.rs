pbx_macros::specs!("../specs/json_raw_on_string");

fn main() {}
