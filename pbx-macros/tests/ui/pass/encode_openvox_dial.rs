// A spec folder holding a copy of one real endpoint compiles, and the generated `Request`
// encodes as the spec says.

pbx_macros::specs!("../specs/pass_openvox");

use pbx_api::wire::{Endpoint, Format};

use openvox::extension::dial_outbound;

fn main() {
    let request = dial_outbound::Request::new("101", "16103");
    let body = Endpoint::encode(&request, Format::Json).unwrap();
    assert_eq!(String::from_utf8(body).unwrap(), r#"{"extid":"101","outto":"16103"}"#);

    let request = request.autoanswer(false);
    let body = Endpoint::encode(&request, Format::Json).unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"extid":"101","outto":"16103","autoanswer":"no"}"#
    );

    let body = Endpoint::encode(&request, Format::Xml).unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n\
         <xml>\n\
         \t<extid>101</extid>\n\
         \t<outto>16103</outto>\n\
         \t<autoanswer>no</autoanswer>\n\
         </xml>"
    );

    // The spec's constraints are checked before encoding: `extid` takes digits only.
    let bad = dial_outbound::Request::new("10a", "16103");
    assert!(Endpoint::encode(&bad, Format::Json).is_err());
}
