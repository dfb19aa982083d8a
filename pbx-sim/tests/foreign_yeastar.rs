//! Foreign clients' requests against the simulator's token families: each request is built as
//! the cited client's source builds it (method, path joining, headers, body encoding), and the
//! answers are checked against what the vendors document (envelope, code, message), and for
//! effect (a placed call shows up in the query and hangs up). The shapes generic HTTP clients
//! give the same requests are in `foreign_shapes.rs`.
//!
//! Clients: `vaestvita/bitrix-asterisk@c3e6add` (Yeastar API 2.0, Python requests),
//! `NaN-tic/trytond-yeastar_api@04285ff` (P-Series, Python requests),
//! `CovertError/YeastarForLaravel@6f530f9` (P-Series, Laravel/Guzzle),
//! `De-jacques/api-yeastar@a7bf39d` (API 2.0, Laravel/Guzzle),
//! `sreckojovancevic/yeastar-s-series-toolkit@7e74e18` (API 2.0, Python requests session).

mod support;

use pbx_sim::Simulator;
use serde_json::json;
use support::{
    Answer, GUZZLE_JSON, PASSWORD, REQUESTS_BARE, REQUESTS_JSON, md5_hex, py_json, send, sim,
};

/// An API 2.0 login as bitrix-asterisk and the toolkit send it; the token.
async fn v2_login(pbx: &Simulator) -> String {
    let body = py_json(
        &json!({"username": "api", "password": md5_hex(PASSWORD), "port": "8260", "version": "2.0.0"}),
    );
    let answer = send(
        pbx.addr(),
        "POST",
        "/api/v2.0.0/login",
        REQUESTS_JSON,
        &body,
    )
    .await;
    assert!(answer.success(), "{answer:?}");
    answer.str("token")
}

// ---------------------------------------------------------------------------------------------
// vaestvita/bitrix-asterisk@c3e6add (Yeastar API 2.0)

#[tokio::test]
async fn bitrix_asterisk_logs_in_with_an_integer_urltag_and_no_port() {
    let pbx = sim().await;
    // vaestvita/bitrix-asterisk@c3e6add:yeastar/get_token.py: MD5 of the password, `urltag`
    // the integer 1, `url` the API URL itself, no `port`; `requests.post(f'{API_URL}login',
    // json=payload)`.
    let body = py_json(&json!({
        "username": "api",
        "password": md5_hex(PASSWORD),
        "urltag": 1,
        "url": "http://127.0.0.1:8088/api/v2.0.0/",
    }));
    let answer = send(
        pbx.addr(),
        "POST",
        "/api/v2.0.0/login",
        REQUESTS_JSON,
        &body,
    )
    .await;
    assert!(answer.success(), "{answer:?}");
    assert_eq!(answer.str("token").len(), 32);
}

#[tokio::test]
async fn bitrix_asterisk_heartbeat_without_a_body_fails_and_it_logs_in_again() {
    let pbx = sim().await;
    let body = py_json(
        &json!({"username": "api", "password": md5_hex(PASSWORD), "urltag": 1, "url": "http://127.0.0.1/"}),
    );
    let first = send(
        pbx.addr(),
        "POST",
        "/api/v2.0.0/login",
        REQUESTS_JSON,
        &body,
    )
    .await;
    let token = first.str("token");
    // vaestvita/bitrix-asterisk@c3e6add:yeastar/heartbeat.py: `requests.post(
    // f'{API_URL_YS}heartbeat?token={token_ys}')`, no body at all; API 2.0's heartbeat needs
    // `ipaddr`, so the PBX answers "Blank data" (20007) in its envelope, with HTTP 200.
    let path = format!("/api/v2.0.0/heartbeat?token={token}");
    let beat = send(pbx.addr(), "POST", &path, REQUESTS_BARE, b"").await;
    assert_eq!(
        (beat.status, beat.errno()),
        (200, Some("20007")),
        "{beat:?}"
    );
    // On `status == "Failed"` it logs in again (same payload) and beats with the new token.
    let again = send(
        pbx.addr(),
        "POST",
        "/api/v2.0.0/login",
        REQUESTS_JSON,
        &body,
    )
    .await;
    assert!(again.success(), "{again:?}");
    assert_ne!(again.str("token"), token);
    // A heartbeat as the vendor documents it keeps the new token alive.
    let path = format!("/api/v2.0.0/heartbeat?token={}", again.str("token"));
    let documented = br#"{"ipaddr": "192.168.6.24", "port": 8260, "version":"2.0.0"}"#;
    // The integer port is the vendor's own example
    // (help.yeastar.com/en/cloudpbx-developer-v2/api-v2/heartbeat.html).
    let beat = send(pbx.addr(), "POST", &path, REQUESTS_JSON, documented).await;
    assert!(beat.success(), "{beat:?}");
}

#[tokio::test]
async fn bitrix_asterisk_dials_and_every_channel_the_query_lists_hangs_up() {
    let pbx = sim().await;
    let token = v2_login(&pbx).await;
    // vaestvita/bitrix-asterisk@c3e6add:yeastar/app.py (`ys_api`): `requests.post(
    // f'{API_URL_YS}{method}?token={token}', json=data)` with `{'caller': internal,
    // 'callee': external}` for `call/dial`; it reads `resp['callid']`.
    let dial = |caller: &str, callee: &str| py_json(&json!({"caller": caller, "callee": callee}));
    let path = format!("/api/v2.0.0/call/dial?token={token}");
    for (caller, callee) in [("1000", "5503301"), ("1001", "5503302")] {
        let placed = send(
            pbx.addr(),
            "POST",
            &path,
            REQUESTS_JSON,
            &dial(caller, callee),
        )
        .await;
        assert!(placed.success(), "{placed:?}");
        assert!(!placed.str("callid").is_empty());
    }
    let query = format!("/api/v2.0.0/extension/query_call?token={token}");
    let listed = send(
        pbx.addr(),
        "POST",
        &query,
        REQUESTS_JSON,
        br#"{"number": "all"}"#,
    )
    .await;
    assert!(listed.success(), "{listed:?}");
    let mut channels = Vec::new();
    for ext in listed.json["calllist"].as_array().into_iter().flatten() {
        for call in ext["numbercalls"].as_array().into_iter().flatten() {
            let members = call["members"].as_array().expect("members");
            // First call by the extension's channel, second by the trunk leg's.
            let side = if channels.is_empty() {
                "ext"
            } else {
                "outbound"
            };
            let member = members.iter().find(|m| m.get(side).is_some()).expect(side);
            channels.push(
                member[side]["channelid"]
                    .as_str()
                    .expect("a channel")
                    .to_owned(),
            );
        }
    }
    assert_eq!(channels.len(), 2, "{listed:?}");
    assert!(channels[1].starts_with("PJSIP/trunk-"), "{channels:?}");
    let hangup = format!("/api/v2.0.0/call/hangup?token={token}");
    for channel in &channels {
        let body = py_json(&json!({"channelid": channel}));
        let done = send(pbx.addr(), "POST", &hangup, REQUESTS_JSON, &body).await;
        assert!(done.success(), "{channel}: {done:?}");
    }
    assert!(pbx.calls().is_empty());
    let body = py_json(&json!({"channelid": channels[0]}));
    let gone = send(pbx.addr(), "POST", &hangup, REQUESTS_JSON, &body).await;
    assert_eq!(gone.errno(), Some("10007"), "{gone:?}");
}

// ---------------------------------------------------------------------------------------------
// NaN-tic/trytond-yeastar_api@04285ff (P-Series OpenAPI)

/// NaN-tic/trytond-yeastar_api@04285ff:api.py `HEADERS`: JSON, `User-Agent: OpenAPI`.
const TRYTON_HEADERS: &[(&str, &str)] = support::OPENAPI_JSON;

/// `get_token` as NaN-tic's `get_token` sends it: `requests.post(url,
/// data=json.dumps(data), headers=HEADERS)`; the answer.
async fn tryton_get_token(pbx: &Simulator, secret: &str) -> Answer {
    let body = py_json(&json!({"username": "api", "password": secret}));
    send(
        pbx.addr(),
        "POST",
        "/openapi/v1.0/get_token",
        TRYTON_HEADERS,
        &body,
    )
    .await
}

#[tokio::test]
async fn trytond_dials_queries_hangs_up_refreshes_and_revokes() {
    let pbx = sim().await;
    let granted = tryton_get_token(&pbx, PASSWORD).await;
    assert_eq!(granted.errcode(), (0, "SUCCESS"), "{granted:?}");
    // It reads the lifetimes with `int(...)`: integers on the wire.
    assert_eq!(granted.json["access_token_expire_time"], 1800);
    let token = granted.str("access_token");
    // api.py `make_call`: `{'caller': .., 'callee': ..}` to the `dial` endpoint, token
    // appended by `construct_url` as `?access_token=`.
    let path = format!("/openapi/v1.0/call/dial?access_token={token}");
    let body = py_json(&json!({"caller": "1000", "callee": "5503301"}));
    let placed = send(pbx.addr(), "POST", &path, TRYTON_HEADERS, &body).await;
    assert_eq!(placed.errcode(), (0, "SUCCESS"), "{placed:?}");
    let call_id = placed.str("call_id");
    // api.py `query_call_by_extension`: `_requests('GET', endpoint, args='number=' + ext,
    // token=token)`: a GET without HEADERS (so python-requests' own User-Agent), args
    // first, then `&access_token=`. `number` is not one of the documented filters
    // (`call_id`, `type`, `extension`), so the PBX lists every call.
    let path = format!("/openapi/v1.0/call/query?number=1000&access_token={token}");
    let listed = send(pbx.addr(), "GET", &path, REQUESTS_BARE, b"").await;
    assert_eq!(listed.errcode(), (0, "SUCCESS"), "{listed:?}");
    let call = &listed.json["data"][0];
    assert_eq!(call["call_id"], call_id.as_str());
    // It takes the channel from the outbound member; hang-up by that channel.
    let members = call["members"].as_array().expect("members");
    let outbound = members
        .iter()
        .find_map(|m| m.get("outbound"))
        .expect("outbound");
    let channel = outbound["channel_id"].as_str().expect("channel_id");
    let path = format!("/openapi/v1.0/call/hangup?access_token={token}");
    let body = py_json(&json!({"channel_id": channel}));
    let done = send(pbx.addr(), "POST", &path, TRYTON_HEADERS, &body).await;
    assert_eq!(done.errcode(), (0, "SUCCESS"), "{done:?}");
    assert_eq!(done.str("call_id"), call_id);
    assert!(pbx.calls().is_empty());
    // Filtered by a documented parameter, after the hang-up: nothing.
    let path = format!("/openapi/v1.0/call/query?call_id={call_id}&access_token={token}");
    let listed = send(pbx.addr(), "GET", &path, REQUESTS_BARE, b"").await;
    assert_eq!(listed.errcode(), (0, "SUCCESS"), "{listed:?}");
    assert!(
        listed.json["data"].as_array().is_none_or(Vec::is_empty),
        "{listed:?}"
    );
    // `get_token` with a live refresh token: `{"refresh_token": ..}` to `refresh_token`.
    let body = py_json(&json!({"refresh_token": granted.str("refresh_token")}));
    let path = "/openapi/v1.0/refresh_token";
    let renewed = send(pbx.addr(), "POST", path, TRYTON_HEADERS, &body).await;
    assert_eq!(renewed.errcode(), (0, "SUCCESS"), "{renewed:?}");
    // A refresh token is spent once.
    let spent = send(pbx.addr(), "POST", path, TRYTON_HEADERS, &body).await;
    assert_eq!(spent.errcode(), (10004, "TOKEN EXPIRED"), "{spent:?}");
    // `revoke_token`: `_requests('GET', endpoint, token=token)`, again without HEADERS.
    let fresh = renewed.str("access_token");
    let path = format!("/openapi/v1.0/del_token?access_token={fresh}");
    let revoked = send(pbx.addr(), "GET", &path, REQUESTS_BARE, b"").await;
    assert_eq!(revoked.errcode(), (0, "SUCCESS"), "{revoked:?}");
    let path = format!("/openapi/v1.0/call/dial?access_token={fresh}");
    let body = py_json(&json!({"caller": "1000", "callee": "1001"}));
    let refused = send(pbx.addr(), "POST", &path, TRYTON_HEADERS, &body).await;
    assert_eq!(
        (refused.status, refused.errcode()),
        (200, (10004, "TOKEN EXPIRED"))
    );
}

#[tokio::test]
async fn p_series_requires_a_user_agent_but_takes_any() {
    let pbx = sim().await;
    let body = br#"{"username":"api","password":"Secret123"}"#;
    let path = "/openapi/v1.0/get_token";
    // "You MUST include a User-Agent header with every request ... For example,
    // User-Agent: OpenAPI" (help.yeastar.com/en/p-series-software-edition/developer-guide/
    // get-access-token.html): without one, access is denied.
    let bare = [("Content-Type", "application/json")];
    let refused = send(pbx.addr(), "POST", path, &bare, body).await;
    assert_eq!(refused.errcode(), (10005, "ACCESS DENIED"), "{refused:?}");
    for agent in [
        "OpenAPI",
        "python-requests/2.31.0",
        "GuzzleHttp/7",
        "curl/8.5.0",
    ] {
        let headers = [("User-Agent", agent), ("Content-Type", "application/json")];
        let granted = send(pbx.addr(), "POST", path, &headers, body).await;
        assert_eq!(granted.errcode(), (0, "SUCCESS"), "{agent}: {granted:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// CovertError/YeastarForLaravel@6f530f9 (P-Series OpenAPI through Laravel's Http, Guzzle)

#[tokio::test]
async fn yeastar_for_laravel_path_joining() {
    let pbx = sim().await;
    // CovertError/YeastarForLaravel@6f530f9:src/Yeastar.php: `$this->baseUrl.$path` with
    // `'get_token'` but `'/call/dial'`, and `Http::post($url, $parameters)` (JSON, Guzzle's
    // User-Agent). With a base URL ending in `/` the token request works ...
    let base = "/openapi/v1.0/";
    let body = br#"{"username":"api","password":"Secret123"}"#;
    let url = format!("{base}get_token");
    let granted = send(pbx.addr(), "POST", &url, GUZZLE_JSON, body).await;
    assert_eq!(granted.errcode(), (0, "SUCCESS"), "{granted:?}");
    let token = granted.str("access_token");
    // ... and the call goes to `/openapi/v1.0//call/dial`, an interface the PBX does not
    // have: 10001 INTERFACE NOT EXISTED, in the errcode envelope, HTTP 200.
    let url = format!("{base}/call/dial?access_token={token}");
    let body = br#"{"caller":"1000","callee":"1001"}"#;
    let refused = send(pbx.addr(), "POST", &url, GUZZLE_JSON, body).await;
    assert_eq!(refused.status, 200);
    assert_eq!(
        refused.errcode(),
        (10001, "INTERFACE NOT EXISTED"),
        "{refused:?}"
    );
    assert!(pbx.calls().is_empty());
    // Without the trailing `/`, `get_token` lands outside the API (`/openapi/v1.0get_token`).
    let outside = send(
        pbx.addr(),
        "POST",
        "/openapi/v1.0get_token",
        GUZZLE_JSON,
        body,
    )
    .await;
    assert_eq!(outside.status, 404);
    // `refreshToken`: `{"refresh_token": ..}` to `'refresh_token'`.
    let body = format!(r#"{{"refresh_token":"{}"}}"#, granted.str("refresh_token"));
    let url = format!("{base}refresh_token");
    let renewed = send(pbx.addr(), "POST", &url, GUZZLE_JSON, body.as_bytes()).await;
    assert_eq!(renewed.errcode(), (0, "SUCCESS"), "{renewed:?}");
    // `makeCall` when the base URL has no trailing `/`: the call is placed.
    let url = format!(
        "/openapi/v1.0/call/dial?access_token={}",
        renewed.str("access_token")
    );
    let placed = send(
        pbx.addr(),
        "POST",
        &url,
        GUZZLE_JSON,
        br#"{"caller":"1000","callee":"1001"}"#,
    )
    .await;
    assert_eq!(placed.errcode(), (0, "SUCCESS"), "{placed:?}");
    assert_eq!(pbx.calls().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// De-jacques/api-yeastar@a7bf39d and sreckojovancevic/yeastar-s-series-toolkit@7e74e18 (API 2.0)

#[tokio::test]
async fn de_jacques_login_with_an_extra_header_then_undeclared_queries() {
    let pbx = sim().await;
    // De-jacques/api-yeastar@a7bf39d:app/Http/Livewire/Dashboard.php: `Http::withHeaders(
    // ['X-header' => 'value'])->post('.../api/v2.0.0/login', [username, password (MD5),
    // 'port' => '8333', 'version' => '2.0.0'])`.
    let headers = [
        ("X-header", "value"),
        ("User-Agent", "GuzzleHttp/7"),
        ("Content-Type", "application/json"),
    ];
    let body = format!(
        r#"{{"username":"api","password":"{}","port":"8333","version":"2.0.0"}}"#,
        md5_hex(PASSWORD)
    );
    let answer = send(
        pbx.addr(),
        "POST",
        "/api/v2.0.0/login",
        &headers,
        body.as_bytes(),
    )
    .await;
    assert!(answer.success(), "{answer:?}");
    // Then `Http::withHeaders($headers)->post('.../deviceinfo/query?token=..')` with no data:
    // a bare POST, which is how the spec declares `deviceinfo/query`, answered with the
    // device's information.
    let path = format!("/api/v2.0.0/deviceinfo/query?token={}", answer.str("token"));
    let info = send(pbx.addr(), "POST", &path, &headers, b"").await;
    assert_eq!(info.status, 200, "{info:?}");
    assert!(info.success(), "{info:?}");
}

#[tokio::test]
async fn s_series_toolkit_session_and_a_post_without_json() {
    let pbx = sim().await;
    // sreckojovancevic/yeastar-s-series-toolkit@7e74e18:app.py `get_token`:
    // `session_http.post(url, json={"username", "password": MD5, "port": "8260",
    // "version": "2.0.0"})`.
    let token = v2_login(&pbx).await;
    // `api_request('extension/list')`: `json=None`, so no body and no Content-Type.
    let path = format!("/api/v2.0.0/extension/list?token={token}");
    let answer = send(pbx.addr(), "POST", &path, REQUESTS_BARE, b"").await;
    assert!(
        answer.success(),
        "a bare POST of a bodiless endpoint: {answer:?}"
    );
    // It treats errno 10001/10002 as "token expired"; the PBX's expired-token code is
    // another, so after a restart it sees 20004 (no such token) and reports an error.
    pbx.expire_tokens();
    let path = format!("/api/v2.0.0/call/dial?token={token}");
    let body = py_json(&json!({"caller": "1000", "callee": "1001"}));
    let answer = send(pbx.addr(), "POST", &path, REQUESTS_JSON, &body).await;
    assert_eq!(answer.errno(), Some("20004"), "{answer:?}");
}
