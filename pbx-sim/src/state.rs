//! What the simulated PBX remembers: sessions, the model (calls, records, queues,
//! conferences: `model/`), counters and planned faults.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use md5::{Digest, Md5};

use crate::config::{Fault, FaultKind, SimConfig};
use crate::facts::facts;
use crate::model::Model;

#[derive(Debug)]
struct Token {
    family: &'static str,
    value: String,
    expires: Instant,
    /// Traffic extends the life (S-Series); P-Series tokens die at a fixed time.
    sliding: bool,
}

/// Everything mutable, behind the simulator's one lock.
#[derive(Debug)]
pub(crate) struct State {
    pub config: SimConfig,
    tokens: Vec<Token>,
    refresh: Vec<(&'static str, String)>,
    /// Failed logins in a row, and the lockout they led to, by family.
    failures: HashMap<&'static str, (u32, Option<Lock>)>,
    /// Calls, records, queues and conferences.
    pub model: Model,
    pub requests: HashMap<String, usize>,
    faults: Vec<Fault>,
    /// Faults at a steady rate: every `n`-th request gets the fault.
    rates: Vec<(FaultKind, usize)>,
    /// Requests seen, for the rates.
    seen: usize,
    pub latency: Option<Duration>,
    next: u64,
    /// Switchvox Digest nonces and the counts spent on them (`digest.rs`).
    pub nonces: crate::digest::Nonces,
    /// Who receives events, and what is queued for them (`events/`).
    pub events: crate::events::Events,
}

/// A lockout after too many failed logins.
#[derive(Debug, Clone, Copy)]
enum Lock {
    /// Until then (S-Series, API 2.0, OpenVox: ten minutes).
    Until(Instant),
    /// Until the address is removed from the blocklist (P-Series).
    Blocklisted,
}

/// How a login attempt ends.
pub(crate) enum Login {
    Token(String),
    Refused(&'static str),
}

impl State {
    pub fn new(config: SimConfig) -> Self {
        let events = crate::events::Events::new(config.events.clone());
        State {
            events,
            config,
            tokens: Vec::new(),
            refresh: Vec::new(),
            failures: HashMap::new(),
            model: Model::default(),
            requests: HashMap::new(),
            faults: Vec::new(),
            rates: Vec::new(),
            seen: 0,
            latency: None,
            next: 0,
            nonces: crate::digest::Nonces::new(),
        }
    }

    fn fresh(&mut self, what: &str) -> String {
        self.next += 1;
        md5_hex(&format!("pbx-sim {what} {}", self.next))
    }

    /// Checks a login; five failures in a row lock the family out for a while (the vendors
    /// lock the client's address; every client of the simulator is on loopback).
    pub fn login(&mut self, family: &'static str, user: &str, secret: &str, md5: bool) -> Login {
        let codes = facts(family);
        let now = Instant::now();
        if self.locked(family, now) {
            return Login::Refused(codes.locked_out);
        }
        let expected = if md5 {
            md5_hex(&self.config.password)
        } else {
            self.config.password.clone()
        };
        if user != self.config.user || secret != expected {
            return Login::Refused(self.failed_login(family));
        }
        let entry = self.failures.entry(family).or_insert((0, None));
        *entry = (0, None);
        let token = self.fresh("token");
        let (life, sliding) = if md5 {
            (self.config.token_idle, true)
        } else {
            (self.config.access_token_life, false)
        };
        self.tokens.push(Token {
            family,
            value: token.clone(),
            expires: now + life,
            sliding,
        });
        Login::Token(token)
    }

    /// Whether `family` is locked out now.
    fn locked(&self, family: &'static str, now: Instant) -> bool {
        match self.failures.get(family).and_then(|(_, lock)| *lock) {
            Some(Lock::Until(until)) => now < until,
            Some(Lock::Blocklisted) => true,
            None => false,
        }
    }

    /// Counts a failed login (wrong or malformed credentials); the code to answer with:
    /// the family's login failure, or its lockout once `lockout_after` failures in a row
    /// have been counted: for `lockout_for`, or until [`State::unblock`] where the vendor
    /// blocklists the address.
    pub fn failed_login(&mut self, family: &'static str) -> &'static str {
        let codes = facts(family);
        let now = Instant::now();
        if self.locked(family, now) {
            return codes.locked_out;
        }
        let (after, lock_for) = (self.config.lockout_after, self.config.lockout_for);
        let entry = self.failures.entry(family).or_insert((0, None));
        entry.0 += 1;
        if entry.0 >= after {
            let lock = if codes.lockout_blocklists {
                Lock::Blocklisted
            } else {
                Lock::Until(now + lock_for)
            };
            *entry = (0, Some(lock));
        }
        codes.login_failed
    }

    /// Forgets every lockout and failure count (an administrator deleting the blocked API
    /// addresses on the PBX's web page).
    pub fn unblock(&mut self) {
        self.failures.clear();
    }

    /// Issues a refresh token beside an access token (P-Series).
    pub fn refresh_token(&mut self, family: &'static str) -> String {
        let token = self.fresh("refresh");
        self.refresh.push((family, token.clone()));
        token
    }

    /// Spends a refresh token; `true` if it was valid.
    pub fn spend_refresh(&mut self, family: &'static str, token: &str) -> bool {
        let before = self.refresh.len();
        self.refresh.retain(|(f, t)| !(*f == family && t == token));
        self.refresh.len() != before
    }

    /// Checks a token, extending a sliding one; the family's code when it is refused (blank,
    /// unknown, or timed out).
    pub fn check_token(&mut self, family: &'static str, token: &str) -> Result<(), &'static str> {
        let codes = facts(family);
        if token.is_empty() {
            return Err(codes.token_blank);
        }
        let now = Instant::now();
        let idle = self.config.token_idle;
        // An expired token is remembered for a while, so that it is answered as timed out
        // (S-Series 20006) rather than unknown.
        let memory = idle.max(self.config.access_token_life);
        self.tokens.retain(|t| t.expires + memory > now);
        let index = self
            .tokens
            .iter()
            .position(|t| t.family == family && t.value == token)
            .ok_or(codes.token_invalid)?;
        let t = &mut self.tokens[index];
        if t.expires <= now {
            self.tokens.swap_remove(index);
            return Err(codes.token_expired);
        }
        if t.sliding {
            t.expires = now + idle;
        }
        Ok(())
    }

    /// Whether `token` is one of `family`'s sessions (live or expired), without touching it.
    pub fn knows_token(&self, family: &str, token: &str) -> bool {
        self.tokens
            .iter()
            .any(|t| t.family == family && t.value == token)
    }

    /// Ends a session.
    pub fn logout(&mut self, family: &'static str, token: &str) {
        self.tokens
            .retain(|t| !(t.family == family && t.value == token));
        self.events.end(Some(token));
    }

    /// Forgets every session token; refresh tokens too when `refresh` is set (a restart).
    pub fn expire_tokens(&mut self, refresh: bool) {
        self.tokens.clear();
        self.events.end(None);
        if refresh {
            self.refresh.clear();
        }
    }

    /// Plans a fault.
    pub fn plan(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    /// Gives every `every`-th request `kind` from now on (`every` 0 stops it).
    pub fn set_rate(&mut self, kind: FaultKind, every: usize) {
        self.rates.retain(|(k, _)| *k != kind);
        if every > 0 {
            self.rates.push((kind, every));
        }
    }

    /// The fault due for a request to `endpoint`, if any, counting it down.
    pub fn take_fault(&mut self, endpoint: &str) -> Option<FaultKind> {
        self.seen += 1;
        let seen = self.seen;
        if let Some((kind, _)) = self
            .rates
            .iter()
            .find(|(_, every)| seen.is_multiple_of(*every))
        {
            return Some(kind.clone());
        }
        let index = self
            .faults
            .iter()
            .position(|f| f.times > 0 && f.endpoint.as_deref().is_none_or(|e| e == endpoint))?;
        let fault = &mut self.faults[index];
        fault.times -= 1;
        let kind = fault.kind.clone();
        self.faults.retain(|f| f.times > 0);
        Some(kind)
    }
}

/// Lowercase hex MD5.
pub(crate) fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
