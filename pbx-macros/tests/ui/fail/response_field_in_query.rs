pbx_macros::specs!("../specs/response_field_in_query");

fn main() {}
