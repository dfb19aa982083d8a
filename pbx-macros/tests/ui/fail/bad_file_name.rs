pbx_macros::specs!("../specs/bad_file_name");

fn main() {}
