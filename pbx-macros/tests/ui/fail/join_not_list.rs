pbx_macros::specs!("../specs/join_not_list");

fn main() {}
