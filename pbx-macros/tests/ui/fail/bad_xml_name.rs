pbx_macros::specs!("../specs/bad_xml_name");

fn main() {}
