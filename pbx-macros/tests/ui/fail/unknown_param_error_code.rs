pbx_macros::specs!("../specs/unknown_param_error_code");

fn main() {}
