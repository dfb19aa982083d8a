pbx_macros::specs!("../specs/non_numeric_error_code");

fn main() {}
