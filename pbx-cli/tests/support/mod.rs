//! Running the built `pbx` in tests: a clean environment (no `PBX_*` from the developer's
//! shell), off the async runtime so an in-process simulator keeps answering meanwhile.

#![allow(dead_code)]

pub mod sim_child;

use std::ffi::OsString;
use std::process::{Command, Output};

/// A `pbx` invocation being put together.
pub struct Pbx {
    command: Command,
}

impl Pbx {
    /// `pbx` with `args` and no `PBX_*` or `RUST_LOG` variables.
    pub fn new<I, S>(args: I) -> Pbx
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pbx"));
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("PBX_") || key == "RUST_LOG" {
                command.env_remove(key);
            }
        }
        command.args(args.into_iter().map(Into::into));
        Pbx { command }
    }

    /// Adds arguments.
    pub fn args<'a>(mut self, args: impl IntoIterator<Item = &'a str>) -> Pbx {
        self.command.args(args);
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Pbx {
        self.command.env(key, value);
        self
    }

    /// Runs it, here and now (for tests without a runtime).
    pub fn output(mut self) -> Output {
        self.command.output().expect("pbx runs")
    }

    /// Runs it off the async runtime, bounded by 60 s.
    pub async fn run(self) -> Output {
        let task = tokio::task::spawn_blocking(move || self.output());
        tokio::time::timeout(std::time::Duration::from_secs(60), task)
            .await
            .expect("pbx finishes within 60 s")
            .expect("task")
    }
}

/// Bytes as text, for assertions and messages.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A loopback port nobody listens on.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

/// A temporary folder of this test process.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pbx-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// The one JSON document `pbx --json` printed on stdout.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&out.stdout)))
}
