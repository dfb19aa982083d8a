//! Spec constraints are checked before anything is sent, with errors that name the parameter
//! and say what is wrong.

use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox};

fn reason<E: Endpoint>(request: &E, format: Format) -> String {
    request.encode(format).unwrap_err().to_string()
}

#[test]
fn switchvox_constraints() {
    use switchvox::call::Request;
    let ok = Request::new("*97#", "301", "1106");
    assert!(ok.encode(Format::Xml).is_ok());
    assert_eq!(
        reason(&Request::new("12a4", "301", "1106"), Format::Xml),
        "invalid parameter `dial_first`: character 'a' at position 3 of `12a4` is not allowed (allowed: 0-9*#)"
    );
    assert_eq!(
        reason(&ok.clone().timeout(1000), Format::Xml),
        "invalid parameter `timeout`: 1000 is not between 0 and 999"
    );
    assert_eq!(
        reason(
            &ok.clone().caller_id_name("A name that is far too long"),
            Format::Json
        ),
        "invalid parameter `caller_id_name`: is 27 characters long; at most 20 are allowed"
    );
    assert_eq!(
        reason(&ok.clone().caller_id_name("Bob <script>"), Format::Xml),
        "invalid parameter `caller_id_name`: character '<' at position 5 of `Bob <script>` is not allowed (allowed: A-Za-z0-9 _&)"
    );
    assert_eq!(
        reason(&ok.clone().variables(["balance=1", "oops"]), Format::Xml),
        "invalid parameter `variables[1]`: `oops` is not of the form NAME=VALUE"
    );
    assert_eq!(
        reason(&Request::new("101", "301", "11a"), Format::Xml),
        "invalid parameter `dial_as_account_id`: character 'a' at position 3 of `11a` is not allowed (allowed: 0-9)"
    );
    // `&` is allowed in caller id names and escaped on the wire.
    let body = ok
        .clone()
        .caller_id_name("Tom & Jerry")
        .encode(Format::Xml)
        .unwrap();
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("<caller_id_name>Tom &amp; Jerry</caller_id_name>")
    );
}

#[test]
fn blank_required_values_and_control_characters_are_refused() {
    use openvox::extension::dial_outbound::Request;
    assert_eq!(
        reason(&Request::new("", "16103"), Format::Json),
        "invalid parameter `extid`: is required and must not be blank"
    );
    assert_eq!(
        reason(&Request::new("101", "16\u{1}103"), Format::Xml),
        "invalid parameter `outto`: character U+0001 at byte 2 cannot be sent"
    );
    assert_eq!(
        reason(&Request::new("101", "1610 3"), Format::Xml),
        "invalid parameter `outto`: character ' ' at position 5 of `1610 3` is not allowed (allowed: 0-9*#+)"
    );
}

#[test]
fn injection_through_values_cannot_change_the_request() {
    use openvox::outbound::query::Request;
    // The query string is built from the spec and the token only; a token with `&` is escaped.
    let http = Request::new()
        .to_http(Format::Json, "abc&type=xml")
        .unwrap();
    assert_eq!(
        http.path_and_query,
        "/api/v0.0.1/outbound/query?token=abc%26type%3Dxml&type=json"
    );
    // Values that try to add XML elements are refused by the spec's character set.
    let err = reason(
        &Request::new().outboundid(["1</outboundid><x>"]),
        Format::Xml,
    );
    assert!(
        err.starts_with("invalid parameter `outboundid[0]`: character '<'"),
        "{err}"
    );
}

#[test]
fn decoding_a_request_is_strict() {
    use switchvox::call::Request;
    let unknown = br#"{"request":{"method":"switchvox.call","parameters":{"dial_first":"1","dial_second":"2","dial_as_account_id":"3","colour":"red"}}}"#;
    assert_eq!(
        Request::decode(Format::Json, unknown)
            .unwrap_err()
            .to_string(),
        "field `colour`: not a parameter of this endpoint"
    );
    let missing = br#"<request method="switchvox.call"><parameters><dial_first>1</dial_first></parameters></request>"#;
    assert_eq!(
        Request::decode(Format::Xml, missing)
            .unwrap_err()
            .to_string(),
        "field `dial_second`: required but absent"
    );
    let wrong_method = br#"<request method="switchvox.users.call"><parameters/></request>"#;
    assert!(Request::decode(Format::Xml, wrong_method).is_err());
    let out_of_range = br#"<request method="switchvox.call"><parameters><dial_first>1</dial_first><dial_second>2</dial_second><dial_as_account_id>3</dial_as_account_id><timeout>5000</timeout></parameters></request>"#;
    assert_eq!(
        Request::decode(Format::Xml, out_of_range)
            .unwrap_err()
            .to_string(),
        "field `timeout`: 5000 is not between 0 and 999"
    );
}

#[test]
fn malformed_responses_are_decode_errors() {
    use openvox::outbound::query::Request;
    let cases: &[(Format, &[u8])] = &[
        (Format::Json, b""),
        (Format::Json, b"{\"status\":\"Succ"),
        (Format::Json, b"[1,2]"),
        (Format::Json, b"{\"status\":\"Maybe\"}"),
        (Format::Json, b"{\"outbound\":[]}"),
        (
            Format::Json,
            b"{\"status\":\"Success\",\"outbound\":[{\"outboundid\":true}]}",
        ),
        (Format::Json, b"{\"status\":\"Success\",\"outbound\":\"x\"}"),
        (
            Format::Xml,
            b"<xml><status>Success</status><outbound><from>1</from></outbound></xml>",
        ),
        (Format::Xml, b"<xml><status>Success</status>"),
        (Format::Xml, b"\xff\xfe<xml/>"),
        (
            Format::Xml,
            b"<!DOCTYPE xml [<!ENTITY e \"x\">]><xml><status>&e;</status></xml>",
        ),
    ];
    for (format, body) in cases {
        match Request::decode_response(*format, body) {
            Err(ResponseError::Decode(e)) => assert!(!e.to_string().is_empty()),
            other => panic!("{format} {:?}: {other:?}", String::from_utf8_lossy(body)),
        }
    }
}

#[test]
fn odd_but_valid_bodies_decode_faithfully() {
    use openvox::extension::dial_outbound::Request;
    use pbx_api::yeastar_s::extension::dial_outbound::Request as YeastarDial;
    // A JSON number where a string is expected keeps its exact text.
    let r = YeastarDial::decode_response(
        Format::Json,
        br#"{"status":"Success","callid":1495710387.330}"#,
    )
    .unwrap();
    assert_eq!(r.callid, "1495710387.330");
    // Whitespace inside text survives XML, and `&` next to it.
    let request = switchvox::call::Request::new("101", "301", "1106").caller_id_name(" & ");
    let body = request.encode(Format::Xml).unwrap();
    assert_eq!(
        switchvox::call::Request::decode(Format::Xml, &body).unwrap(),
        request
    );
    let blank = switchvox::call::Request::new("101", "301", "1106").caller_id_name("  ");
    let body = blank.encode(Format::Xml).unwrap();
    assert_eq!(
        switchvox::call::Request::decode(Format::Xml, &body).unwrap(),
        blank
    );
    // Unlisted values stay unlisted; listed ones are never `Other`.
    use openvox::outbound::query::CallStatus;
    assert_eq!(
        CallStatus::from_wire("Talking").unwrap(),
        CallStatus::Talking
    );
    assert_eq!(
        CallStatus::from_wire("Ringing").unwrap().as_str(),
        "Ringing"
    );
    let _ = Request::new("1", "2");
}

#[test]
fn hostile_envelopes_are_decode_errors() {
    use openvox::extension::dial_outbound::Request;
    let cases: &[(Format, &[u8])] = &[
        // A top-level array whose last element claims success.
        (
            Format::Json,
            br#"[{"status":"Failed","errno":"10004"},{"status":"Success"}]"#,
        ),
        // A failure without its code.
        (Format::Json, br#"{"status":"Failed"}"#),
        // The status envelope's root is `xml`.
        (Format::Xml, b"<foo><status>Success</status></foo>"),
        // Characters XML forbids.
        (
            Format::Xml,
            b"<xml><status>Success</status><callid>a\x12b</callid></xml>",
        ),
        // A boolean where a string belongs.
        (Format::Json, br#"{"status":"Success","callid":true}"#),
        (Format::Json, br#"{"status":"Success","callid":{}}"#),
    ];
    for (format, body) in cases {
        match Request::decode_response(*format, body) {
            Err(ResponseError::Decode(_)) => {}
            other => panic!("{format} {:?}: {other:?}", String::from_utf8_lossy(body)),
        }
    }
}

#[test]
fn switchvox_error_codes_round_trip_whatever_their_spelling() {
    use pbx_api::wire::{ErrorCode as _, VendorError};
    use switchvox::call::Request;
    for code in ["10011", "007", "+5", "-2", "x1"] {
        let error = VendorError::new(switchvox::ErrorCode::from_code(code));
        for format in Format::ALL {
            let body = Request::encode_error(&error, format);
            match Request::decode_response(format, &body) {
                Err(ResponseError::Vendor(again)) => assert_eq!(again.code.code(), code),
                other => panic!(
                    "{code} {format}: {other:?} from {}",
                    String::from_utf8_lossy(&body)
                ),
            }
        }
    }
}
