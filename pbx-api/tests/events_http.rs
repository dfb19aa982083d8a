//! The HTTP event receiver, over loopback TCP, with the requests as the PBXes' own
//! documentation prints them, byte for byte (events.md 1a, 1b, 1d): malformed request lines,
//! headers without a space, no blank line before the body, no `Content-Length`, LF line ends;
//! then what it answers and queues: allow-list, caps, timeouts, framing.
//!
//! Run: `cargo test -p pbx-api --test events_http`.

mod events_support;

use std::time::{Duration, Instant};

use events_support::*;
use pbx_api::events::EventItem;
use pbx_api::events::http::AllowedSources;
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// XS = XiaoShaoKun/xiaoshao@b73c1ab1d30c5227294918f412f765b0ceee709a (OpenVox's API guide).
/// `api-bao-gao-shi-li/xiang-ling-hui-ling-bao-gao.md`, extension 101 calls 106: no path, two
/// spaces, no space after the colons, no blank line before the body. The docs print the body
/// pretty; `Content-Length:89` and `:94` are the lengths of the compact bodies, so the compact
/// form is what the PBX sends.
const ALERT: &[u8] = b"POST  HTTP/1.1\nHost:172.16.6.150\nContent-Length:89\nAccept: application/json\n\
Content-Type:application/json\nConnection:close\n\
{\"action\":\"ALERT\",\"callid\":\"1589947952.1670\",\"ext\":{\"extid\":[\"101\"]},\"sn\":\"a09805021987\"}";
const RING: &[u8] = b"POST  HTTP/1.1\nHost:172.16.6.150\nContent-Length:94\nAccept: application/json\n\
Content-Type:application/json\nConnection:close\n\
{\"action\":\"RING\",\"callid\":\"1589947952.1670\",\"ext\":{\"extid\":[\"106\",\"101\"]},\"sn\":\"a09805021987\"}";

/// XS `fen-ji-zhuang-tai-bian-geng-bao-gao.md`: the same head, with the blank line.
const EXTENSION_STATUS: &[u8] = b"POST  HTTP/1.1\nHost:172.16.6.150\nContent-Length:83\n\
Accept: application/json\nContent-Type:application/json\nConnection:close\n\n\
{\"action\":\"ExtensionStatus\",\"extension\":\"101\",\"status\":\"InUse\",\"sn\":\"a09805021987\"}";

/// XS `xiang-ling-hui-ling-bao-gao.md`, 106 calls out: no `sn` at all.
const ALERT_NO_SN: &[u8] = b"POST  HTTP/1.1\nHost:172.16.6.150\nContent-Length:67\n\
Accept: application/json\nContent-Type:application/json\nConnection:close\n\n\
{\"action\":\"ALERT\",\"callid\":\"1589948179.1692\",\"ext\":{\"extid\":\"106\"}}";

/// XS `untitled.md` (and Yeastar's api-reports-introduction.html): BootUp with a path,
/// `Host: 172.16.6.150: 8260`, no `Content-Length`, no blank line, the body as printed.
const BOOT_UP: &[u8] = b"POST / HTTP/1.1\nUser-Agent: WebAPI\nHost: 172.16.6.150: 8260\n\
Content-Type: application/json\nAccept: application/json\n\
{\n    \"action\": \"BootUp\",\n    \"sn\": \"369351034049\"\n}\n";

/// API 2.0 (https://help.yeastar.com/en/s-series-developer-v2/api-v2/event-ExtensionStatus.html):
/// `Accept` twice; CRLF here, with a length.
const V2_STATUS_BODY: &str = r#"{ "event": "ExtensionStatus", "extension": "1023", "status": "Ringing", "sn": "369451090405" }"#;

fn v2_status() -> Vec<u8> {
    format!(
        "POST / HTTP/1.1\r\nHost: 192.168.5.150: 8260\r\nAccept: application/json\r\nUser-Agent: WebAPI\r\n\
         Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{V2_STATUS_BODY}",
        V2_STATUS_BODY.len()
    )
    .into_bytes()
}

#[tokio::test]
async fn openvox_ring_and_alert_without_a_blank_line() {
    let (rx, mut events) = start::<Report>(config()).await;
    for (bytes, name, extid) in [
        (ALERT, "ALERT", json!(["101"])),
        (RING, "RING", json!(["106", "101"])),
    ] {
        let answer = send(rx.local_addr(), bytes).await;
        assert_eq!((answer.status, answer.body.as_str()), (200, ""));
        let event = next_event(&mut events).await.0;
        assert_eq!(event.name, name);
        assert_eq!(event.fields["ext"]["extid"], extid);
        assert_eq!(event.path, "/");
        let body_start = bytes.iter().position(|&b| b == b'{').unwrap();
        assert_eq!(event.body, &bytes[body_start..], "the body, byte for byte");
    }
    nothing_more(&mut events).await;
}

#[tokio::test]
async fn reports_with_a_blank_line_and_without_sn_or_callid() {
    let (rx, mut events) = start::<Report>(config()).await;
    for (bytes, name) in [
        (EXTENSION_STATUS, "ExtensionStatus"),
        (ALERT_NO_SN, "ALERT"),
    ] {
        assert_eq!(send(rx.local_addr(), bytes).await.status, 200);
        let event = next_event(&mut events).await.0;
        assert_eq!(event.name, name);
    }
    // CRLF line ends and the API 2.0 head (Accept twice, `Host: a: port`).
    assert_eq!(send(rx.local_addr(), &v2_status()).await.status, 200);
    let event = next_event(&mut events).await.0;
    assert_eq!(
        (event.name.as_str(), event.body.as_slice()),
        ("ExtensionStatus", V2_STATUS_BODY.as_bytes())
    );
    assert_eq!(rx.stats().queued, 3);
}

#[tokio::test]
async fn boot_up_without_a_length_until_the_peer_closes() {
    let (rx, mut events) = start::<Report>(config()).await;
    let answer = exchange(rx.local_addr(), BOOT_UP, true).await;
    assert_eq!(answer.status, 200);
    let event = next_event(&mut events).await.0;
    assert_eq!(event.name, "BootUp");
    assert_eq!(event.fields["sn"], "369351034049");
}

#[tokio::test]
async fn boot_up_without_a_length_is_answered_once_its_json_is_complete() {
    let mut slow = config();
    slow.unframed_idle = Duration::from_secs(4);
    slow.body_timeout = Duration::from_secs(8);
    let (rx, mut events) = start::<Report>(slow).await;
    let started = Instant::now();
    // The peer keeps the connection open and waits, as an HTTP client does.
    let answer = send(rx.local_addr(), BOOT_UP).await;
    assert_eq!(answer.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "not held until the idle limit"
    );
    assert_eq!(next_event(&mut events).await.0.name, "BootUp");
    // A form body without framing ends after the idle time.
    let (rx, mut events) = start::<Trigger>(config()).await;
    let answer = send(
        rx.local_addr(),
        b"POST /hangup HTTP/1.1\r\n\r\nnum=101&job=1.2",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(next_event(&mut events).await.0.fields["num"], "101");
}

#[tokio::test]
async fn switchvox_get_trigger_is_answered_with_empty_xml() {
    let (rx, mut events) = start::<Trigger>(config()).await;
    // The xTupleCID template (events.md 1d), filled in; a GET has no body.
    let query = "cid_num=8585551212&cid_name=John%20Doe&cid_ext_from=850&cid_ext_type=sip&\
                 cid_feature=&cid_in_did=&cid_event_type=incoming&cid_job_id=1234.5678";
    let request = format!("GET /callevent.php?{query} HTTP/1.1\r\nHost: 10.0.0.2\r\n\r\n");
    let answer = send(rx.local_addr(), request.as_bytes()).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, "<response></response>")
    );
    assert_eq!(answer.header("content-type"), Some("text/xml"));
    let event = next_event(&mut events).await.0;
    assert_eq!(
        (event.path.as_str(), event.query.as_str()),
        ("/callevent.php", query)
    );
    assert_eq!(event.fields["cid_job_id"], "1234.5678");
    assert!(event.body.is_empty());
}

#[tokio::test]
async fn switchvox_post_trigger_with_a_form_body() {
    let (rx, mut events) = start::<Trigger>(config()).await;
    let form = "name=John&num=8585551212&ext=850&type=sip&event=hangup&job=1234.5678";
    let request = format!(
        "POST /hangupevent.php?src=sv HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{form}",
        form.len()
    );
    let answer = send(rx.local_addr(), request.as_bytes()).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, "<response></response>")
    );
    let event = next_event(&mut events).await.0;
    assert_eq!(
        (event.name.as_str(), event.query.as_str()),
        ("hangupevent.php", "src=sv")
    );
    assert_eq!(event.body, form.as_bytes());
}

#[tokio::test]
async fn chunked_bodies_and_expect_continue() {
    let (rx, mut events) = start::<Report>(config()).await;
    let chunked = b"POST /r HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\
        9\r\n{\"action\"\r\n8;ext=1\r\n:\"BYE\"}\n\r\n0\r\n\r\n";
    assert_eq!(send(rx.local_addr(), chunked).await.status, 200);
    assert_eq!(
        next_event(&mut events).await.0.body,
        b"{\"action\":\"BYE\"}\n"
    );
    // `Expect: 100-continue`: the body is asked for, then answered.
    let body = r#"{"action":"BootUp","sn":"1"}"#;
    let head = format!(
        "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut tcp = TcpStream::connect(rx.local_addr()).await.unwrap();
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut continue_line = [0u8; 25];
    tokio::time::timeout(
        WAIT,
        tokio::io::AsyncReadExt::read_exact(&mut tcp, &mut continue_line),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(&continue_line, b"HTTP/1.1 100 Continue\r\n\r\n");
    tcp.write_all(body.as_bytes()).await.unwrap();
    let mut rest = Vec::new();
    tokio::time::timeout(
        WAIT,
        tokio::io::AsyncReadExt::read_to_end(&mut tcp, &mut rest),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(parse(&rest).status, 200);
    assert_eq!(next_event(&mut events).await.0.name, "BootUp");
}

#[tokio::test]
async fn a_body_that_is_no_event_is_kept_and_answered() {
    let (rx, mut events) = start::<Report>(config()).await;
    let answer = send(rx.local_addr(), &post("action=BootUp, not JSON")).await;
    assert_eq!(
        answer.status, 200,
        "never 400 for a report: the PBX would resend it forever"
    );
    match next(&mut events).await {
        EventItem::Malformed { raw, .. } => assert_eq!(raw, b"action=BootUp, not JSON"),
        other => panic!("{other:?}"),
    }
    assert_eq!((rx.stats().queued, rx.stats().malformed), (1, 1));
}

#[tokio::test]
async fn other_sources_get_403_and_nothing_is_queued() {
    let mut config = config();
    config.allowed = AllowedSources::Only(vec!["192.0.2.7".parse().unwrap()]);
    let (rx, mut events) = start::<Report>(config).await;
    let answer = send(rx.local_addr(), ALERT).await;
    assert_eq!(answer.status, 403);
    nothing_more(&mut events).await;
    assert_eq!((rx.stats().forbidden, rx.stats().queued), (1, 0));
}

#[tokio::test]
async fn bodies_over_the_cap_get_413() {
    let mut config = config();
    config.max_body = 64;
    let (rx, mut events) = start::<Report>(config).await;
    let big = format!(r#"{{"action":"NewCdr","pad":"{}"}}"#, "x".repeat(100));
    assert_eq!(send(rx.local_addr(), &post(&big)).await.status, 413);
    let unframed = format!("POST / HTTP/1.1\r\n\r\n{big}");
    assert_eq!(send(rx.local_addr(), unframed.as_bytes()).await.status, 413);
    let chunked = format!(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{big}\r\n0\r\n\r\n",
        big.len()
    );
    assert_eq!(send(rx.local_addr(), chunked.as_bytes()).await.status, 413);
    nothing_more(&mut events).await;
    assert_eq!(rx.stats().refused_request, 3);
}

#[tokio::test]
async fn broken_requests_are_refused_with_their_status() {
    let mut config = config();
    config.max_head = 256;
    let (rx, mut events) = start::<Report>(config).await;
    let addr = rx.local_addr();
    let long_header = format!("POST / HTTP/1.1\r\nX-Pad: {}\r\n\r\n", "p".repeat(300));
    let cases: [(&[u8], u16); 5] = [
        (b"PUT / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 405),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            400,
        ),
        (b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n{}", 400),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n{}", 501),
        (long_header.as_bytes(), 431),
    ];
    for (bytes, status) in cases {
        assert_eq!(
            send(addr, bytes).await.status,
            status,
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
    // Headers that never end, and a body shorter than its length while the peer waits.
    let started = Instant::now();
    assert_eq!(
        send(addr, b"POST / HTTP/1.1\r\nHost: x\r\n").await.status,
        408
    );
    assert_eq!(
        send(addr, b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}")
            .await
            .status,
        408
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    nothing_more(&mut events).await;
}

#[tokio::test]
async fn a_silent_connection_holds_its_slot_only_until_its_timeout() {
    let mut config = config();
    config.max_connections = 1;
    let (rx, mut events) = start::<Report>(config).await;
    let mut silent = TcpStream::connect(rx.local_addr()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let answer = send(rx.local_addr(), EXTENSION_STATUS).await;
    assert_eq!(answer.status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "served only after the first ended"
    );
    let mut first = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut silent, &mut first)
        .await
        .unwrap();
    assert_eq!(parse(&first).status, 408);
    assert_eq!(next_event(&mut events).await.0.name, "ExtensionStatus");
}
