//! One destination's outgoing queue and the task that empties it: HTTP reports resent until
//! the receiver answers 200 (bounded backoff, bounded attempts), Switchvox triggers sent once.
//! Every delivery is its own TCP connection ("A new TCP connection will be established every
//! time PBX sends an event", `https://help.yeastar.com/en/k2-developer-v2/api-v2/api-reports.html`),
//! and only ever to a loopback address.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;

use super::Senders;
use super::config::Fate;
use super::misbehave::Choices;
use super::target::{Head, Target, request};
use super::v1::Body;

/// What waits in a queue.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// A report, to the session's target at the time it is sent.
    Report(Body),
    /// A trigger request, complete.
    Trigger { target: Target, post: bool },
}

impl Item {
    /// What the tap is told: the report's body, or the trigger's path and query.
    pub fn text(&self) -> &str {
        match self {
            Item::Report(body) => &body.text,
            Item::Trigger { target, .. } => &target.path,
        }
    }
}

/// One destination: a report session (its token keeps it alive) or the Switchvox triggers.
#[derive(Debug)]
pub(crate) struct Outbox {
    pub family: &'static str,
    /// The session's token; `None` for triggers.
    pub token: Option<String>,
    pub head: Head,
    pub target: Mutex<Result<Target, String>>,
    queue: Mutex<VecDeque<Item>>,
    notify: Notify,
    closed: AtomicBool,
    /// Deliveries of one item (1 for triggers: Switchvox documents no retry).
    attempts: u32,
    /// Whether a drop at the queue's bound was logged already (later ones go to debug).
    warned_full: AtomicBool,
}

impl Outbox {
    pub fn new(
        family: &'static str,
        token: Option<String>,
        head: Head,
        target: Result<Target, String>,
        attempts: u32,
    ) -> Outbox {
        Outbox {
            family,
            token,
            head,
            target: Mutex::new(target),
            queue: Mutex::new(VecDeque::new()),
            notify: Notify::new(),
            closed: AtomicBool::new(false),
            attempts: attempts.max(1),
            warned_full: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Item>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues the items of one change together (so a sender never sees half of them); those
    /// beyond the bound, or all once closed, are dropped and counted.
    pub fn push_all(&self, items: Vec<Item>, bound: usize, senders: &Senders) {
        let count = items.len() as u64;
        let dropped = {
            let mut queue = self.lock();
            let mut dropped = 0u64;
            for item in items {
                if self.is_closed() || queue.len() >= bound.max(1) {
                    dropped += 1;
                    senders.tell(self.family, item.text(), Fate::Lost);
                } else {
                    senders.tell(self.family, item.text(), Fate::Queued);
                    queue.push_back(item);
                }
            }
            dropped
        };
        senders.tally.bump(self.family, |c| {
            c.queued += count;
            c.dropped += dropped;
        });
        if dropped > 0 {
            if self.warned_full.swap(true, Ordering::Relaxed) {
                tracing::debug!(
                    family = self.family,
                    dropped,
                    "event queue full: reports dropped"
                );
            } else {
                tracing::warn!(
                    family = self.family,
                    bound,
                    dropped,
                    "event queue full: reports dropped (further drops are logged at debug)"
                );
            }
        }
        self.notify.notify_one();
    }

    /// Re-points the session (heartbeat).
    pub fn repoint(&self, target: Result<Target, String>) {
        *self.target.lock().unwrap_or_else(|e| e.into_inner()) = target;
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Stops the destination: what is queued is dropped (and counted).
    pub fn close(&self, senders: &Senders) {
        self.closed.store(true, Ordering::SeqCst);
        let left = std::mem::take(&mut *self.lock());
        for item in &left {
            senders.tell(self.family, item.text(), Fate::Lost);
        }
        let left = left.len() as u64;
        if left > 0 {
            senders.tally.bump(self.family, |c| c.dropped += left);
        }
        self.notify.notify_one();
    }

    fn pop(&self) -> Option<Item> {
        self.lock().pop_front()
    }

    /// The next item, waiting for one; `None` once closed.
    async fn next(&self) -> Option<Item> {
        loop {
            if self.is_closed() {
                return None;
            }
            if let Some(item) = self.pop() {
                return Some(item);
            }
            self.notify.notified().await;
        }
    }
}

/// Empties `outbox` until it is closed or its token dies.
pub(crate) async fn run(outbox: Arc<Outbox>, senders: Arc<Senders>, mut choices: Choices) {
    let family = outbox.family;
    while let Some(first) = outbox.next().await {
        let mut batch = vec![first];
        if choices.reorder()
            && let Some(second) = outbox.pop()
        {
            senders.tally.bump(family, |c| c.reordered += 1);
            batch.insert(0, second);
        }
        let mut batch = batch.into_iter();
        while let Some(item) = batch.next() {
            let delay = choices.delay();
            if !delay.is_zero() {
                senders.tally.bump(family, |c| c.delayed += 1);
                tokio::time::sleep(delay).await;
            }
            let copies = if choices.duplicate() {
                senders.tally.bump(family, |c| c.duplicated += 1);
                2
            } else {
                1
            };
            // Given up only if no copy was answered 200.
            let mut acked = false;
            for _ in 0..copies {
                match deliver(&outbox, &senders, &item).await {
                    Delivery::Acked => acked = true,
                    Delivery::GaveUp => {}
                    Delivery::TokenGone => {
                        tracing::info!(family, "session token gone: its reports stop");
                        // This report (unless a copy got through) and the one it was swapped
                        // with, if any: never sent.
                        let mut lost = 0;
                        for item in (!acked)
                            .then_some(&item)
                            .into_iter()
                            .chain(batch.as_slice())
                        {
                            lost += 1;
                            senders.tell(family, item.text(), Fate::Lost);
                        }
                        senders.tally.bump(family, |c| c.dropped += lost);
                        outbox.close(&senders);
                        return;
                    }
                }
            }
            if !acked {
                senders.tell(family, item.text(), Fate::Lost);
                senders.tally.bump(family, |c| c.dropped += 1);
            }
        }
    }
}

/// How one delivery ended.
enum Delivery {
    /// Answered 200 (a trigger: any 2xx).
    Acked,
    /// Not answered 200 after every attempt, or no usable target (logged, not counted yet).
    GaveUp,
    /// The session's token has died: the item was not sent.
    TokenGone,
}

/// Delivers one item, resending reports until answered 200.
async fn deliver(outbox: &Outbox, senders: &Senders, item: &Item) -> Delivery {
    let family = outbox.family;
    let config = &senders.config;
    let mut wait = config.resend_first;
    for attempt in 0..outbox.attempts {
        if attempt > 0 {
            senders.tally.bump(family, |c| c.resent += 1);
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(config.resend_max);
        }
        // A report also counts as interaction that keeps the token alive (YEN
        // `introduction_to_the_api/interaction_method.md`); a dead token stops the reports.
        if let Some(token) = &outbox.token
            && !(senders.alive)(family, token)
        {
            return Delivery::TokenGone;
        }
        let (target, bytes, post) = match item {
            Item::Report(body) => {
                let target = outbox
                    .target
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone();
                match target {
                    Ok(target) => {
                        let bytes = request(outbox.head, &target, body);
                        (target, bytes, false)
                    }
                    Err(why) => {
                        tracing::warn!(family, %why, "no report target: report dropped");
                        return Delivery::GaveUp;
                    }
                }
            }
            Item::Trigger { target, post } => {
                (target.clone(), trigger_request(target, *post), true)
            }
        };
        let Some(addr) = target.loopback() else {
            tracing::warn!(
                family,
                host = %target.host,
                port = target.port,
                "report target is not a loopback address: never contacted, report dropped"
            );
            senders.tally.bump(family, |c| c.refused_targets += 1);
            return Delivery::GaveUp;
        };
        senders.tally.bump(family, |c| c.sent += 1);
        let half_close = outbox.head == Head::OpenVoxMalformed && !post;
        match exchange(addr, &bytes, half_close, config.answer_timeout).await {
            Ok(status) if status == 200 || (post && (200..300).contains(&status)) => {
                senders.tally.bump(family, |c| c.acknowledged += 1);
                return Delivery::Acked;
            }
            Ok(status) => tracing::debug!(family, status, attempt, "report not acknowledged"),
            Err(e) => tracing::debug!(family, error = %e, attempt, "report not delivered"),
        }
    }
    tracing::warn!(
        family,
        attempts = outbox.attempts,
        "no 200 for a report: dropped"
    );
    Delivery::GaveUp
}

/// A Switchvox trigger's request: the data is in the URL, the body empty.
fn trigger_request(target: &Target, post: bool) -> Vec<u8> {
    let method = if post { "POST" } else { "GET" };
    format!(
        "{method} {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        target.path, target.host, target.port
    )
    .into_bytes()
}

/// One connection: the request written, the status of the answer read (up to 4 KiB for its
/// status line), the connection closed.
async fn exchange(
    addr: SocketAddr,
    bytes: &[u8],
    half_close: bool,
    limit: Duration,
) -> std::io::Result<u16> {
    let attempt = async {
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(bytes).await?;
        if half_close {
            stream.shutdown().await?;
        }
        let mut head = Vec::with_capacity(256);
        let mut chunk = [0u8; 512];
        while !head.contains(&b'\n') && head.len() < 4096 {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&chunk[..n]);
        }
        status(&head).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, "no HTTP status line")
        })
    };
    tokio::time::timeout(limit, attempt)
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in time"))?
}

/// `HTTP/1.1 200 OK` → 200.
fn status(head: &[u8]) -> Option<u16> {
    let line = head.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split_whitespace();
    parts.next().filter(|v| v.starts_with("HTTP/"))?;
    parts.next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn status_lines() {
        assert_eq!(super::status(b"HTTP/1.1 200 OK\r\n"), Some(200));
        assert_eq!(super::status(b"HTTP/1.0 500 Oops\r\nX: y"), Some(500));
        assert_eq!(super::status(b"garbage\r\n"), None);
    }
}
