pbx_macros::specs!("../specs/query_object");

fn main() {}
