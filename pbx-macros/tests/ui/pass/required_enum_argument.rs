// A required enum parameter of an endpoint in a folder: the generated client method, outside
// the endpoint's module, names the enum through it (`call::transfer::TransferType`).

mod demo {
    pbx_macros::family!("../specs/pass_required_enum/demo");
}

use pbx_api::wire::{Endpoint, Format};

fn main() {
    let request = demo::call::transfer::Request::new(demo::call::transfer::TransferType::Attended);
    let body = Endpoint::encode(&request, Format::Json).unwrap();
    assert_eq!(String::from_utf8(body).unwrap(), r#"{"type":"attended"}"#);
}
