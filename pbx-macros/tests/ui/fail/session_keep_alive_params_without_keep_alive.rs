pbx_macros::specs!("../specs/session_keep_alive_params_without_keep_alive");

fn main() {}
