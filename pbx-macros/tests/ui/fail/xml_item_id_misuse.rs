pbx_macros::specs!("../specs/xml_item_id_misuse");

fn main() {}
