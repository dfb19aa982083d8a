pbx_macros::specs!("../specs/session_refresh_expiry_without_refresh");

fn main() {}
