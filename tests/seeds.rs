//! Each seed document's request, built through the generated types, against the body the seed
//! prints; each seed's response decoded into the typed response, failures included.

use pbx_api::prelude::*;
use pbx_api::{openvox, switchvox, yeastar_s, yeastar_v2};
use pbx_tests::{same_body, trim};

const OPENVOX_TOKEN: &str = "813b621cfe8eecf445a2ce1f4a079ffe";

fn assert_same(format: Format, ours: &[u8], theirs: &str) {
    if let Err(diff) = same_body(format, ours, theirs.as_bytes()) {
        panic!("{diff}\nours: {}", String::from_utf8_lossy(ours));
    }
}

mod seed_000_openvox_dial_outbound {
    use super::*;
    use openvox::extension::dial_outbound::{Request, Response};

    const JSON_REQUEST: &str =
        "{\n\t\"extid\":\"101\",\n\t\"outto\":\"16103\",\n\t\"autoanswer\":\"no\"\n}";
    const XML_REQUEST: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n\t<extid>101</extid>\n\t<outto>16103</outto>\n\t<autoanswer>no</autoanswer>\n</xml>";

    fn request() -> Request {
        Request::new("101", "16103").autoanswer(false)
    }

    #[test]
    fn json_request_matches_the_seed() {
        let http = request().to_http(Format::Json, OPENVOX_TOKEN).unwrap();
        assert_eq!(http.method, "POST");
        assert_eq!(
            http.path_and_query,
            "/api/v0.0.1/extension/dial_outbound?token=813b621cfe8eecf445a2ce1f4a079ffe&type=json"
        );
        assert_eq!(http.content_type, "application/json; charset=utf-8");
        assert_same(Format::Json, &http.body, JSON_REQUEST);
        assert_eq!(
            http.body,
            br#"{"extid":"101","outto":"16103","autoanswer":"no"}"#
        );
    }

    #[test]
    fn xml_request_is_byte_for_byte_the_seed() {
        let http = request().to_http(Format::Xml, OPENVOX_TOKEN).unwrap();
        assert_eq!(
            http.path_and_query,
            "/api/v0.0.1/extension/dial_outbound?token=813b621cfe8eecf445a2ce1f4a079ffe&type=xml"
        );
        assert_eq!(http.content_type, "application/xml; charset=utf-8");
        assert_eq!(String::from_utf8(http.body).unwrap(), XML_REQUEST);
    }

    #[test]
    fn responses_decode_in_both_formats() {
        let json = Request::decode_response(Format::Json, b"{\n    \"status\": \"Success\"\n}");
        assert_eq!(json.unwrap(), Response::new());
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n    <status>Success</status>\n</xml>\n";
        assert_eq!(
            Request::decode_response(Format::Xml, xml.as_bytes()).unwrap(),
            Response::new()
        );
    }

    #[test]
    fn the_failure_envelope_is_a_typed_vendor_error() {
        let err = Request::decode_response(Format::Json, br#"{"status":"Failed","errno":"10024"}"#)
            .unwrap_err();
        let ResponseError::Vendor(err) = err else {
            panic!("{err:?}")
        };
        assert_eq!(err.code, openvox::ErrorCode::NoOutboundPermission);
        assert_eq!(
            err.to_string(),
            "PBX error 10024: The extension does not have outbound call permission"
        );
        let xml = b"<xml><status>Failed</status><errno>99999</errno></xml>";
        let ResponseError::Vendor(err) = Request::decode_response(Format::Xml, xml).unwrap_err()
        else {
            panic!("not a vendor error")
        };
        assert!(matches!(&err.code, openvox::ErrorCode::Unknown(code) if code.as_str() == "99999"));
        assert!(
            err.to_string()
                .contains("not in the vendor's documented error table")
        );
    }

    #[test]
    fn requests_decode_from_the_seed_bodies() {
        assert_eq!(
            Request::decode(Format::Json, JSON_REQUEST.as_bytes()).unwrap(),
            request()
        );
        assert_eq!(
            Request::decode(Format::Xml, XML_REQUEST.as_bytes()).unwrap(),
            request()
        );
    }
}

mod seed_001_yeastar_s_dial_outbound {
    use super::*;
    use yeastar_s::extension::dial_outbound::{Request, Response};

    #[test]
    fn request_matches_the_seed() {
        let request = Request::new("1002", "41000").autoanswer(false);
        let http = request
            .to_http(Format::Json, "285f99b2221c6b8c12d52eba3a88a5f7")
            .unwrap();
        assert_eq!(
            http.path_and_query,
            "/api/v1.0.0/extension/dial_outbound?token=285f99b2221c6b8c12d52eba3a88a5f7"
        );
        assert_same(
            Format::Json,
            &http.body,
            r#"{"extid": "1002","outto": "41000","autoanswer":"no"}"#,
        );
    }

    #[test]
    fn response_carries_the_call_id() {
        let response = Request::decode_response(
            Format::Json,
            br#"{"status":"Success","callid":"1495710387.333"}"#,
        )
        .unwrap();
        assert_eq!(response, Response::new("1495710387.333"));
    }

    #[test]
    fn the_seeds_error_codes_are_typed_and_100024_is_read_as_10024() {
        for (code, expected) in [
            ("10004", yeastar_s::ErrorCode::RequiredParameterBlank),
            ("10006", yeastar_s::ErrorCode::ExtensionNotFound),
            ("10024", yeastar_s::ErrorCode::NoOutboundPermission),
            ("30001", yeastar_s::ErrorCode::ApiCodeError),
        ] {
            let body = format!(r#"{{"status":"Failed","errno":"{code}"}}"#);
            match Request::decode_response(Format::Json, body.as_bytes()) {
                Err(ResponseError::Vendor(e)) => assert_eq!(e.code, expected),
                other => panic!("{code}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_success_without_the_promised_call_id_is_a_decode_error() {
        let err = Request::decode_response(Format::Json, br#"{"status":"Success"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "undecodable response: field `callid`: required but absent"
        );
    }

    #[test]
    fn xml_is_refused_before_sending() {
        let err = Request::new("1002", "41000")
            .encode(Format::Xml)
            .unwrap_err();
        assert_eq!(err.param(), "format");
    }
}

mod seed_002_yeastar_v2_call_dial {
    use super::*;
    use yeastar_v2::call::dial::{Request, Response};

    #[test]
    fn request_matches_the_seed() {
        let http = Request::new("1023", "2000")
            .autoanswer(false)
            .to_http(Format::Json, "55e169f41421df602d41a08c441bc948")
            .unwrap();
        assert_eq!(
            http.path_and_query,
            "/api/v2.0.0/call/dial?token=55e169f41421df602d41a08c441bc948"
        );
        // The seed prints the members without their braces; the wire has them.
        assert_same(
            Format::Json,
            &http.body,
            "{\n\t\"caller\": \"1023\",\n\t\"callee\": \"2000\",\n\t\"autoanswer\": \"no\"\n}",
        );
    }

    #[test]
    fn dial_permission_is_sent_when_set() {
        let body = Request::new("6400", "5503301")
            .dialpermission("1000")
            .encode(Format::Json)
            .unwrap();
        assert_eq!(
            body,
            br#"{"caller":"6400","callee":"5503301","dialpermission":"1000"}"#
        );
    }

    #[test]
    fn response_carries_the_call_id() {
        let body = "{\n\t\"status\": \"Success\",\n\t\"callid\": \"1571620483.18\"\n}";
        assert_eq!(
            Request::decode_response(Format::Json, body.as_bytes()).unwrap(),
            Response::new("1571620483.18")
        );
    }
}

mod seed_003_openvox_outbound_query {
    use super::*;
    use openvox::outbound::query::{CallStatus, OutboundCall, Request};

    fn call(id: &str, to: &str, status: CallStatus) -> OutboundCall {
        OutboundCall::new(id, "66666", to, "to-18-16-2", status)
    }

    #[test]
    fn requests_match_the_seed() {
        let request = Request::new().outboundid(["1495705009.316"]);
        let json = request
            .to_http(Format::Json, "1e3b3ebb6a974cb42ed31de5413df52d")
            .unwrap();
        assert_eq!(
            json.path_and_query,
            "/api/v0.0.1/outbound/query?token=1e3b3ebb6a974cb42ed31de5413df52d&type=json"
        );
        assert_same(
            Format::Json,
            &json.body,
            "{\n    \"outboundid\": \"1495705009.316\"\n}",
        );
        let xml = request.encode(Format::Xml).unwrap();
        assert_same(
            Format::Xml,
            &xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n    <outboundid>1495705009.316</outboundid>\n</xml>",
        );
        assert_eq!(Request::new().encode(Format::Json).unwrap(), b"{}");
    }

    fn decode(format: Format, body: &str) -> Vec<OutboundCall> {
        Request::decode_response(format, trim(body.as_bytes()))
            .unwrap_or_else(|e| panic!("{e}"))
            .outbound
    }

    #[test]
    fn zero_one_and_several_calls_in_json() {
        assert_eq!(
            decode(Format::Json, r#"{"status":"Success","outbound":[]}"#),
            vec![]
        );
        assert_eq!(decode(Format::Json, r#"{"status":"Success"}"#), vec![]);
        let one = r#"{"status":"Success","outbound":[{"outboundid":"1589881535.982","from":"66666","to":"103","trunk":"to-18-16-2","status":"Talking"}]}"#;
        assert_eq!(
            decode(Format::Json, one),
            vec![call("1589881535.982", "103", CallStatus::Talking)]
        );
        let two = r#"{"status":"Success","outbound":[
            {"outboundid":"1","from":"66666","to":"103","trunk":"to-18-16-2","status":"Talking"},
            {"outboundid":"2","from":"66666","to":"104","trunk":"to-18-16-2","status":"Ringing"}]}"#;
        assert_eq!(
            decode(Format::Json, two),
            vec![
                call("1", "103", CallStatus::Talking),
                call("2", "104", CallStatus::from_wire("Ringing").unwrap()),
            ]
        );
    }

    #[test]
    fn zero_one_and_several_calls_in_xml() {
        let item = |id: &str, to: &str| {
            format!(
                "<outbound><outboundid>{id}</outboundid><from>66666</from><to>{to}</to><trunk>to-18-16-2</trunk><status>Talking</status></outbound>"
            )
        };
        let body = |items: &str| {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n\t<status>Success</status>{items}</xml>"
            )
        };
        assert_eq!(decode(Format::Xml, &body("")), vec![]);
        assert_eq!(
            decode(Format::Xml, &body(&item("1", "103"))),
            vec![call("1", "103", CallStatus::Talking)]
        );
        let three = format!(
            "{}{}{}",
            item("1", "103"),
            item("2", "104"),
            item("3", "105")
        );
        assert_eq!(decode(Format::Xml, &body(&three)).len(), 3);
    }

    #[test]
    fn the_seed_response_decodes_in_both_formats() {
        let json = "{\n    \"status\": \"Success\",\n    \"outbound\": [\n        {\n            \"outboundid\": \"1589881535.982\",\n            \"from\": \"66666\",\n            \"to\": \"103\",\n            \"trunk\": \"to-18-16-2\",\n            \"status\": \"Talking\"\n        }\n    ]\n}";
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n\t<status>Success</status>\n\t<outbound>\n\t\t<outboundid>1589881535.982</outboundid>\n\t\t<from>66666</from>\n\t\t<to>103</to>\n\t\t<trunk>to-18-16-2</trunk>\n\t\t<status>Talking</status>\n\t</outbound>\n</xml>";
        let expected = vec![call("1589881535.982", "103", CallStatus::Talking)];
        assert_eq!(decode(Format::Json, json), expected);
        assert_eq!(decode(Format::Xml, xml), expected);
    }

    #[test]
    fn awkward_text_is_escaped_and_survives_both_formats() {
        use pbx_api::wire::Endpoint as _;
        let mut tricky = call("1", "<103> & \"104\" 'x' 中文 ☎", CallStatus::Talking);
        tricky.trunk = "a\\b\nc\td".into();
        let response = pbx_api::openvox::outbound::query::Response::new().outbound(vec![tricky]);
        for format in Format::ALL {
            let body = Request::encode_response(&response, format);
            let again = Request::decode_response(format, &body).unwrap();
            assert_eq!(
                again,
                response,
                "{format}: {}",
                String::from_utf8_lossy(&body)
            );
        }
        let xml = Request::encode_response(&response, Format::Xml);
        let xml = String::from_utf8(xml).unwrap();
        assert!(
            xml.contains("<to>&lt;103&gt; &amp; \"104\" 'x' 中文 ☎</to>"),
            "{xml}"
        );
    }
}

mod seed_004_switchvox_call {
    use super::*;
    use switchvox::call::{CallInfo, IvrVariable, Request, Response};

    #[test]
    fn the_vendor_example_request_in_xml() {
        let request = Request::new("101", "301", "1106");
        let http = request.to_http(Format::Xml, "").unwrap();
        assert_eq!(http.path_and_query, "/xml");
        assert_same(
            Format::Xml,
            &http.body,
            "<request method=\"switchvox.call\"><parameters><dial_first>101</dial_first><dial_second>301</dial_second><dial_as_account_id>1106</dial_as_account_id></parameters></request>",
        );
    }

    #[test]
    fn every_parameter_in_both_formats() {
        let request = Request::new("15551112222", "800", "1106")
            .caller_id_name("David Podolsky")
            .variables(["balance=300"])
            .timeout(45)
            .ignore_user_api_settings(true)
            .ignore_user_call_rules(false)
            .timeout_second_call(20)
            .auto_answer(true);
        let xml = request.encode(Format::Xml).unwrap();
        assert_same(
            Format::Xml,
            &xml,
            "<request method=\"switchvox.call\"><parameters>\
             <dial_first>15551112222</dial_first><dial_second>800</dial_second>\
             <dial_as_account_id>1106</dial_as_account_id><caller_id_name>David Podolsky</caller_id_name>\
             <variables><variable>balance=300</variable></variables><timeout>45</timeout>\
             <ignore_user_api_settings>1</ignore_user_api_settings><ignore_user_call_rules>0</ignore_user_call_rules>\
             <timeout_second_call>20</timeout_second_call><auto_answer>1</auto_answer></parameters></request>",
        );
        let json = request.to_http(Format::Json, "").unwrap();
        assert_eq!(json.path_and_query, "/json");
        assert_same(
            Format::Json,
            &json.body,
            r#"{"request":{"method":"switchvox.call","parameters":{"dial_first":"15551112222","dial_second":"800",
               "dial_as_account_id":"1106","caller_id_name":"David Podolsky","variables":["balance=300"],
               "timeout":"45","ignore_user_api_settings":"1","ignore_user_call_rules":"0",
               "timeout_second_call":"20","auto_answer":"1"}}}"#,
        );
        for format in Format::ALL {
            let body = request.encode(format).unwrap();
            assert_eq!(Request::decode(format, &body).unwrap(), request);
        }
    }

    #[test]
    fn attributes_decode_with_and_without_the_variables_wrapper() {
        let expected = Response::new(
            CallInfo::new("915551112222", "800")
                .variables(vec![IvrVariable::new("3", "balance", "exists")]),
        );
        let seed = "<response method=\"switchvox.call\"><result><call_info dialed_first=\"915551112222\" dialed_second=\"800\" ><ivr_variable id=\"3\" name=\"balance\" status=\"exists\" /></call_info></result></response>";
        let vendor = "<response method=\"switchvox.call\"><result><call_info dialed_first=\"915551112222\" dialed_second=\"800\"><variables><ivr_variable id=\"3\" name=\"balance\" status=\"exists\"/></variables></call_info></result></response>";
        assert_eq!(
            Request::decode_response(Format::Xml, seed.as_bytes()).unwrap(),
            expected
        );
        assert_eq!(
            Request::decode_response(Format::Xml, vendor.as_bytes()).unwrap(),
            expected
        );
    }

    #[test]
    fn every_error_comes_back_with_its_message() {
        let body = r#"<response method="switchvox.call"><errors>
            <error code="54222" message="Invalid phone number or extension for parameter dial_first. Number must only contain digits,*,or #." />
            <error code="75233" message="Invalid timeout. Must be a number between 0 and 999." />
        </errors></response>"#;
        let Err(ResponseError::Vendor(err)) =
            Request::decode_response(Format::Xml, body.as_bytes())
        else {
            panic!("not a vendor error")
        };
        assert_eq!(err.code, switchvox::ErrorCode::InvalidPhoneNumber);
        assert!(err.message().unwrap().contains("dial_first"));
        assert_eq!(err.more.len(), 1);
        assert_eq!(err.more[0].0, switchvox::ErrorCode::InvalidTimeout);
    }
}
