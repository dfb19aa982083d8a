//! How the token families turn requests away, as their PBXes do: in the family's envelope
//! with HTTP 200 (never a bare 404 under the API prefix), with the vendor's code and, where
//! the envelope has one, its message; the lockouts; the S-Series version paths.
//! Codes: the S-Series guide's appendix A (vendors.md §A2), the P-Series error table (§A3b).

mod support;

use std::time::Duration;

use pbx_sim::{SimConfig, Simulator};
use support::{md5_hex, send, sim};

const JSON: &[(&str, &str)] = &[
    ("User-Agent", "python-requests/2.31.0"),
    ("Content-Type", "application/json"),
];

fn login_body(password: &str) -> String {
    format!(r#"{{"username":"api","password":"{password}","port":"8260"}}"#)
}

async fn login(pbx: &Simulator, prefix: &str) -> String {
    let body = login_body(&md5_hex("Secret123"));
    let answer = send(
        pbx.addr(),
        "POST",
        &format!("{prefix}login"),
        JSON,
        body.as_bytes(),
    )
    .await;
    assert!(answer.success(), "{prefix}: {answer:?}");
    answer.str("token")
}

async fn p_token(pbx: &Simulator) -> String {
    let body = br#"{"username":"api","password":"Secret123"}"#;
    let answer = send(pbx.addr(), "POST", "/openapi/v1.0/get_token", JSON, body).await;
    assert_eq!(answer.errcode(), (0, "SUCCESS"), "{answer:?}");
    answer.str("access_token")
}

#[tokio::test]
async fn unknown_paths_under_the_api_prefix_are_unsupported_requests() {
    let pbx = sim().await;
    for prefix in ["/api/v1.0.0/", "/api/v2.0.0/", "/api/v0.0.1/"] {
        let token = login(&pbx, prefix).await;
        let path = format!("{prefix}no/such/thing?token={token}");
        let answer = send(pbx.addr(), "POST", &path, JSON, b"{}").await;
        assert_eq!(
            (answer.status, answer.errno()),
            (200, Some("10003")),
            "{prefix}"
        );
    }
    // OpenVox answers in the format the query asks for.
    let answer = send(
        pbx.addr(),
        "POST",
        "/api/v0.0.1/no/such?type=xml",
        JSON,
        b"<xml/>",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(
        answer.body.contains("<status>Failed</status>"),
        "{}",
        answer.body
    );
    assert!(
        answer.body.contains("<errno>10003</errno>"),
        "{}",
        answer.body
    );
    // P-Series: 10001 INTERFACE NOT EXISTED, with its name as `errmsg`.
    let token = p_token(&pbx).await;
    let path = format!("/openapi/v1.0/no/such?access_token={token}");
    let answer = send(pbx.addr(), "POST", &path, JSON, b"{}").await;
    assert_eq!(
        answer.errcode(),
        (10001, "INTERFACE NOT EXISTED"),
        "{answer:?}"
    );
    // Outside every API prefix: nothing there.
    assert_eq!(
        send(pbx.addr(), "POST", "/nothing", JSON, b"{}")
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn wrong_methods() {
    let pbx = sim().await;
    for (method, path) in [
        ("GET", "/api/v1.0.0/login"),
        ("PUT", "/api/v2.0.0/login"),
        ("DELETE", "/api/v0.0.1/logout"),
        ("HEAD", "/api/v1.1.0/heartbeat"),
    ] {
        let answer = send(pbx.addr(), method, path, JSON, b"").await;
        assert_eq!(answer.status, 200, "{method} {path}");
        if method != "HEAD" {
            assert_eq!(answer.errno(), Some("20001"), "{method} {path}: {answer:?}");
        }
    }
    // The P-Series has GET and POST endpoints; the other method is an interface it lacks.
    let token = p_token(&pbx).await;
    let dial = format!("/openapi/v1.0/call/dial?access_token={token}");
    let answer = send(pbx.addr(), "GET", &dial, JSON, b"").await;
    assert_eq!(
        answer.errcode(),
        (10001, "INTERFACE NOT EXISTED"),
        "{answer:?}"
    );
    let revoke = format!("/openapi/v1.0/del_token?access_token={token}");
    let answer = send(pbx.addr(), "POST", &revoke, JSON, b"{}").await;
    assert_eq!(
        answer.errcode(),
        (10001, "INTERFACE NOT EXISTED"),
        "{answer:?}"
    );
    assert!(pbx.calls().is_empty());
}

#[tokio::test]
async fn bodies_that_are_not_json_blank_or_blank_parameters() {
    let pbx = sim().await;
    let token = login(&pbx, "/api/v1.0.0/").await;
    let dial = format!("/api/v1.0.0/extension/dial_outbound?token={token}");
    for (body, code) in [
        (&b"extid=1002&outto=41000"[..], "20000"),
        (b"{\"extid\":\"1002\"", "20000"),
        (b"[]", "20000"),
        (b"", "20007"),
        (b"  \r\n", "20007"),
        (br#"{"outto":"41000"}"#, "10004"),
        (br#"{"extid":"","outto":"41000"}"#, "10004"),
        (br#"{"extid":"  ","outto":"41000"}"#, "10004"),
    ] {
        let answer = send(pbx.addr(), "POST", &dial, JSON, body).await;
        let shown = String::from_utf8_lossy(body);
        assert_eq!(
            (answer.status, answer.errno()),
            (200, Some(code)),
            "{shown:?}"
        );
        // The envelope is the vendor's: nothing but status and errno.
        assert_eq!(
            answer.json.as_object().map(|o| o.len()),
            Some(2),
            "{shown:?}"
        );
    }
    // OpenVox with `type=xml`: an XML body it cannot read is "Unsupported XML data packet
    // format" (10002), answered in XML.
    let token = login(&pbx, "/api/v0.0.1/").await;
    let path = format!("/api/v0.0.1/extension/dial_outbound?token={token}&type=xml");
    let answer = send(pbx.addr(), "POST", &path, JSON, b"<xml><extid>101</xml>").await;
    assert!(
        answer.body.contains("<errno>10002</errno>"),
        "{}",
        answer.body
    );
    let fine = b"<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<xml>\n<extid>101</extid>\n<outto>16103</outto>\n</xml>";
    let answer = send(pbx.addr(), "POST", &path, JSON, fine).await;
    assert!(
        answer.body.contains("<status>Success</status>"),
        "{}",
        answer.body
    );
    // P-Series: 40001 PARAMETER SYNTAX ERROR, 40002 PARAMETER ERROR.
    let token = p_token(&pbx).await;
    let dial = format!("/openapi/v1.0/call/dial?access_token={token}");
    for (body, code, message) in [
        (&b"caller=1000"[..], 40001, "PARAMETER SYNTAX ERROR"),
        (b"", 40002, "PARAMETER ERROR"),
        (br#"{"caller":"1000"}"#, 40002, "PARAMETER ERROR"),
        (
            br#"{"caller":"1000","callee":"10x1"}"#,
            40002,
            "PARAMETER ERROR",
        ),
    ] {
        let answer = send(pbx.addr(), "POST", &dial, JSON, body).await;
        assert_eq!(
            answer.errcode(),
            (code, message),
            "{:?}",
            String::from_utf8_lossy(body)
        );
    }
    assert_eq!(pbx.calls().len(), 1, "only the well-formed OpenVox call");
}

#[tokio::test]
async fn the_s_series_answers_on_every_version_path() {
    let pbx = sim().await;
    // One session, whichever version path it was opened on.
    let token = login(&pbx, "/api/v1.0.1/").await;
    for version in ["v1.0.0", "v1.0.1", "v1.1.0"] {
        let dial = format!("/api/{version}/extension/dial_outbound?token={token}");
        let placed = send(
            pbx.addr(),
            "POST",
            &dial,
            JSON,
            br#"{"extid":"1002","outto":"41000"}"#,
        )
        .await;
        assert!(placed.success(), "{version}: {placed:?}");
        let query = format!("/api/{version}/outbound/query?token={token}");
        let body = format!(r#"{{"outboundid":"{}"}}"#, placed.str("callid"));
        let listed = send(pbx.addr(), "POST", &query, JSON, body.as_bytes()).await;
        assert_eq!(
            listed.json["outbound"].as_array().map(Vec::len),
            Some(1),
            "{version}"
        );
        let hangup = format!("/api/{version}/outbound/hangup?token={token}");
        let done = send(pbx.addr(), "POST", &hangup, JSON, body.as_bytes()).await;
        assert!(done.success(), "{version}: {done:?}");
    }
    assert!(pbx.calls().is_empty());
    // Unknown paths under the other versions are unsupported requests too.
    let path = format!("/api/v1.1.0/no/such?token={token}");
    assert_eq!(
        send(pbx.addr(), "POST", &path, JSON, b"{}").await.errno(),
        Some("10003")
    );
    // A version no S-Series shipped is not served.
    assert_eq!(
        send(pbx.addr(), "POST", "/api/v1.9.0/login", JSON, b"{}")
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn malformed_passwords_are_failed_logins_and_five_lock_the_address_out() {
    let pbx = sim().await;
    for (prefix, failed) in [
        ("/api/v1.0.0/", "20003"),
        ("/api/v2.0.0/", "20003"),
        ("/api/v0.0.1/", "30003"),
    ] {
        // The password itself instead of its MD5, a short hash, an upper-case one, a number.
        for password in [
            "Secret123",
            "d41d8cd9",
            &md5_hex("Secret123").to_uppercase(),
        ] {
            let body = login_body(password);
            let url = format!("{prefix}login");
            let answer = send(pbx.addr(), "POST", &url, JSON, body.as_bytes()).await;
            assert_eq!(
                answer.errno(),
                Some(failed),
                "{prefix} {password}: {answer:?}"
            );
        }
        let body = br#"{"username":"api","password":12345,"port":"8260"}"#;
        let answer = send(pbx.addr(), "POST", &format!("{prefix}login"), JSON, body).await;
        assert_eq!(answer.errno(), Some(failed), "{prefix}: {answer:?}");
        let wrong = login_body(&md5_hex("wrong"));
        let answer = send(
            pbx.addr(),
            "POST",
            &format!("{prefix}login"),
            JSON,
            wrong.as_bytes(),
        )
        .await;
        assert_eq!(answer.errno(), Some(failed), "{prefix}: the fifth failure");
        // Locked: even the right password is refused with 20002.
        let right = login_body(&md5_hex("Secret123"));
        let answer = send(
            pbx.addr(),
            "POST",
            &format!("{prefix}login"),
            JSON,
            right.as_bytes(),
        )
        .await;
        assert_eq!(answer.errno(), Some("20002"), "{prefix}: {answer:?}");
    }
}

#[tokio::test]
async fn an_s_series_lockout_ends_after_its_time_and_a_good_login_resets_the_count() {
    let pbx = Simulator::start(SimConfig {
        lockout_for: Duration::from_millis(200),
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let wrong = login_body(&md5_hex("wrong"));
    let url = "/api/v1.0.0/login";
    // Four failures, a success, four more: never five in a row, never locked.
    for round in 0..2 {
        for _ in 0..4 {
            let answer = send(pbx.addr(), "POST", url, JSON, wrong.as_bytes()).await;
            assert_eq!(answer.errno(), Some("20003"), "round {round}");
        }
        login(&pbx, "/api/v1.0.0/").await;
    }
    for _ in 0..5 {
        send(pbx.addr(), "POST", url, JSON, wrong.as_bytes()).await;
    }
    let right = login_body(&md5_hex("Secret123"));
    let answer = send(pbx.addr(), "POST", url, JSON, right.as_bytes()).await;
    assert_eq!(answer.errno(), Some("20002"));
    tokio::time::sleep(Duration::from_millis(400)).await;
    login(&pbx, "/api/v1.0.0/").await;
}

#[tokio::test]
async fn the_p_series_blocklists_the_address_after_five_failures() {
    let pbx = Simulator::start(SimConfig {
        lockout_for: Duration::from_millis(1),
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let url = "/openapi/v1.0/get_token";
    for _ in 0..5 {
        let body = br#"{"username":"api","password":"wrong"}"#;
        let answer = send(pbx.addr(), "POST", url, JSON, body).await;
        assert_eq!(answer.errcode(), (10005, "ACCESS DENIED"), "{answer:?}");
    }
    let right = br#"{"username":"api","password":"Secret123"}"#;
    tokio::time::sleep(Duration::from_millis(50)).await;
    // No time lifts it: only removing the address from the blocklist does.
    let answer = send(pbx.addr(), "POST", url, JSON, right).await;
    assert_eq!(
        answer.errcode(),
        (70004, "ACCOUNT IP BLOCKED"),
        "{answer:?}"
    );
    pbx.unblock_addresses();
    let answer = send(pbx.addr(), "POST", url, JSON, right).await;
    assert_eq!(answer.errcode(), (0, "SUCCESS"), "{answer:?}");
}

#[tokio::test]
async fn refusals_no_route_takes_are_in_the_exchange_log() {
    let pbx = sim().await;
    pbx.record_exchanges(true);
    send(
        pbx.addr(),
        "GET",
        "/api/v2.0.0/login?token=secret",
        JSON,
        b"",
    )
    .await;
    let logged = pbx.take_exchanges();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].endpoint, "yeastar_v2");
    assert_eq!(logged[0].request_line, "GET /api/v2.0.0/login?token=***");
    assert!(logged[0].response.contains("20001"), "{:?}", logged[0]);
}

#[tokio::test]
async fn tokens_time_out_without_traffic_and_say_so() {
    let pbx = Simulator::start(SimConfig {
        token_idle: Duration::from_secs(2),
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let token = login(&pbx, "/api/v1.0.0/").await;
    let beat = format!("/api/v1.0.0/heartbeat?token={token}");
    let body = br#"{"ipaddr":"127.0.0.1","port":"8260"}"#;
    // Traffic keeps it alive past its idle life ...
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert!(send(pbx.addr(), "POST", &beat, JSON, body).await.success());
    }
    // ... silence ends it: "Token times out" (20006), then it is gone (20004).
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let answer = send(pbx.addr(), "POST", &beat, JSON, body).await;
    assert_eq!(answer.errno(), Some("20006"), "{answer:?}");
    let answer = send(pbx.addr(), "POST", &beat, JSON, body).await;
    assert_eq!(answer.errno(), Some("20004"), "{answer:?}");
    // No token at all: "Token is blank" (20005).
    let answer = send(pbx.addr(), "POST", "/api/v1.0.0/heartbeat", JSON, body).await;
    assert_eq!(answer.errno(), Some("20005"), "{answer:?}");
}

#[tokio::test]
async fn s_series_answers_carry_the_cors_headers_its_guides_show() {
    let pbx = sim().await;
    // Every response example of the S-Series, API 2.0 and OpenVox guides carries these two
    // (e.g. help.yeastar.com/en/s-series-developer-v2/api-v2/login.html); refusals too.
    for path in [
        "/api/v1.0.0/login",
        "/api/v2.0.0/no/such",
        "/api/v0.0.1/login?type=json",
    ] {
        let answer = send(pbx.addr(), "POST", path, JSON, b"{}").await;
        assert_eq!(
            answer.header("access-control-allow-origin"),
            Some("*"),
            "{path}"
        );
        assert_eq!(
            answer.header("access-control-allow-methods"),
            Some("GET, POST, OPTIONS, PUT, DELETE"),
            "{path}"
        );
    }
    // The P-Series guide's examples show none.
    let answer = send(pbx.addr(), "POST", "/openapi/v1.0/get_token", JSON, b"{}").await;
    assert_eq!(answer.header("access-control-allow-origin"), None);
}
