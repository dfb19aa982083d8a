//! Hostile and broken PBX answers, each with the typed error it must give: never a panic,
//! never a wrong value taken for a right one.

use pbx_api::prelude::*;
use pbx_api::wire::DecodeErrorKind;
use pbx_api::{openvox, switchvox, yeastar_s};

type Dial = yeastar_s::extension::dial_outbound::Request;
type Query = openvox::outbound::query::Request;

fn decode_error<E: Endpoint>(format: Format, body: &[u8]) -> DecodeErrorKind {
    match E::decode_response(format, body) {
        Err(ResponseError::Decode(e)) => e.kind,
        other => panic!(
            "{:?}: expected a decode error, got {other:?}",
            String::from_utf8_lossy(body)
        ),
    }
}

#[test]
fn xml_doctype_and_entities_are_refused_without_expansion() {
    let billion_laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><status>Success</status><outbound><outboundid>&lol3;</outboundid></outbound></xml>"#;
    assert!(matches!(
        decode_error::<Query>(Format::Xml, billion_laughs),
        DecodeErrorKind::Forbidden(_)
    ));
    let xxe = br#"<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><status>&x;</status></xml>"#;
    assert!(matches!(
        decode_error::<Query>(Format::Xml, xxe),
        DecodeErrorKind::Forbidden(_)
    ));
    let undeclared = b"<xml><status>Success</status><outbound><from>&x;</from></outbound></xml>";
    assert!(matches!(
        decode_error::<Query>(Format::Xml, undeclared),
        DecodeErrorKind::Forbidden(_)
    ));
}

#[test]
fn deep_nesting_is_cut_off() {
    let json = format!(
        "{{\"status\":\"Success\",\"outbound\":{}1{}}}",
        "[{\"a\":".repeat(5000),
        "}]".repeat(5000)
    );
    assert!(!matches!(
        decode_error::<Query>(Format::Json, json.as_bytes()),
        DecodeErrorKind::Missing
    ));
    let xml = format!(
        "<xml><status>Success</status>{}{}</xml>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    assert_eq!(
        decode_error::<Query>(Format::Xml, xml.as_bytes()),
        DecodeErrorKind::TooDeep
    );
}

#[test]
fn a_huge_flat_body_decodes_in_bounded_work() {
    // 200,000 calls: decoded, not refused, and not quadratic (this test would time out).
    let mut body = String::from(r#"{"status":"Success","outbound":["#);
    for i in 0..200_000 {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"outboundid":"{i}.1","from":"1","to":"2","trunk":"t","status":"Talking"}}"#
        ));
    }
    body.push_str("]}");
    let response = Query::decode_response(Format::Json, body.as_bytes()).expect("valid");
    assert_eq!(response.outbound.len(), 200_000);
}

#[test]
fn invalid_utf8_is_a_decode_error_in_both_formats() {
    assert!(matches!(
        decode_error::<Dial>(Format::Json, b"{\"status\":\"Succ\xffess\"}"),
        DecodeErrorKind::InvalidUtf8(_)
    ));
    assert!(matches!(
        decode_error::<Query>(Format::Xml, b"<xml><status>\xc3\x28</status></xml>"),
        DecodeErrorKind::InvalidUtf8(_)
    ));
}

#[test]
fn wrong_json_types_are_refused() {
    let cases: &[&[u8]] = &[
        br#"{"status":"Success","callid":true}"#,
        br#"{"status":"Success","callid":{"id":"1"}}"#,
        br#"{"status":"Success","callid":["1","2"]}"#,
        br#"{"status":["Success"],"callid":"1"}"#,
    ];
    for body in cases {
        decode_error::<Dial>(Format::Json, body);
    }
    // A number where a string is expected is read as its exact text (vendors mix them).
    let r = Dial::decode_response(
        Format::Json,
        br#"{"status":"Success","callid":1495710387.330}"#,
    )
    .expect("lenient");
    assert_eq!(r.callid, "1495710387.330");
    // A string where an integer is expected must hold an integer.
    let list = br#"{"response":{"method":"switchvox.currentCalls.getList","result":{"current_calls":{"total_items":"two"}}}}"#;
    decode_error::<switchvox::current_calls::get_list::Request>(Format::Json, list);
}

#[test]
fn duplicate_keys_and_elements_are_refused_for_single_fields() {
    assert_eq!(
        decode_error::<Dial>(
            Format::Json,
            br#"{"status":"Success","callid":"1","callid":"2"}"#
        ),
        DecodeErrorKind::Duplicate
    );
    assert_eq!(
        decode_error::<Query>(Format::Xml, b"<xml><status>Success</status><outbound><from>1</from><from>2</from><to>3</to><trunk>t</trunk><status>Talking</status><outboundid>1</outboundid></outbound></xml>"),
        DecodeErrorKind::Duplicate
    );
}

#[test]
fn a_success_without_the_promised_fields_is_refused() {
    assert_eq!(
        decode_error::<Dial>(Format::Json, br#"{"status":"Success"}"#),
        DecodeErrorKind::Missing
    );
    assert_eq!(
        decode_error::<Query>(
            Format::Json,
            br#"{"status":"Success","outbound":[{"outboundid":"1"}]}"#
        ),
        DecodeErrorKind::Missing
    );
}

#[test]
fn injection_through_request_values_is_escaped_or_refused() {
    // XML: text is escaped, never markup.
    let request = switchvox::call::Request::new("101", "301", "1106").caller_id_name("A & B");
    let body = String::from_utf8(request.encode(Format::Xml).expect("valid")).expect("utf-8");
    assert!(body.contains("A &amp; B") && !body.contains("A & B"));
    // Characters outside the spec's set never reach the wire.
    for evil in ["1</extid><x>", "1\"}, {\"a\":\"", "1&type=xml", "1\u{0}"] {
        let request = openvox::extension::dial_outbound::Request::new(evil, "16103");
        assert!(request.encode(Format::Xml).is_err(), "{evil:?}");
        assert!(request.encode(Format::Json).is_err(), "{evil:?}");
    }
    // The query string holds only the token and format, the token percent-encoded.
    let http = Query::new()
        .to_http(Format::Json, "t&type=xml#")
        .expect("valid");
    assert_eq!(
        http.path_and_query,
        "/api/v0.0.1/outbound/query?token=t%26type%3Dxml%23&type=json"
    );
}

#[test]
fn random_bytes_never_panic_any_decoder() {
    // A small deterministic fuzz over every endpoint's response and request decoders; the
    // coverage-guided fuzz targets go much further.
    struct Every(Vec<Vec<u8>>);
    impl pbx_api::wire::EndpointVisitor for Every {
        fn visit<E: Endpoint>(&mut self) {
            for body in &self.0 {
                for format in Format::ALL {
                    let _ = E::decode_response(format, body);
                    let _ = E::decode(format, body);
                }
            }
        }
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"{}[]<>/=\":,&;#x0123456789 \n\tstatusSuccessFailederrnoxmlresponse";
    let bodies: Vec<Vec<u8>> = (0..300)
        .map(|_| {
            let len = (next() % 96) as usize;
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        })
        .collect();
    pbx_api::for_each_endpoint(&mut Every(bodies));
}

#[test]
fn inputs_the_fuzzers_crashed_on_stay_fixed() {
    // Every file in tests/fuzz-regressions is a body a fuzz target once crashed on.
    struct Every<'a>(&'a [u8]);
    impl pbx_api::wire::EndpointVisitor for Every<'_> {
        fn visit<E: Endpoint>(&mut self) {
            for format in Format::ALL {
                let _ = E::decode_response(format, self.0);
                let _ = E::decode(format, self.0);
            }
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the regressions folder") {
        let body = std::fs::read(entry.expect("an entry").path()).expect("readable");
        pbx_api::for_each_endpoint(&mut Every(&body));
        seen += 1;
    }
    assert!(seen > 0);
}
