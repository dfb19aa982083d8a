//! "Nothing was sent" and "sent, outcome unknown" are told apart, by the library's error and
//! by the exit code (5 against 7), so a script can retry the first without ever placing a
//! second call. Only loopback: a closed port, and listeners that read the request and then
//! close or say nothing.

mod support;

use std::time::Duration;

use pbx_api::client::{ClientConfig, Delivery, Error, HttpAuth, SwitchvoxClient, TransportKind};
use pbx_api::switchvox::current_calls::get_list;
use pbx_api::wire::Format;
use pbx_sim::{Fault, FaultKind, SimConfig, Simulator};
use support::{Pbx, closed_port, json, text};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the listener does once it has read a whole request.
#[derive(Clone, Copy)]
enum Then {
    Close,
    Silence,
}

/// A loopback listener that answers no request: it reads each one whole, then closes or
/// holds the connection open (up to 20 s). Returns its URL and the number of requests read.
async fn listener(then: Then) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = read.clone();
    tokio::spawn(async move {
        for _ in 0..8 {
            let Ok(Ok((mut stream, _))) =
                tokio::time::timeout(Duration::from_secs(30), listener.accept()).await
            else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                let whole = |seen: &[u8]| {
                    let text = String::from_utf8_lossy(seen);
                    let Some((head, body)) = text.split_once("\r\n\r\n") else {
                        return false;
                    };
                    let length = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    body.len() >= length
                };
                while !whole(&seen) {
                    match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await
                    {
                        Ok(Ok(n)) if n > 0 => seen.extend_from_slice(&buf[..n]),
                        _ => return,
                    }
                }
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                match then {
                    Then::Close => {
                        let _ = stream.shutdown().await;
                    }
                    Then::Silence => tokio::time::sleep(Duration::from_secs(20)).await,
                }
            });
        }
    });
    (url, read)
}

fn switchvox(url: &str) -> SwitchvoxClient {
    SwitchvoxClient::new(
        ClientConfig::new(url).timeout(Duration::from_secs(1)),
        "api",
        "Secret123",
        HttpAuth::Auto,
        Format::Json,
    )
    .expect("client")
}

#[tokio::test]
async fn the_library_says_how_far_a_request_got() {
    let refused = switchvox(&format!("http://127.0.0.1:{}", closed_port()));
    match refused.send(&get_list::Request::new()).await {
        Err(
            e @ Error::Transport {
                kind: TransportKind::Connect,
                ..
            },
        ) => {
            assert_eq!(e.delivery(), Delivery::NotSent);
            assert!(e.to_string().contains("nothing was sent"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    for (then, kind) in [
        (Then::Close, TransportKind::Io),
        (Then::Silence, TransportKind::Timeout),
    ] {
        let (url, read) = listener(then).await;
        let client = SwitchvoxClient::new(
            ClientConfig::new(url)
                .timeout(Duration::from_secs(1))
                .read_retries(0, Duration::ZERO),
            "api",
            "Secret123",
            HttpAuth::Auto,
            Format::Json,
        )
        .expect("client");
        match client.send(&get_list::Request::new()).await {
            Err(e @ Error::Transport { .. }) => {
                assert!(
                    matches!(&e, Error::Transport { kind: k, .. } if *k == kind),
                    "{e:?}"
                );
                assert_eq!(e.delivery(), Delivery::SentNoAnswer, "{e}");
                assert!(e.to_string().contains("may have acted"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "the request was read"
        );
    }
}

/// `pbx --json` placing a Switchvox call at `url`.
async fn switchvox_call(url: &str) -> std::process::Output {
    Pbx::new([
        "--family",
        "switchvox",
        "--url",
        url,
        "--user",
        "api",
        "--timeout",
        "1",
        "--json",
        "run",
        "call",
        "--dial-first",
        "101",
        "--dial-second",
        "301",
        "--dial-as-account-id",
        "1106",
    ])
    .env("PBX_PASSWORD", "Secret123")
    .run()
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_sent_is_exit_5() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let out = switchvox_call(&url).await;
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stdout));
    let error = &json(&out)["error"];
    assert_eq!(error["kind"], "transport");
    assert_eq!(error["delivery"], "not_sent");
    assert_eq!(
        error["url"],
        format!("{url}/json"),
        "the URL tried is named"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sent_without_an_answer_is_exit_7() {
    for then in [Then::Close, Then::Silence] {
        let (url, read) = listener(then).await;
        let out = switchvox_call(&url).await;
        assert_eq!(out.status.code(), Some(7), "{}", text(&out.stdout));
        let error = &json(&out)["error"];
        assert_eq!(error["kind"], "transport");
        assert_eq!(error["delivery"], "sent_no_answer");
        // A call is never sent twice.
        assert_eq!(read.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_dropped_after_login_is_exit_7_and_a_dropped_login_is_exit_5() {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let run = |url: String| async move {
        Pbx::new([
            "--family",
            "yeastar-s",
            "--url",
            &url,
            "--user",
            "api",
            "run",
            "extension",
            "dial-outbound",
            "--extid",
            "1002",
            "--outto",
            "41000",
        ])
        .env("PBX_PASSWORD", "Secret123")
        .run()
        .await
    };
    sim.inject(Fault {
        endpoint: Some("yeastar_s::extension::dial_outbound".into()),
        kind: FaultKind::Drop,
        times: 1,
    });
    let out = run(sim.url()).await;
    assert_eq!(out.status.code(), Some(7), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("delivery: sent_no_answer"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sim.requests("yeastar_s::extension::dial_outbound"), 1);
    // The login dropped: the call itself never went out.
    sim.inject(Fault {
        endpoint: Some("yeastar_s::login".into()),
        kind: FaultKind::Drop,
        times: 1,
    });
    let out = run(sim.url()).await;
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("was not sent"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sim.requests("yeastar_s::extension::dial_outbound"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_tls_handshake_is_exit_5() {
    // A plain-HTTP server on loopback answers the TLS hello with an HTTP error: the
    // handshake fails before any request could be written.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("https://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        for _ in 0..3 {
            let Ok(Ok((mut stream, _))) =
                tokio::time::timeout(Duration::from_secs(30), listener.accept()).await
            else {
                return;
            };
            let mut hello = [0u8; 1024];
            let _ = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut hello)).await;
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let out = switchvox_call(&url).await;
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stdout));
    let error = &json(&out)["error"];
    assert_eq!(error["delivery"], "not_sent");
    assert!(
        error["message"].as_str().is_some_and(|m| m.contains("TLS")),
        "{error}"
    );
    server.abort();
}

#[tokio::test]
async fn a_connect_timeout_is_not_sent() {
    // A loopback listener that never accepts, its backlog filled: further connections are
    // never completed, so connecting times out.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("address"))
        .expect("bind");
    let address = socket.local_addr().expect("address");
    let _listener = socket.listen(1).expect("listen");
    let mut fillers = Vec::new();
    for _ in 0..8 {
        if let Ok(Ok(stream)) = tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            fillers.push(stream);
        }
    }
    let client = SwitchvoxClient::new(
        ClientConfig::new(format!("http://{address}"))
            .connect_timeout(Duration::from_millis(300))
            .timeout(Duration::from_secs(5))
            .read_retries(0, Duration::ZERO),
        "api",
        "Secret123",
        HttpAuth::Auto,
        Format::Json,
    )
    .expect("client");
    let result = tokio::time::timeout(
        Duration::from_secs(10),
        client.send(&get_list::Request::new()),
    )
    .await
    .expect("bounded");
    match result {
        Err(
            e @ Error::Transport {
                kind: TransportKind::ConnectTimeout,
                ..
            },
        ) => assert_eq!(e.delivery(), Delivery::NotSent),
        other => panic!("{other:?}"),
    }
}
