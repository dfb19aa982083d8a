// Copies of real vendor pages: OpenVox's `<item id="N">` list wrappers, a lone JSON object as a
// one-item list, documented mistakes kept as printed, a JSON-only endpoint, and an S-Series
// failure without an error code.

pbx_macros::specs!("../specs/pass_examples");

use pbx_api::wire::{Decodes, Endpoint, ErrorCode as _, Format, ResponseError};

fn text(body: Vec<u8>) -> String {
    String::from_utf8(body).unwrap()
}

/// The body after its XML declaration, as the vendor's page prints it.
fn after_declaration(body: &str) -> &str {
    body.trim().split_once("?>").unwrap().1.trim_start()
}

fn queue_status() {
    use openvox::queuestatus::query::Request;
    let page = Request::META.examples[1].response.unwrap();
    let response = Request::decode_response(Format::Xml, page.as_bytes()).unwrap();
    let members = &response.queue.queuestatus.members;
    assert_eq!(members.len(), 3);
    assert_eq!(members[2].agent, "6000");
    // The `id` attributes need no field; writing numbers the items from 0 as the page does,
    // byte for byte.
    let written = text(Request::encode_response(&response, Format::Xml));
    assert_eq!(after_declaration(&written), after_declaration(page));
    // JSON has no ids.
    let json = text(Request::encode_response(&response, Format::Json));
    assert!(json.contains(r#""members":[{"agent":"102","agentstatus":"1"},"#), "{json}");
    assert!(!json.contains("\"id\""), "{json}");

    // A list of one, written as the item alone, is a one-item list.
    let lone = br#"{"status":"Success","queue":{"queuenumber":"9998","queuestatus":{"members":{"agent":"102","agentstatus":"1"},"callercount":0}}}"#;
    let response = Request::decode_response(Format::Json, lone).unwrap();
    assert_eq!(response.queue.queuestatus.members.len(), 1);
    assert_eq!(response.queue.queuestatus.members[0].agent, "102");

    // Items printed without their list element are read as the list, on every decoding path.
    let bare = br#"{"status":"Success","queue":{"queuenumber":"9998","queuestatus":{"item":{"agent":"101","agentstatus":"6"},"callercount":0}}}"#;
    let response = Request::decode_response(Format::Json, bare).unwrap();
    assert_eq!(response.queue.queuestatus.members.len(), 1);
    assert_eq!(response.queue.queuestatus.members[0].agent, "101");
    // An array is read as it is.
    let page = Request::META.examples[0].response.unwrap();
    let response = Request::decode_response(Format::Json, page.trim().as_bytes()).unwrap();
    assert_eq!(response.queue.queuestatus.members.len(), 3);
    assert_eq!(response.queue.queuestatus.callercount, 0);
}

fn mistakes() {
    use openvox::cdr::get_random;
    use openvox::extension::hold;
    let echo = &hold::Request::META.examples[2];
    let mistake = echo.mistake.as_ref().unwrap();
    assert_eq!(mistake.decodes, Decodes::Error);
    match hold::Request::decode_response(Format::Xml, echo.response.unwrap().trim().as_bytes()) {
        Err(ResponseError::Decode(_)) => {}
        other => panic!("{other:?}"),
    }
    assert!(hold::Request::META.examples[0].mistake.is_none());

    let broken = &get_random::Request::META.examples[0];
    assert_eq!(broken.mistake.as_ref().unwrap().decodes, Decodes::Error);
    assert!(get_random::Request::decode(Format::Json, broken.request.unwrap().as_bytes()).is_err());

    // JSON only: asked for XML, the request is refused before anything is sent.
    let request = get_random::Request::new("all", "2020-05-18 00:00:00", "2020-05-20 23:59:59");
    assert_eq!(get_random::Request::META.formats, &[Format::Json]);
    assert!(request.to_http(Format::Xml, "t").is_err());
    assert!(request.to_http(Format::Json, "t").is_ok());
}

fn failure_without_a_code() {
    use yeastar_s::sms::send::Request;
    let body = br#"{"action":"sms-send","status":"Failed","smsid":"18396210850-1502874159"}"#;
    let error = match Request::decode_response(Format::Json, body) {
        Err(ResponseError::Vendor(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(error.code, yeastar_s::ErrorCode::Unspecified);
    assert_eq!(error.code.code(), "");
    assert_eq!(error.field("action"), Some("sms-send"));
    assert_eq!(error.field("smsid"), Some("18396210850-1502874159"));
    assert_eq!(
        error.to_string(),
        r#"PBX error without a code: action = "sms-send", smsid = "18396210850-1502874159""#
    );
    let written = text(Request::encode_error(&error, Format::Json));
    assert_eq!(
        written,
        r#"{"status":"Failed","action":"sms-send","smsid":"18396210850-1502874159"}"#
    );
    match Request::decode_response(Format::Json, written.as_bytes()) {
        Err(ResponseError::Vendor(again)) => assert_eq!(again, error),
        other => panic!("{other:?}"),
    }
    // A coded failure is unchanged.
    match Request::decode_response(Format::Json, br#"{"status":"Failed","errno":"10027"}"#) {
        Err(ResponseError::Vendor(e)) => {
            assert_eq!(e.code, yeastar_s::ErrorCode::GsmModuleBusy);
            assert!(e.detail.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

fn main() {
    queue_status();
    mistakes();
    failure_without_a_code();
}
