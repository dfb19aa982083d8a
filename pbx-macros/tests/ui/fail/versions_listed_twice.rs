pbx_macros::specs!("../specs/versions_listed_twice");

fn main() {}
