pbx_macros::specs!("../specs/body_none_with_body_params");

fn main() {}
