//! The exchange log: every request and its answer, secrets redacted, kept for
//! [`crate::Simulator::take_exchanges`] and handed as it happens to a watcher
//! ([`crate::Simulator::on_exchange`], `pbx sim --log`).

use std::cell::Cell;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::redact;

/// One request and its answer, as they crossed the wire, with secrets shown as `***`: tokens
/// in the query, and `password`, `secret`, `token`, `access_token`, `refresh_token` (any name
/// ending in one of those) in JSON, XML or form bodies. Headers are not kept, so neither is
/// an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The endpoint id.
    pub endpoint: &'static str,
    /// `POST /api/v1.0.0/extension/dial_outbound?token=***`.
    pub request_line: String,
    /// The request body.
    pub request: String,
    /// The HTTP status answered.
    pub status: u16,
    /// The answer body.
    pub response: String,
    /// Request parameters the spec does not know: ignored, as firmware does, or (with
    /// `SimConfig::strict`) the reason the request was refused.
    pub ignored: Vec<String>,
}

/// One block per exchange, for a terminal:
///
/// ```text
/// --> POST /api/v1.0.0/login (yeastar_s::login)
///     {"username":"api","password":"***"}
/// <-- 200
///     {"status":"Success","token":"***"}
/// ```
///
/// Control characters in bodies are shown as `\u{..}` escapes, so a body cannot drive the
/// terminal.
impl std::fmt::Display for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "--> {} ({})",
            printable(&self.request_line),
            self.endpoint
        )?;
        body(f, &self.request)?;
        if !self.ignored.is_empty() {
            writeln!(
                f,
                "    (not in the spec: {})",
                printable(&self.ignored.join(", "))
            )?;
        }
        writeln!(f, "<-- {}", self.status)?;
        body(f, &self.response)
    }
}

fn body(f: &mut std::fmt::Formatter<'_>, text: &str) -> std::fmt::Result {
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        writeln!(f, "    {}", printable(line))?;
    }
    Ok(())
}

/// `text` with control characters (tabs aside) escaped.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Called with each exchange as it happens.
pub(crate) type Watcher = Arc<dyn Fn(&Exchange) + Send + Sync>;

/// The kept exchanges and the watcher.
#[derive(Default)]
pub(crate) struct ExchangeLog {
    /// Whether anyone wants exchanges (kept or watched), so the rest costs nothing otherwise.
    on: AtomicBool,
    kept: Mutex<Option<Vec<Exchange>>>,
    watcher: Mutex<Option<Watcher>>,
}

impl ExchangeLog {
    /// Whether an exchange would be kept or watched.
    pub fn recording(&self) -> bool {
        self.on.load(Ordering::SeqCst)
    }

    /// Redacts `exchange`, keeps it if recording, and hands it to the watcher.
    pub fn record(&self, mut exchange: Exchange) {
        if !self.recording() {
            return;
        }
        let _ = RECORDED.try_with(|recorded| recorded.set(true));
        exchange.request_line = redact::request_line(&exchange.request_line);
        exchange.request = redact::body(&exchange.request);
        exchange.response = redact::body(&exchange.response);
        // The watcher runs outside the lock, so it may call the simulator.
        let watcher = lock(&self.watcher).clone();
        if let Some(watcher) = watcher {
            watcher(&exchange);
        }
        if let Some(kept) = lock(&self.kept).as_mut() {
            kept.push(exchange);
        }
    }

    /// Starts (or stops) keeping exchanges.
    pub fn keep(&self, on: bool) {
        *lock(&self.kept) = on.then(Vec::new);
        self.update();
    }

    /// The exchanges kept since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        lock(&self.kept)
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Sets (or removes) the watcher.
    pub fn watch(&self, watcher: Option<Watcher>) {
        *lock(&self.watcher) = watcher;
        self.update();
    }

    fn update(&self) {
        let on = lock(&self.kept).is_some() || lock(&self.watcher).is_some();
        self.on.store(on, Ordering::SeqCst);
    }
}

tokio::task_local! {
    /// Whether the exchange being answered was recorded (by `exchange.rs`).
    static RECORDED: Cell<bool>;
}

/// Runs `answer`, and says whether it recorded its exchange: the connection logs the ones
/// answered before an endpoint was found (no route, authentication challenges).
pub(crate) async fn tracked<F: Future>(answer: F) -> (F::Output, bool) {
    RECORDED
        .scope(Cell::new(false), async {
            let output = answer.await;
            (output, RECORDED.with(Cell::get))
        })
        .await
}

/// The endpoint shown for an exchange no endpoint answered.
pub(crate) const NO_ENDPOINT: &str = "no endpoint";

/// A poisoned lock means a watcher panicked; the log itself is still usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
