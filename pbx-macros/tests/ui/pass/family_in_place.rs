// `family!` expands one family folder in place: its endpoints, `Api`, `ErrorCode` and its own
// registry sit where the macro is called.

mod openvox {
    pbx_macros::family!("../specs/pass_openvox/openvox");
}

use pbx_api::wire::{Endpoint, ErrorCode, Format};

fn main() {
    let request = openvox::extension::dial_outbound::Request::new("101", "16103");
    let body = Endpoint::encode(&request, Format::Json).unwrap();
    assert_eq!(String::from_utf8(body).unwrap(), r#"{"extid":"101","outto":"16103"}"#);
    assert_eq!(openvox::ENDPOINTS.len(), 1);
    assert_eq!(openvox::ENDPOINTS[0].id, "openvox::extension::dial_outbound");
    let code = openvox::ErrorCode::from_code("10024");
    assert_eq!(code.code(), "10024");
}
