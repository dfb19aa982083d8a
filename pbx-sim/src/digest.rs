//! HTTP Digest for Switchvox: the `Authorization` header's parameter list (RFC 7235 §2.1 list
//! syntax, RFC 7616), and the nonces the simulator issued, with their age and the nonce counts
//! already spent on each, so a captured header cannot be replayed.

use std::collections::{HashSet, VecDeque};
use std::time::{Duration, Instant};

use crate::state::md5_hex;

/// Splits a credentials header into its scheme (as sent) and the rest.
pub(crate) fn scheme(header: &str) -> (&str, &str) {
    let header = header.trim_matches([' ', '\t']);
    match header.find([' ', '\t']) {
        Some(i) => (&header[..i], header[i..].trim_start_matches([' ', '\t'])),
        None => (header, ""),
    }
}

/// The `name=value` pairs of a Digest credentials list, names lowercased, values unquoted
/// (backslash escapes resolved). Elements are separated by commas with optional whitespace
/// around them (`a="1", b=2` and `a="1",b=2` alike); empty elements are skipped. `None` for
/// anything that is not such a list, or that names a parameter twice.
pub(crate) fn params(list: &str) -> Option<Vec<(String, String)>> {
    let bytes = list.as_bytes();
    let mut i = 0;
    let mut out: Vec<(String, String)> = Vec::new();
    let skip_ows = |i: &mut usize| {
        while *i < bytes.len() && matches!(bytes[*i], b' ' | b'\t') {
            *i += 1;
        }
    };
    loop {
        // Leading whitespace and empty list elements.
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b',') {
            i += 1;
        }
        if i >= bytes.len() {
            return Some(out);
        }
        let start = i;
        while i < bytes.len() && is_tchar(bytes[i]) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let name = list[start..i].to_ascii_lowercase();
        skip_ows(&mut i);
        if bytes.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        skip_ows(&mut i);
        let value = if bytes.get(i) == Some(&b'"') {
            i += 1;
            let mut value = String::new();
            loop {
                let c = list[i..].chars().next()?;
                i += c.len_utf8();
                match c {
                    '"' => break,
                    '\\' => {
                        let escaped = list[i..].chars().next()?;
                        i += escaped.len_utf8();
                        value.push(escaped);
                    }
                    c => value.push(c),
                }
            }
            value
        } else {
            let start = i;
            while i < bytes.len() && is_tchar(bytes[i]) {
                i += 1;
            }
            if i == start {
                return None;
            }
            list[start..i].to_owned()
        };
        if out.iter().any(|(n, _)| *n == name) {
            return None;
        }
        out.push((name, value));
        skip_ows(&mut i);
        match bytes.get(i) {
            None => return Some(out),
            Some(b',') => i += 1,
            Some(_) => return None,
        }
    }
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// How a nonce presented with a nonce count stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NonceUse {
    /// Issued, alive, and this count not used before: accepted (and now spent).
    Fresh,
    /// Unknown, expired or rotated away: the client should retry with a new one.
    Stale,
    /// This count was already spent on this nonce.
    Replayed,
}

/// Nonces handed out in challenges, and the counts spent on each.
#[derive(Debug)]
pub(crate) struct Nonces {
    issued: VecDeque<Issued>,
    next: u64,
}

#[derive(Debug)]
struct Issued {
    value: String,
    at: Instant,
    spent: HashSet<u32>,
}

/// At most this many live nonces (the oldest are forgotten first): a bound on memory that a
/// stream of unauthenticated probes cannot lift.
const MAX_NONCES: usize = 1024;
/// At most this many counts per nonce; past that the nonce is stale and a new one is issued.
const MAX_COUNTS: usize = 4096;

impl Nonces {
    pub fn new() -> Self {
        Nonces {
            issued: VecDeque::new(),
            next: 0,
        }
    }

    /// A new nonce for a challenge.
    pub fn issue(&mut self) -> String {
        self.next += 1;
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let value = md5_hex(&format!("pbx-sim nonce {} {since_epoch}", self.next));
        if self.issued.len() >= MAX_NONCES {
            self.issued.pop_front();
        }
        self.issued.push_back(Issued {
            value: value.clone(),
            at: Instant::now(),
            spent: HashSet::new(),
        });
        value
    }

    /// Checks `nonce` with count `nc` against a nonce life of `life`, spending the count if
    /// it is fresh.
    pub fn spend(&mut self, nonce: &str, nc: u32, life: Duration) -> NonceUse {
        let now = Instant::now();
        self.issued.retain(|n| now.duration_since(n.at) < life);
        let Some(issued) = self.issued.iter_mut().find(|n| n.value == nonce) else {
            return NonceUse::Stale;
        };
        if issued.spent.len() >= MAX_COUNTS {
            return NonceUse::Stale;
        }
        if issued.spent.insert(nc) {
            NonceUse::Fresh
        } else {
            NonceUse::Replayed
        }
    }

    /// Forgets every nonce, so every client is challenged again.
    pub fn rotate(&mut self) {
        self.issued.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(p: &'a [(String, String)], name: &str) -> Option<&'a str> {
        p.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn lists_with_and_without_spaces_quoted_or_not() {
        for list in [
            r#"username="api", realm="switchvox", nc=00000001, qop=auth"#,
            r#"username="api",realm="switchvox",nc=00000001,qop="auth""#,
            r#"  USERNAME = "api" ,, realm="switchvox" ,nc=00000001 , qop=auth ,"#,
        ] {
            let p = params(list).unwrap_or_else(|| panic!("{list}"));
            assert_eq!(get(&p, "username"), Some("api"), "{list}");
            assert_eq!(get(&p, "realm"), Some("switchvox"), "{list}");
            assert_eq!(get(&p, "nc"), Some("00000001"), "{list}");
            assert_eq!(get(&p, "qop"), Some("auth"), "{list}");
        }
    }

    #[test]
    fn quoted_strings_resolve_escapes_and_keep_commas() {
        let p = params(r#"username="a\"b\\c", uri="/json?x=1,2""#).unwrap();
        assert_eq!(get(&p, "username"), Some(r#"a"b\c"#));
        assert_eq!(get(&p, "uri"), Some("/json?x=1,2"));
    }

    #[test]
    fn malformed_lists_are_refused() {
        for list in [
            r#"username="api"#,
            "username",
            "=x",
            r#"a="1" b="2""#,
            r#"a="1", a="2""#,
            "a=",
        ] {
            assert_eq!(params(list), None, "{list}");
        }
    }

    #[test]
    fn schemes_split_at_the_first_space() {
        assert_eq!(scheme("digest  a=1"), ("digest", "a=1"));
        assert_eq!(scheme("Basic"), ("Basic", ""));
    }

    #[test]
    fn counts_are_spent_once_and_nonces_expire() {
        let mut n = Nonces::new();
        let nonce = n.issue();
        let life = Duration::from_secs(60);
        assert_eq!(n.spend(&nonce, 1, life), NonceUse::Fresh);
        assert_eq!(n.spend(&nonce, 1, life), NonceUse::Replayed);
        assert_eq!(n.spend(&nonce, 3, life), NonceUse::Fresh);
        assert_eq!(n.spend(&nonce, 2, life), NonceUse::Fresh);
        assert_eq!(n.spend("other", 1, life), NonceUse::Stale);
        assert_eq!(n.spend(&nonce, 4, Duration::ZERO), NonceUse::Stale);
        let again = n.issue();
        n.rotate();
        assert_eq!(n.spend(&again, 1, life), NonceUse::Stale);
    }
}
