//! A `TokenClient` over the spec-only `acme` test family: it logs in with what
//! `[session.login_params]` says, sends, renews once on a token error and resends, and logs
//! out, against a small HTTP/1.1 server on 127.0.0.1 written here.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pbx_api::client::{AuthKind, ClientConfig, Error, TokenClient};
use pbx_session_family::{Api, ErrorCode, status};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

/// What the server saw: the request target and body of each exchange.
type Log = Arc<Mutex<Vec<(String, String)>>>;

/// The server's session state: tokens issued so far, and the one it accepts.
#[derive(Default)]
struct Server {
    issued: u32,
    valid: Option<String>,
    statuses: u32,
}

impl Server {
    /// The answer to one request, by the family's spec: login, status, logout.
    fn answer(&mut self, target: &str, body: &str) -> String {
        let token = target.split_once("?token=").map(|(_, t)| t.to_owned());
        if target == "/acme/v1/login" {
            if !(body.contains("\"user\":\"api\"") && body.contains("\"secret\":\"s3cret\"")) {
                return failed(410);
            }
            self.issued += 1;
            let token = format!("tok-{}", self.issued);
            self.valid = Some(token.clone());
            return format!(r#"{{"status":"Success","token":"{token}","ttl":"3600"}}"#);
        }
        match token {
            None => return failed(401),
            Some(t) if Some(&t) != self.valid.as_ref() => return failed(402),
            Some(_) => {}
        }
        if target.starts_with("/acme/v1/status?") {
            self.statuses += 1;
            if self.statuses == 1 {
                // The server restarts after the first status and forgets its tokens.
                self.valid = None;
            }
            return r#"{"status":"Success","state":"ready"}"#.to_owned();
        }
        if target.starts_with("/acme/v1/logout?") {
            self.valid = None;
            return r#"{"status":"Success"}"#.to_owned();
        }
        failed(401)
    }
}

fn failed(code: u16) -> String {
    format!(r#"{{"status":"Failed","errno":"{code}"}}"#)
}

/// Serves one connection: one request, one answer, then close.
async fn exchange(mut stream: TcpStream, server: &Mutex<Server>, log: &Log) -> Option<()> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || data.len() > 65_536 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length.min(65_536) {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let target = head.split(' ').nth(1)?.to_owned();
    let body = String::from_utf8_lossy(data.get(head_end..)?).into_owned();
    let answer = server.lock().ok()?.answer(&target, &body);
    log.lock().ok()?.push((target, body));
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
    stream.write_all(reply.as_bytes()).await.ok()?;
    stream.shutdown().await.ok()
}

/// Starts the server on 127.0.0.1; returns its base URL, its log and the accept task.
async fn start() -> (String, Log, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    let log: Log = Arc::default();
    let server = Arc::new(Mutex::new(Server::default()));
    let seen = log.clone();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (server, seen) = (server.clone(), seen.clone());
            tokio::spawn(async move {
                let _ = timeout(WAIT, exchange(stream, &server, &seen)).await;
            });
        }
    });
    (format!("http://{addr}"), log, task)
}

fn targets(log: &Log) -> Vec<String> {
    log.lock()
        .expect("log")
        .iter()
        .map(|(t, _)| t.clone())
        .collect()
}

#[tokio::test]
async fn logs_in_sends_renews_on_a_token_error_and_logs_out() {
    let (url, log, server) = start().await;
    let pbx: TokenClient<Api> = TokenClient::builder(ClientConfig::new(url), "api", "s3cret")
        .build()
        .expect("client");

    let first = timeout(WAIT, pbx.send(&status::Request::new()))
        .await
        .expect("in time");
    assert_eq!(first.expect("status").state, "ready");
    // The server forgot the token: one renewal (a login), one resend.
    let second = timeout(WAIT, pbx.send(&status::Request::new()))
        .await
        .expect("in time");
    assert_eq!(second.expect("status after renewal").state, "ready");
    timeout(WAIT, pbx.close())
        .await
        .expect("in time")
        .expect("logout");

    assert_eq!(
        targets(&log),
        [
            "/acme/v1/login",
            "/acme/v1/status?token=tok-1",
            "/acme/v1/status?token=tok-1",
            "/acme/v1/login",
            "/acme/v1/status?token=tok-2",
            "/acme/v1/logout?token=tok-2",
        ]
    );
    // `password = "plain"`: the secret as given, in the parameter the table names.
    let login_body = log.lock().expect("log")[0].1.clone();
    assert!(login_body.contains("\"secret\":\"s3cret\""), "{login_body}");
    assert!(matches!(
        timeout(WAIT, pbx.send(&status::Request::new()))
            .await
            .expect("in time"),
        Err(Error::Closed)
    ));
    server.abort();
}

#[tokio::test]
async fn wrong_credentials_are_refused_once_and_remembered() {
    let (url, log, server) = start().await;
    let pbx: TokenClient<Api> = TokenClient::builder(ClientConfig::new(url), "api", "wrong")
        .build()
        .expect("client");
    match timeout(WAIT, pbx.send(&status::Request::new()))
        .await
        .expect("in time")
    {
        Err(Error::Auth {
            kind: AuthKind::WrongCredentials,
            vendor: Some(v),
            ..
        }) => assert_eq!(v.code, ErrorCode::BadLogin),
        other => panic!("expected wrong credentials, got {other:?}"),
    }
    match timeout(WAIT, pbx.send(&status::Request::new()))
        .await
        .expect("in time")
    {
        Err(Error::Auth {
            kind: AuthKind::WrongCredentials,
            vendor: None,
            ..
        }) => {}
        other => panic!("expected the remembered refusal, got {other:?}"),
    }
    // The second call failed at once: one login went out, nothing else.
    assert_eq!(targets(&log), ["/acme/v1/login"]);
    server.abort();
}
