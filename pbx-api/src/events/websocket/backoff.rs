//! Reconnect delays: exponential from the first delay (100 ms, then ×2), capped, and jittered
//! so that many clients cut off together do not come back together (node-ari-client's
//! backoff, events.md 3a; the ESL reconnect storms it avoids).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// The delays before reconnect attempts.
#[derive(Debug)]
pub(super) struct Backoff {
    first: Duration,
    cap: Duration,
    /// xorshift64 state for the jitter (never zero).
    state: u64,
}

impl Backoff {
    /// Delays from `first`, doubling, never above `cap`.
    pub(super) fn new(first: Duration, cap: Duration) -> Self {
        // A per-process random key: the jitter need not be cryptographic, only different
        // between clients.
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(0x9e37_79b9_7f4a_7c15);
        Backoff {
            first,
            cap,
            state: hasher.finish() | 1,
        }
    }

    /// The delay before reconnect attempt `attempt` (1 for the first): the exponential delay
    /// `first × 2^(attempt-1)` capped at `cap`, then a random point in its upper half.
    pub(super) fn delay(&mut self, attempt: u32) -> Duration {
        let full = self.ceiling(attempt);
        let half = full / 2;
        let span = (full - half).as_nanos() as u64;
        let jitter = if span == 0 {
            0
        } else {
            self.next() % (span + 1)
        };
        half + Duration::from_nanos(jitter)
    }

    /// The un-jittered delay of attempt `attempt`: the most it may be.
    pub(super) fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.first.saturating_mul(factor).min(self.cap)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_from_the_first_up_to_the_cap() {
        let backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(30));
        let ceilings: Vec<u128> = (1..=12).map(|a| backoff.ceiling(a).as_millis()).collect();
        assert_eq!(
            ceilings,
            [
                100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000
            ]
        );
        assert_eq!(backoff.ceiling(u32::MAX), Duration::from_secs(30));
    }

    #[test]
    fn jittered_delays_stay_in_the_upper_half_and_vary() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(30));
        let mut seen = std::collections::HashSet::new();
        for attempt in 1..=40 {
            for _ in 0..50 {
                let delay = backoff.delay(attempt);
                let ceiling = backoff.ceiling(attempt);
                assert!(
                    delay <= ceiling && delay >= ceiling / 2,
                    "{attempt}: {delay:?}"
                );
                seen.insert(delay);
            }
        }
        assert!(
            seen.len() > 100,
            "jitter gave {} distinct delays",
            seen.len()
        );
    }
}
