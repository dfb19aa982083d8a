//! How Switchvox refuses, as the simulator answers: every bad parameter listed with the code
//! its spec names and the vendor's message, unknown methods in the error envelope with HTTP
//! 200.

mod support;

use pbx_sim::SwitchvoxAuth;
use support::raw::{self, send};
use support::switchvox::{json_errors, sim};

/// Switchvox lists every failure, each with its own code and the vendor's message (the seed's
/// error table; "Missing required parameter (dial_as_account_id)" from the vendor's example).
/// PySwitchvox reads `errors.error` as a list when there are several.
#[tokio::test]
async fn every_bad_parameter_is_listed_with_its_code() {
    let pbx = sim(SwitchvoxAuth::Basic).await;
    let headers = [
        ("Content-Type", "application/json".to_owned()),
        ("Authorization", raw::basic()),
    ];
    let three = r#"{"request":{"method":"switchvox.call","parameters":{"dial_first":"10a","dial_second":"301","timeout":5000}}}"#;
    let reply = send(pbx.addr(), "POST", "/json", &headers, three.as_bytes()).await;
    assert_eq!(reply.status, 200);
    let (errors, array) = json_errors(&reply);
    assert!(array, "several errors are an array: {}", reply.body);
    let expected = [
        (
            "54222",
            "Invalid phone number or extension for parameter dial_first. Number must only contain digits,*,or #.",
        ),
        ("10011", "Missing required parameter (dial_as_account_id)"),
        (
            "75233",
            "Invalid timeout. Must be a number between 0 and 999.",
        ),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(c, m)| (c.to_string(), m.to_string()))
        .collect();
    assert_eq!(errors, expected);

    // One code per constraint, one error each.
    for (param, value, code, message) in [
        (
            "dial_as_account_id",
            "11a6",
            "10014",
            "Invalid account_id. Account_ids may only contain digits.",
        ),
        (
            "caller_id_name",
            "Bob<script>",
            "35561",
            "Invalid caller id name. Caller id name may only contain alphanumeric characters,spaces,_,or &.",
        ),
        (
            "ignore_user_call_rules",
            "2",
            "17769",
            "Invalid ignore_user_call_rules. Value must be either a 1 or a 0.",
        ),
    ] {
        let body = format!(
            r#"{{"request":{{"method":"switchvox.call","parameters":{{"dial_first":"101","dial_second":"301","dial_as_account_id":"1106","{param}":"{value}"}}}}}}"#
        )
        .replace(r#""dial_as_account_id":"1106","dial_as_account_id""#, r#""dial_as_account_id""#);
        let reply = send(pbx.addr(), "POST", "/json", &headers, body.as_bytes()).await;
        let (errors, array) = json_errors(&reply);
        assert_eq!(errors, [(code.to_owned(), message.to_owned())], "{param}");
        assert!(!array, "{}", reply.body);
    }
    let variables = r#"<request method="switchvox.call"><parameters><dial_first>101</dial_first><dial_second>301</dial_second><dial_as_account_id>1106</dial_as_account_id><variables><variable>balance</variable></variables></parameters></request>"#;
    let reply = send(
        pbx.addr(),
        "POST",
        "/xml",
        &headers[1..],
        variables.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.body.contains(r#"<error code="84904" message="Invalid variable format for parameter. Variable format must be VARIABLE_NAME=VARIABLE_VALUE."/>"#),
        "{}",
        reply.body
    );
    assert!(pbx.calls().is_empty());
}

/// An authenticated request naming a method the PBX does not have is answered with HTTP 200
/// and the error envelope, in the format of the URL, echoing the method.
#[tokio::test]
async fn an_unknown_method_is_an_error_envelope() {
    let pbx = sim(SwitchvoxAuth::Basic).await;
    let auth = [("Authorization", raw::basic())];
    let xml = "<request method=\"switchvox.nosuch.thing\"><parameters/></request>";
    let reply = send(pbx.addr(), "POST", "/xml", &auth, xml.as_bytes()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply
            .body
            .contains("<response method=\"switchvox.nosuch.thing\">"),
        "{}",
        reply.body
    );
    assert!(
        reply
            .body
            .contains("<error code=\"10013\" message=\"Invalid number of parameters\"/>"),
        "{}",
        reply.body
    );
    let json = r#"{"request":{"method":"switchvox.nosuch.thing","parameters":{}},"version":"1"}"#;
    let reply = send(pbx.addr(), "POST", "/json", &auth, json.as_bytes()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(json_errors(&reply).0[0].0, "10013");
    // An empty body with credentials, and a browser's GET (the vendor's connectivity check:
    // "Switchvox returns an XML response ... an error that your request XML was empty").
    for method in ["POST", "GET"] {
        let reply = send(pbx.addr(), method, "/xml", &auth, b"").await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert!(reply.body.contains("<errors>"), "{}", reply.body);
    }
}
