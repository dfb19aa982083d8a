//! The misbehaviour choices of one sender: a small seeded generator (SplitMix64), so a run
//! with the same seed and the same events misbehaves the same way.

use super::config::Misbehaviour;

/// One sender's choices.
#[derive(Debug, Clone)]
pub(crate) struct Choices {
    rules: Misbehaviour,
    state: u64,
    /// Frames written on the current socket (P-Series), for `drop_socket_every`.
    pub frames: usize,
}

impl Choices {
    /// The choices of sender number `which` (sessions are numbered as they register).
    pub fn new(rules: &Misbehaviour, which: u64) -> Choices {
        Choices {
            rules: rules.clone(),
            state: rules.seed ^ which.wrapping_mul(0x9E37_79B9_7F4A_7C15),
            frames: 0,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `true` with chance `p` (never for 0, always for 1).
    fn chance(&mut self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        if p >= 1.0 {
            return true;
        }
        // 53 random bits as a fraction in [0, 1).
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        unit < p
    }

    /// Whether to send this report twice.
    pub fn duplicate(&mut self) -> bool {
        let p = self.rules.duplicate;
        self.chance(p)
    }

    /// Whether to swap this report with the next one.
    pub fn reorder(&mut self) -> bool {
        let p = self.rules.reorder;
        self.chance(p)
    }

    /// How long to hold each report back.
    pub fn delay(&self) -> std::time::Duration {
        self.rules.delay
    }

    /// Counts a frame written; `true` when the socket is now to be dropped.
    pub fn drop_socket_now(&mut self) -> bool {
        self.frames += 1;
        let every = self.rules.drop_socket_every;
        every > 0 && self.frames.is_multiple_of(every)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_chooses_the_same_way_and_rates_hold() {
        let rules = Misbehaviour {
            duplicate: 0.25,
            ..Misbehaviour::default()
        };
        let run = |which| {
            let mut c = Choices::new(&rules, which);
            (0..4000).map(|_| c.duplicate()).collect::<Vec<_>>()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
        let hits = run(3).iter().filter(|d| **d).count();
        assert!((800..1200).contains(&hits), "{hits} of 4000 at 0.25");
        let mut always = Choices::new(
            &Misbehaviour {
                reorder: 1.0,
                drop_socket_every: 2,
                ..Misbehaviour::default()
            },
            0,
        );
        assert!(always.reorder() && !always.duplicate());
        assert!(!always.drop_socket_now() && always.drop_socket_now());
    }
}
