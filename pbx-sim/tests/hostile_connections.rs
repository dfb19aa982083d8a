//! The simulator against hostile clients, as a real PBX's web server must withstand them:
//! half-open connections, headers a byte at a time, silent connections, huge or slow bodies,
//! and more connections than it serves at once. Every wait is bounded; nothing is timed
//! beyond "it finished".

use std::net::SocketAddr;
use std::time::Duration;

use pbx_sim::{ServerLimits, SimConfig, Simulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// The MD5 of the default password `Secret123`, as the S-Series login wants it.
const PASSWORD_MD5: &str = "5c90b96a75d4f9d5a1cfaa6f532afdc8";

/// Long enough for anything on a loaded machine; a hang fails instead of blocking CI.
const BOUND: Duration = Duration::from_secs(60);

async fn sim(limits: ServerLimits) -> Simulator {
    Simulator::start(SimConfig {
        limits,
        ..SimConfig::default()
    })
    .await
    .expect("a simulator on 127.0.0.1")
}

/// Short limits, so the tests see the timeouts act.
fn short() -> ServerLimits {
    ServerLimits {
        header_read: Duration::from_millis(500),
        idle: Duration::from_millis(500),
        body_read: Duration::from_millis(500),
        ..ServerLimits::default()
    }
}

fn login(connection: &str) -> String {
    let body = format!(r#"{{"username":"api","password":"{PASSWORD_MD5}","port":"8260"}}"#);
    format!(
        "POST /api/v1.0.0/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: {connection}\r\n\r\n{body}",
        body.len()
    )
}

/// Sends `request` on a new connection and reads until the server closes it.
async fn send(addr: SocketAddr, request: &[u8]) -> String {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(request).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        std::io::Result::Ok(String::from_utf8_lossy(&answer).into_owned())
    };
    timeout(BOUND, exchange)
        .await
        .expect("answered in time")
        .expect("an answer")
}

/// A normal client logs in and is answered with a token.
async fn normal_client_is_served(addr: SocketAddr) {
    let answer = send(addr, login("close").as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""status":"Success""#), "{answer}");
}

/// Opens `n` connections that send part of a request line and never finish.
async fn half_open(addr: SocketAddr, n: usize) -> Vec<TcpStream> {
    let mut held = Vec::with_capacity(n);
    for _ in 0..n {
        let mut stream = timeout(BOUND, TcpStream::connect(addr))
            .await
            .expect("connected in time")
            .expect("connected");
        stream
            .write_all(b"POST /api/v1.0.0/lo")
            .await
            .expect("partial request line sent");
        held.push(stream);
    }
    held
}

/// Whether the server closed `stream` (end of file or reset) without answering.
async fn closed_without_answer(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 256];
    match timeout(BOUND, stream.read(&mut buf)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(_)) | Err(_) => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_hundred_half_open_connections_leave_it_answering() {
    let pbx = sim(ServerLimits::default()).await;
    let mut held = half_open(pbx.addr(), 400).await;
    normal_client_is_served(pbx.addr()).await;
    // And the default header timeout cuts them: they hold nothing for long.
    for stream in &mut held {
        assert!(closed_without_answer(stream).await);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_bound_wait_and_are_served_once_half_open_ones_are_cut() {
    let pbx = sim(ServerLimits {
        max_connections: 16,
        ..short()
    })
    .await;
    // 400 half-open connections, 25 times the bound: the normal client queues behind them and
    // is served once the header timeout has cut the ones ahead of it.
    let mut held = half_open(pbx.addr(), 400).await;
    normal_client_is_served(pbx.addr()).await;
    // The half-open ones were cut, not answered.
    for stream in held.iter_mut().take(20) {
        assert!(closed_without_answer(stream).await);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_sending_headers_slowly_is_disconnected() {
    let pbx = sim(short()).await;
    let mut stream = TcpStream::connect(pbx.addr()).await.expect("connected");
    stream
        .write_all(b"POST /api/v1.0.0/login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .expect("first line sent");
    // One header byte every 50 ms: each write is "activity", but the headers never end.
    let trickle = async {
        for _ in 0..600 {
            if stream.write_all(b"X").await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            let mut buf = [0u8; 64];
            match tokio::time::timeout(Duration::from_millis(1), stream.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return true,
                Ok(Ok(_)) => return false,
                Err(_) => {}
            }
        }
        false
    };
    assert!(
        timeout(BOUND, trickle).await.expect("finished in time"),
        "the slow client was served or kept"
    );
    normal_client_is_served(pbx.addr()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_connection_is_closed() {
    let pbx = sim(short()).await;
    let mut stream = TcpStream::connect(pbx.addr()).await.expect("connected");
    assert!(closed_without_answer(&mut stream).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_alive_connections_serve_several_requests_then_close_when_idle() {
    let pbx = sim(short()).await;
    let mut stream = TcpStream::connect(pbx.addr()).await.expect("connected");
    for _ in 0..2 {
        stream
            .write_all(login("keep-alive").as_bytes())
            .await
            .expect("request sent");
        let head = timeout(BOUND, read_answer(&mut stream))
            .await
            .expect("answered in time");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    }
    // Now idle: the server closes it.
    assert!(closed_without_answer(&mut stream).await);
}

/// Reads one answer with a `Content-Length` body from a kept-alive connection.
async fn read_answer(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.expect("read");
        assert!(n > 0, "closed mid-answer");
        answer.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&answer).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .expect("a Content-Length");
            if body.len() >= length {
                return text;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_cap_is_refused() {
    let pbx = sim(ServerLimits {
        max_body: 1024,
        ..short()
    })
    .await;
    // Declared too big: refused before a byte of it is read.
    let declared = "POST /api/v1.0.0/login HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                    Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{\"user";
    let answer = send(pbx.addr(), declared.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // Chunked, growing past the cap.
    let chunk = "x".repeat(2000);
    let chunked = format!(
        "POST /api/v1.0.0/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    let answer = send(pbx.addr(), chunked.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // A body under the cap still goes through.
    normal_client_is_served(pbx.addr()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_arrives_times_out() {
    let pbx = sim(short()).await;
    let stalled = "POST /api/v1.0.0/login HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                   Content-Type: application/json\r\nContent-Length: 60\r\n\r\n{\"user";
    let answer = send(pbx.addr(), stalled.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

/// HTTPS goes through the same loop: a client that never finishes its handshake is cut, and
/// one trusting the generated certificate is served.
#[cfg(feature = "tls")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_tls_handshake_is_cut_and_a_trusting_client_served() {
    use pbx_api::client::{ClientConfig, YeastarSClient};
    use pbx_api::yeastar_s::outbound::query;

    let certificate = pbx_sim::Certificate::generate().expect("a certificate");
    let pbx = Simulator::start_tls(
        SimConfig {
            limits: ServerLimits {
                max_connections: 4,
                tls_handshake: Duration::from_millis(500),
                ..short()
            },
            ..SimConfig::default()
        },
        certificate.server_config().expect("TLS settings"),
    )
    .await
    .expect("a simulator");
    let mut stalled = Vec::new();
    for _ in 0..8 {
        let mut stream = TcpStream::connect(pbx.addr()).await.expect("connected");
        // The first bytes of a ClientHello, then nothing.
        stream.write_all(&[0x16, 0x03, 0x01]).await.expect("sent");
        stalled.push(stream);
    }
    for stream in stalled.iter_mut().take(4) {
        assert!(closed_without_answer(stream).await);
    }
    let client = YeastarSClient::builder(
        ClientConfig::new(pbx.url()).trust_pem(certificate.pem().as_bytes().to_vec()),
        "api",
        "Secret123",
    )
    .build()
    .expect("client");
    let listed = timeout(BOUND, client.send(&query::Request::new()))
        .await
        .expect("answered in time");
    assert!(listed.is_ok(), "{listed:?}");
}
