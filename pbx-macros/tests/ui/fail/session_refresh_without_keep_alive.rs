pbx_macros::specs!("../specs/session_refresh_without_keep_alive");

fn main() {}
