//! `pbx events` against `pbx sim`: the receiver registered at login, a call placed by another
//! session, its reports printed as JSON lines, then Ctrl-C ends the process with exit 0. The
//! same for Switchvox's polling source; a refused login exits 6. Every wait is bounded.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use support::sim_child::{BOUND, PASSWORD_MD5, Sim};

/// A running `pbx events`: its stdout lines on a channel; killed when dropped.
struct Events {
    child: Child,
    lines: Receiver<String>,
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Events {
    fn start(args: &[&str]) -> Events {
        Events::start_with(args, &[])
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Events {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pbx"))
            .args(args)
            .envs(env.iter().copied())
            .env("PBX_PASSWORD", "Secret123")
            .env_remove("PBX_USER")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("pbx starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Events { child, lines }
    }

    /// Lines up to and including the first that holds `needle`.
    fn until(&self, needle: &str) -> Vec<String> {
        let deadline = Instant::now() + BOUND;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = self.lines.recv_timeout(left) else {
                break;
            };
            let done = line.contains(needle);
            seen.push(line);
            if done {
                return seen;
            }
        }
        panic!("no line with {needle}; seen:\n{}", seen.join("\n"));
    }

    /// Ctrl-C, then the exit code (bounded), and the lines printed meanwhile.
    fn interrupt(mut self) -> (Option<i32>, Vec<String>) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let deadline = Instant::now() + BOUND;
        let code = loop {
            if let Some(status) = self.child.try_wait().expect("waitable") {
                break status.code();
            }
            assert!(
                Instant::now() < deadline,
                "pbx events did not stop after Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let rest = self.lines.try_iter().collect();
        (code, rest)
    }
}

fn post(path: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn json(line: &str) -> serde_json::Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

#[test]
fn s_series_reports_of_a_call_are_printed_until_ctrl_c() {
    let sim = Sim::start(&[]);
    let events = Events::start(&[
        "--family",
        "yeastar-s",
        "--url",
        &sim.url,
        "--user",
        "api",
        "events",
        "--report-ip",
        "127.0.0.1",
        "--report-port",
        "0",
    ]);
    let states = events.until(r#"{"state":"connected"}"#);
    assert_eq!(states.len(), 2, "{states:?}");
    let listening = json(&states[0]);
    assert_eq!(listening["state"], "listening");
    assert!(
        listening["addr"]
            .as_str()
            .is_some_and(|a| a.starts_with("127.0.0.1:") && !a.ends_with(":0")),
        "{listening}"
    );
    // Another session places the call; its own reports go to a port nobody listens on.
    let login = sim.http(&post(
        "/api/v1.0.0/login",
        &format!(r#"{{"username":"api","password":"{PASSWORD_MD5}","port":"9"}}"#),
    ));
    let token = login
        .split_once(r#""token":""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .unwrap_or_else(|| panic!("no token in {login}"))
        .to_owned();
    let dialled = sim.http(&post(
        &format!("/api/v1.0.0/extension/dial_outbound?token={token}"),
        r#"{"extid":"1002","outto":"41000"}"#,
    ));
    let callid = dialled
        .split_once(r#""callid":""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .unwrap_or_else(|| panic!("no callid in {dialled}"))
        .to_owned();
    sim.http(&post(
        &format!("/api/v1.0.0/outbound/hangup?token={token}"),
        &format!(r#"{{"outboundid":"{callid}"}}"#),
    ));
    let seen = events.until(r#""event":"NewCdr""#);
    let names: Vec<String> = seen
        .iter()
        .map(|l| json(l)["event"].as_str().unwrap_or("?").to_owned())
        .collect();
    // The caller's answer report is Yeastar's `ANSWERED`.
    for want in ["RING", "ANSWERED", "BYE", "NewCdr"] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert!(
        seen.iter().all(|l| !l.contains(r#""raw""#)),
        "no event is unknown: {seen:?}"
    );
    assert!(
        seen.iter()
            .filter(|l| l.contains(r#""callid""#))
            .all(|l| l.contains(&callid)),
        "{seen:?}"
    );
    let (code, rest) = events.interrupt();
    assert_eq!(code, Some(0), "after Ctrl-C: {rest:?}");
    assert!(
        rest.iter().any(|l| l.contains(r#""state":"disconnected""#)),
        "{rest:?}"
    );
}

#[test]
fn switchvox_calls_are_printed_from_polling() {
    let sim = Sim::start(&[]);
    let events = Events::start(&[
        "--family",
        "switchvox",
        "--url",
        &sim.url,
        "--user",
        "api",
        "events",
        "--poll-ms",
        "50",
    ]);
    events.until(r#"{"state":"connected"}"#);
    // The call, through `pbx run` (its Digest session is its own).
    let placed = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args(["--family", "switchvox", "--url", &sim.url, "--user", "api"])
        .args([
            "run",
            "call",
            "--dial-first",
            "15551112222",
            "--dial-second",
            "800",
        ])
        .args(["--dial-as-account-id", "1106"])
        .env("PBX_PASSWORD", "Secret123")
        .stdin(Stdio::null())
        .output()
        .expect("pbx runs");
    assert!(
        placed.status.success(),
        "{}",
        String::from_utf8_lossy(&placed.stderr)
    );
    let seen = events.until(r#""event":"call_answered""#);
    assert!(
        seen.iter()
            .any(|l| l.contains(r#""event":"outgoing_call""#)),
        "{seen:?}"
    );
    let (code, _) = events.interrupt();
    assert_eq!(code, Some(0));
}

#[test]
fn a_refused_login_exits_6_before_any_event() {
    let sim = Sim::start(&[]);
    let out = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args(["--family", "openvox", "--url", &sim.url, "--user", "api"])
        .args(["events", "--report-ip", "127.0.0.1", "--report-port", "0"])
        .env("PBX_PASSWORD", "wrong")
        .stdin(Stdio::null())
        .output()
        .expect("pbx runs");
    assert_eq!(out.status.code(), Some(6), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains(r#""state":"connected""#), "{stdout}");
}

/// A P-Series frame and its webhook signature with a 32-character secret:
/// python3 -c 'import hmac,hashlib,base64; print(base64.b64encode(hmac.new(
///   b"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", BODY, hashlib.sha256).digest()).decode())'
const WEBHOOK_SECRET: &str = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
const FRAME: &str =
    r#"{"type":30008,"sn":"3631A2124XXX","msg":"{\"extension\":\"2002\",\"status\":\"Ringing\"}"}"#;
const FRAME_SIGNATURE: &str = "woYb23VgRaWS1xHFGtS7gjeQqYRpdvnwX2II5pthRhw=";

/// Sends one request to `addr`; the answer's status line.
fn status_of(addr: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connected");
    stream.set_read_timeout(Some(BOUND)).expect("timeout set");
    stream.write_all(request.as_bytes()).expect("sent");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    answer.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn p_series_webhooks_are_printed_when_signed() {
    // No PBX is contacted: the PBX pushes webhooks whether or not a session exists.
    let events = Events::start_with(
        &[
            "--family",
            "yeastar-p",
            "--url",
            "http://127.0.0.1:9",
            "--user",
            "id",
            "events",
            "--webhook",
            "127.0.0.1:0",
        ],
        &[("PBX_WEBHOOK_SECRET", WEBHOOK_SECRET)],
    );
    let listening = json(&events.until(r#""state":"listening""#)[0]);
    let addr = listening["addr"]
        .as_str()
        .expect("the bound address")
        .to_owned();
    let request = |signature: Option<&str>| {
        let header = signature
            .map(|s| format!("X-Signature: {s}\r\n"))
            .unwrap_or_default();
        format!(
            "POST /webhook HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{header}\
             Content-Length: {}\r\nConnection: close\r\n\r\n{FRAME}",
            FRAME.len()
        )
    };
    assert!(
        status_of(&addr, &request(None)).contains(" 401"),
        "unsigned"
    );
    assert!(status_of(&addr, &request(Some(FRAME_SIGNATURE))).contains(" 200"));
    let seen = events.until(r#""extension":"2002""#);
    let event = json(seen.last().expect("a line"));
    assert_eq!(event["status"], "Ringing", "{event}");
    let (code, rest) = events.interrupt();
    assert_eq!(code, Some(0), "after Ctrl-C: {rest:?}");
}

#[test]
fn a_webhook_without_its_secret_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args([
            "--family",
            "yeastar-p",
            "--url",
            "http://127.0.0.1:9",
            "--user",
            "id",
        ])
        .args(["events", "--webhook", "127.0.0.1:0"])
        .env("PBX_PASSWORD", "Secret123")
        .env_remove("PBX_WEBHOOK_SECRET")
        .stdin(Stdio::null())
        .output()
        .expect("pbx runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PBX_WEBHOOK_SECRET"),
        "{out:?}"
    );
}
