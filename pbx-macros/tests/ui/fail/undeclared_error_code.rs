pbx_macros::specs!("../specs/undeclared_error_code");

fn main() {}
