//! The exchange log as users watch it: each exchange handed over as it is answered, secrets
//! hidden, refusals included; and kept for `take_exchanges` at the same time.

use std::sync::mpsc::channel;
use std::time::Duration;

use pbx_sim::{Exchange, ServerLimits, SimConfig, Simulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const BOUND: Duration = Duration::from_secs(60);

/// The MD5 of the default password `Secret123`.
const PASSWORD_MD5: &str = "5c90b96a75d4f9d5a1cfaa6f532afdc8";

async fn send(pbx: &Simulator, request: String) -> String {
    let exchange = async {
        let mut stream = TcpStream::connect(pbx.addr()).await?;
        stream.write_all(request.as_bytes()).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        std::io::Result::Ok(String::from_utf8_lossy(&answer).into_owned())
    };
    timeout(BOUND, exchange)
        .await
        .expect("in time")
        .expect("answer")
}

fn post(path: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_exchange_is_handed_over_as_it_happens_with_secrets_hidden() {
    let pbx = Simulator::start(SimConfig {
        limits: ServerLimits {
            max_body: 512,
            ..ServerLimits::default()
        },
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let (tx, rx) = channel::<Exchange>();
    pbx.on_exchange(move |exchange| {
        let _ = tx.send(exchange.clone());
    });
    pbx.record_exchanges(true);
    let next = || rx.recv_timeout(BOUND).expect("an exchange in time");

    let login = format!(r#"{{"username":"api","password":"{PASSWORD_MD5}","port":"8260"}}"#);
    let answer = send(&pbx, post("/api/v1.0.0/login", &login)).await;
    let token = answer
        .split_once(r#""token":""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .expect("a token")
        .to_owned();
    let seen = next();
    assert_eq!(seen.endpoint, "yeastar_s::login");
    assert_eq!(seen.request_line, "POST /api/v1.0.0/login");
    assert_eq!(
        seen.request,
        r#"{"username":"api","password":"***","port":"8260"}"#
    );
    assert!(seen.response.contains(r#""token":"***""#), "{seen:?}");
    assert!(!format!("{seen}").contains(&token), "{seen}");

    // No endpoint at this path: logged all the same.
    send(&pbx, post("/nowhere?token=abc", "{}")).await;
    let seen = next();
    assert_eq!(seen.endpoint, "no endpoint");
    assert_eq!(seen.request_line, "POST /nowhere?token=***");

    // Over the cap: refused by the connection, and logged.
    let big = format!(r#"{{"password":"{}"}}"#, "x".repeat(1000));
    let refused = send(&pbx, post("/api/v1.0.0/login", &big)).await;
    assert!(refused.starts_with("HTTP/1.1 413"), "{refused}");
    assert_eq!(next().status, 413);

    // The same exchanges were kept.
    let kept = pbx.take_exchanges();
    assert_eq!(kept.len(), 3, "{kept:#?}");
    assert_eq!(kept[0].request_line, "POST /api/v1.0.0/login");

    // A stopped watcher gets nothing more.
    pbx.stop_watching();
    send(&pbx, post("/api/v1.0.0/login", &login)).await;
    assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    assert_eq!(pbx.take_exchanges().len(), 1);
}

#[test]
fn an_exchange_prints_as_one_readable_block() {
    let exchange = Exchange {
        endpoint: "yeastar_s::login",
        request_line: "POST /api/v1.0.0/login".into(),
        request: "{\"username\":\"api\"}".into(),
        status: 200,
        response: "<xml>\n  <status>Success\u{1b}[31m</status>\n</xml>".into(),
        ignored: vec!["extra".into()],
    };
    assert_eq!(
        exchange.to_string(),
        "--> POST /api/v1.0.0/login (yeastar_s::login)\n    {\"username\":\"api\"}\n    \
         (not in the spec: extra)\n<-- 200\n    \
         <xml>\n      <status>Success\\u{1b}[31m</status>\n    </xml>\n"
    );
}
