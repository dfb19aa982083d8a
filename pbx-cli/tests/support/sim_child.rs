//! `pbx sim` as a child process: started on a free port, its URL read from the first stdout
//! line, killed when dropped (even when the test fails); every wait bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Long enough for anything on a loaded machine.
pub const BOUND: Duration = Duration::from_secs(60);

/// The MD5 of `Secret123`, as the S-Series login wants the default password.
pub const PASSWORD_MD5: &str = "5c90b96a75d4f9d5a1cfaa6f532afdc8";

/// A running `pbx sim`: killed when dropped, even when the test fails.
pub struct Sim {
    pub child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    /// The URL from the first stdout line.
    pub url: String,
    /// `127.0.0.1:port`.
    pub addr: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines `from` prints, on a channel.
fn lines(from: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

impl Sim {
    pub fn start(args: &[&str]) -> Sim {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pbx"))
            .args(["sim", "--port", "0"])
            .args(args)
            .env_remove("PBX_PASSWORD")
            .env_remove("PBX_USER")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pbx starts");
        let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
        let mut sim = Sim {
            child,
            stdout: lines(stdout.expect("stdout piped")),
            stderr: lines(stderr.expect("stderr piped")),
            url: String::new(),
            addr: String::new(),
        };
        let first = sim.stdout_line();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            .unwrap_or_else(|| panic!("no URL on the first line: {first}"));
        sim.url = url.to_owned();
        sim.addr = url.split("://").nth(1).expect("host:port").to_owned();
        sim
    }

    pub fn stdout_line(&self) -> String {
        self.stdout
            .recv_timeout(BOUND)
            .expect("a line on stdout in time")
    }

    /// Stderr lines up to and including the first one `until` accepts.
    pub fn stderr_until(&self, until: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + BOUND;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = self.stderr.recv_timeout(left) else {
                break;
            };
            let done = until(&line);
            seen.push(line);
            if done {
                return seen;
            }
        }
        panic!(
            "stderr never showed the line; it showed:\n{}",
            seen.join("\n")
        );
    }

    /// Sends `request` (with `Connection: close`) and reads the whole answer.
    pub fn http(&self, request: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).expect("connected");
        stream.set_read_timeout(Some(BOUND)).expect("timeout set");
        stream.write_all(request.as_bytes()).expect("request sent");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("answer read");
        String::from_utf8_lossy(&answer).into_owned()
    }
}
