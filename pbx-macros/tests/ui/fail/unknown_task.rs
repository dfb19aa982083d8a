pbx_macros::specs!("../specs/unknown_task");

fn main() {}
