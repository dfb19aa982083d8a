pbx_macros::specs!("../specs/pagination_not_integer");

fn main() {}
