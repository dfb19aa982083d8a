//! What the simulated PBX remembers: sessions, calls, counters and planned faults.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use md5::{Digest, Md5};

use crate::config::{Fault, FaultKind, SimConfig};
use crate::facts::facts;

/// A call the simulated PBX has placed and not yet hung up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimCall {
    /// The call id the PBX answered with.
    pub id: String,
    /// The family module that placed it.
    pub family: &'static str,
    /// The calling party.
    pub from: String,
    /// The called party.
    pub to: String,
    /// The caller's channel (Yeastar API 2.0 hangs up by channel).
    pub channel: String,
}

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
    failures: HashMap<&'static str, (u32, Option<Instant>)>,
    pub calls: Vec<SimCall>,
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
}

/// How a login attempt ends.
pub(crate) enum Login {
    Token(String),
    Refused(&'static str),
}

impl State {
    pub fn new(config: SimConfig) -> Self {
        State {
            config,
            tokens: Vec::new(),
            refresh: Vec::new(),
            failures: HashMap::new(),
            calls: Vec::new(),
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

    /// A new call id in the vendors' `seconds.sequence` form.
    pub fn call_id(&mut self) -> String {
        self.next += 1;
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        format!("{seconds}.{}", self.next)
    }

    /// Checks a login; five failures in a row lock the family out for a while.
    pub fn login(&mut self, family: &'static str, user: &str, secret: &str, md5: bool) -> Login {
        let codes = facts(family);
        let now = Instant::now();
        let entry = self.failures.entry(family).or_insert((0, None));
        if entry.1.is_some_and(|until| now < until) {
            return Login::Refused(codes.locked_out);
        }
        let expected = if md5 {
            md5_hex(&self.config.password)
        } else {
            self.config.password.clone()
        };
        if user != self.config.user || secret != expected {
            entry.0 += 1;
            if entry.0 >= self.config.lockout_after {
                entry.1 = Some(now + self.config.lockout_for);
                entry.0 = 0;
            }
            return Login::Refused(codes.login_failed);
        }
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

    /// Checks a token, extending a sliding one; the family's code when it is refused.
    pub fn check_token(&mut self, family: &'static str, token: &str) -> Result<(), &'static str> {
        let codes = facts(family);
        if token.is_empty() {
            return Err(codes.token_blank);
        }
        let now = Instant::now();
        let idle = self.config.token_idle;
        self.tokens.retain(|t| t.expires > now);
        match self
            .tokens
            .iter_mut()
            .find(|t| t.family == family && t.value == token)
        {
            Some(t) => {
                if t.sliding {
                    t.expires = now + idle;
                }
                Ok(())
            }
            None => Err(codes.token_invalid),
        }
    }

    /// Ends a session.
    pub fn logout(&mut self, family: &'static str, token: &str) {
        self.tokens
            .retain(|t| !(t.family == family && t.value == token));
    }

    /// Forgets every session token; refresh tokens too when `refresh` is set (a restart).
    pub fn expire_tokens(&mut self, refresh: bool) {
        self.tokens.clear();
        if refresh {
            self.refresh.clear();
        }
    }

    /// Places a call.
    pub fn place(&mut self, family: &'static str, from: &str, to: &str) -> SimCall {
        let id = self.call_id();
        let call = SimCall {
            channel: format!("PJSIP/{from}-{:08x}", self.next),
            id,
            family,
            from: from.to_owned(),
            to: to.to_owned(),
        };
        self.calls.push(call.clone());
        call
    }

    /// Hangs up the calls `matches` picks; `false` if there was none.
    pub fn hang_up(&mut self, matches: impl Fn(&SimCall) -> bool) -> bool {
        let before = self.calls.len();
        self.calls.retain(|c| !matches(c));
        self.calls.len() != before
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
