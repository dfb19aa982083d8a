pbx_macros::specs!("../specs/pagination_unknown_field");

fn main() {}
