//! The shapes generic HTTP clients (python-requests, browsers' `fetch`, JavaScript's
//! `JSON.stringify`) give requests to the token families, each with its source, and the
//! vendors' documented answers to them. The foreign clients themselves are in
//! `foreign_yeastar.rs`.

mod support;

use pbx_sim::{SimConfig, Simulator};
use serde_json::json;
use support::{OPENAPI_JSON, PASSWORD, REQUESTS_BARE, REQUESTS_JSON, md5_hex, py_json, send, sim};

/// An S-Series v1 login; the token.
async fn s_login(pbx: &Simulator) -> String {
    let body = format!(
        r#"{{"username":"api","password":"{}","port":"8260"}}"#,
        md5_hex(PASSWORD)
    );
    let answer = send(
        pbx.addr(),
        "POST",
        "/api/v1.0.0/login",
        REQUESTS_JSON,
        body.as_bytes(),
    )
    .await;
    assert!(answer.success(), "{answer:?}");
    answer.str("token")
}

#[tokio::test]
async fn integers_where_strings_are_specified_and_missing_optional_fields() {
    let pbx = sim().await;
    let token = s_login(&pbx).await;
    // A JavaScript client's `JSON.stringify({extid: 1002, outto: 41000})`: numbers where the
    // guide's tables say Int and its examples send strings (vendors.md C1, C2).
    let path = format!("/api/v1.0.0/extension/dial_outbound?token={token}");
    let placed = send(
        pbx.addr(),
        "POST",
        &path,
        REQUESTS_JSON,
        br#"{"extid":1002,"outto":41000}"#,
    )
    .await;
    assert!(placed.success(), "{placed:?}");
    let callid = placed.str("callid");
    // `outbound/query` without its optional `outboundid`: "Sending no parameter means query
    // all information" (help.yeastar.com/en/s-series-developer/api/api_query_outbound_calls.html),
    // here as requests' `requests.post(url)`, no body at all.
    let path = format!("/api/v1.0.0/outbound/query?token={token}");
    let listed = send(pbx.addr(), "POST", &path, REQUESTS_BARE, b"").await;
    assert!(listed.success(), "{listed:?}");
    assert_eq!(listed.json["outbound"][0]["outboundid"], callid.as_str());
    assert_eq!(listed.json["outbound"][0]["from"], "1002");
    let path = format!("/api/v1.0.0/outbound/hangup?token={token}");
    let body = py_json(&json!({"outboundid": callid}));
    let done = send(pbx.addr(), "POST", &path, REQUESTS_JSON, &body).await;
    assert!(done.success(), "{done:?}");
    assert!(pbx.calls().is_empty());
}

#[tokio::test]
async fn extra_keys_are_ignored_and_logged_unless_strict() {
    for strict in [false, true] {
        let pbx = Simulator::start(SimConfig {
            strict,
            ..SimConfig::default()
        })
        .await
        .expect("simulator");
        pbx.record_exchanges(true);
        let body = br#"{"username":"api","password":"Secret123"}"#;
        let granted = send(
            pbx.addr(),
            "POST",
            "/openapi/v1.0/get_token",
            OPENAPI_JSON,
            body,
        )
        .await;
        let token = granted.str("access_token");
        // A client that copies envelope members into the body (`errcode`, and the token
        // again beside the query's).
        let path = format!("/openapi/v1.0/call/dial?access_token={token}");
        let body =
            format!(r#"{{"caller":"1000","callee":"1001","errcode":0,"access_token":"{token}"}}"#);
        let answer = send(pbx.addr(), "POST", &path, OPENAPI_JSON, body.as_bytes()).await;
        let logged = pbx.take_exchanges();
        let dial = logged
            .iter()
            .find(|x| x.endpoint == "yeastar_p::call::dial")
            .expect("the dial in the log");
        assert_eq!(dial.ignored, ["errcode", "access_token"], "strict {strict}");
        if strict {
            assert_eq!(answer.errcode(), (40002, "PARAMETER ERROR"), "{answer:?}");
            assert!(pbx.calls().is_empty());
        } else {
            assert_eq!(answer.errcode(), (0, "SUCCESS"), "{answer:?}");
            assert_eq!(pbx.calls().len(), 1);
        }
        // The S-Series family's parameter code in strict mode.
        let token = s_login(&pbx).await;
        let path = format!("/api/v1.0.0/extension/dial_outbound?token={token}");
        let body = br#"{"extid":"1002","outto":"41000","status":"Success"}"#;
        let answer = send(pbx.addr(), "POST", &path, REQUESTS_JSON, body).await;
        assert_eq!(answer.success(), !strict, "{answer:?}");
        if strict {
            assert_eq!(answer.errno(), Some("10004"));
        }
    }
}

#[tokio::test]
async fn content_types_form_encoding_and_charsets() {
    let pbx = sim().await;
    let json_body = format!(
        r#"{{"username":"api","password":"{}","port":"8260"}}"#,
        md5_hex(PASSWORD)
    );
    // The body decides, not the label: JSON under the labels clients put on it. Browsers'
    // `fetch(url, {method: "POST", body: JSON.stringify(..)})` sends a string body as
    // `text/plain;charset=UTF-8` (https://fetch.spec.whatwg.org/#concept-bodyinit-extract);
    // requests' `data=json.dumps(..)` without headers sends no Content-Type at all.
    for content_type in [
        Some("application/json;charset=UTF-8"),
        Some("application/json; charset=utf-8"),
        Some("Application/JSON"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut headers = vec![("User-Agent", "python-requests/2.31.0")];
        headers.extend(content_type.map(|c| ("Content-Type", c)));
        let answer = send(
            pbx.addr(),
            "POST",
            "/api/v1.0.0/login",
            &headers,
            json_body.as_bytes(),
        )
        .await;
        assert!(answer.success(), "{content_type:?}: {answer:?}");
    }
    // requests' `data={'username': .., ..}` form-encodes the body
    // (https://requests.readthedocs.io/en/latest/user/quickstart/#more-complicated-post-requests):
    // "Only support json format" (20000), and not a failed login.
    let form = format!("username=api&password={}&port=8260", md5_hex(PASSWORD));
    let headers = [
        ("User-Agent", "python-requests/2.31.0"),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    for _ in 0..6 {
        let answer = send(
            pbx.addr(),
            "POST",
            "/api/v1.0.0/login",
            &headers,
            form.as_bytes(),
        )
        .await;
        assert_eq!(
            (answer.status, answer.errno()),
            (200, Some("20000")),
            "{answer:?}"
        );
    }
    let token = s_login(&pbx).await;
    assert_eq!(token.len(), 32);
}

#[tokio::test]
async fn get_logout_and_get_on_a_post_endpoint_are_refused_as_post_only() {
    let pbx = sim().await;
    let token = s_login(&pbx).await;
    // `requests.get(f"{base}/logout?token={token}")`, or a browser following a link: every
    // S-Series request is a POST; "Only support POST request" (20001), and the session stays.
    let path = format!("/api/v1.0.0/logout?token={token}");
    let answer = send(pbx.addr(), "GET", &path, REQUESTS_BARE, b"").await;
    assert_eq!(
        (answer.status, answer.errno()),
        (200, Some("20001")),
        "{answer:?}"
    );
    let path = format!("/api/v1.0.0/heartbeat?token={token}");
    let beat = send(
        pbx.addr(),
        "POST",
        &path,
        REQUESTS_JSON,
        br#"{"ipaddr":"127.0.0.1","port":"8260"}"#,
    )
    .await;
    assert!(beat.success(), "the GET did not log out: {beat:?}");
    // GET on the dial endpoint places nothing.
    let path = format!("/api/v1.0.0/extension/dial_outbound?token={token}");
    let answer = send(pbx.addr(), "GET", &path, REQUESTS_BARE, b"").await;
    assert_eq!(answer.errno(), Some("20001"), "{answer:?}");
    let path = format!("/api/v2.0.0/call/dial?token={token}");
    let answer = send(pbx.addr(), "GET", &path, REQUESTS_BARE, b"").await;
    assert_eq!(answer.errno(), Some("20001"), "{answer:?}");
    assert!(pbx.calls().is_empty());
    // POST logout ends it.
    let path = format!("/api/v1.0.0/logout?token={token}");
    assert!(
        send(pbx.addr(), "POST", &path, REQUESTS_BARE, b"")
            .await
            .success()
    );
    let path = format!("/api/v1.0.0/heartbeat?token={token}");
    let beat = send(
        pbx.addr(),
        "POST",
        &path,
        REQUESTS_JSON,
        br#"{"ipaddr":"127.0.0.1","port":"8260"}"#,
    )
    .await;
    assert_eq!(beat.errno(), Some("20004"), "{beat:?}");
}
