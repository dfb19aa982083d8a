//! The ASCII fast path of the string checks: a value's bytes tested against the allowed set
//! eight at a time, for sets that are a few runs of bytes (`0-9.`, or "every sendable ASCII
//! byte", which is three). Sets of more runs keep the bitmap test, one byte at a time.

/// The most runs the word test handles; a set of more runs has none.
const MAX: usize = 4;
/// The high bit of each byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// An allowed set of ASCII bytes as at most [`MAX`] runs `lo..=hi`, kept as the constants the
/// word test adds: for a byte `b < 0x80`, `b + (0x80 - lo)` has its high bit set exactly when
/// `b >= lo`, and `b + (0x7f - hi)` exactly when `b > hi`; neither carries into the next byte.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Runs {
    n: usize,
    from: [u64; MAX],
    past: [u64; MAX],
    /// A byte of the set, to pad a value's last partial word with.
    pad: u8,
}

const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

impl Runs {
    /// The runs of `bits` (bit `b` set: byte `b` allowed); `None` when the set is empty or has
    /// more than [`MAX`] runs.
    pub(crate) const fn of(bits: u128) -> Option<Runs> {
        // An unused slot is the empty run `0x7f..=0x7e`: `b >= 0x7f` and `b <= 0x7e` at once.
        let mut runs = Runs {
            n: 0,
            from: [splat(0x80 - 0x7f); MAX],
            past: [splat(0x7f - 0x7e); MAX],
            pad: 0,
        };
        let mut b = 0u32;
        while b < 128 {
            if bits & (1 << b) == 0 {
                b += 1;
                continue;
            }
            let lo = b;
            while b < 128 && bits & (1 << b) != 0 {
                b += 1;
            }
            if runs.n == MAX {
                return None;
            }
            if runs.n == 0 {
                runs.pad = lo as u8;
            }
            runs.from[runs.n] = splat((0x80 - lo) as u8);
            runs.past[runs.n] = splat((0x7f - (b - 1)) as u8);
            runs.n += 1;
        }
        if runs.n == 0 { None } else { Some(runs) }
    }

    /// Whether every byte of the little-endian word `x` is in the set.
    #[inline(always)]
    fn word(&self, x: u64) -> bool {
        if x & HIGH != 0 {
            return false;
        }
        // All four slots, used or not (an unused one matches no byte): a fixed count the
        // compiler unrolls, with no branch on how many runs the set has.
        let mut inside = 0;
        for i in 0..MAX {
            inside |= x.wrapping_add(self.from[i]) & !x.wrapping_add(self.past[i]);
        }
        inside & HIGH == HIGH
    }

    /// Whether every byte of `bytes` is in the set. Every word is loaded straight from the
    /// value (the last one overlapping the one before, or a short value's bytes assembled in a
    /// register): a word written to the stack byte by byte and read back whole would stall.
    #[inline(always)]
    pub(crate) fn all(&self, bytes: &[u8]) -> bool {
        let n = bytes.len();
        if n < 8 {
            return n == 0 || self.word(short_word(bytes) | splat(self.pad) << (8 * n));
        }
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            if !self.word(le_word(chunk)) {
                return false;
            }
        }
        words.remainder().is_empty() || self.word(le_word(&bytes[n - 8..]))
    }
}

/// The first eight bytes of `b`, little-endian.
#[inline]
fn le_word(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// The one to seven bytes of `b` in the low bytes of a word, little-endian, the rest zero.
/// Overlapping loads put the same byte in the same place twice, which `|` leaves alone.
#[inline]
fn short_word(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
        let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
        lo | hi << (8 * (n - 4))
    } else {
        let mid = n / 2;
        b[0] as u64 | (b[mid] as u64) << (8 * mid) | (b[n - 1] as u64) << (8 * (n - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_bitmap(bits: u128, bytes: &[u8]) -> bool {
        bytes.iter().all(|&b| b < 128 && bits & (1 << b) != 0)
    }

    fn bits_of(ranges: &[(u8, u8)]) -> u128 {
        let mut bits = 0u128;
        for &(lo, hi) in ranges {
            for b in lo..=hi {
                bits |= 1 << b;
            }
        }
        bits
    }

    #[test]
    fn runs_are_counted_and_capped() {
        assert!(Runs::of(0).is_none());
        assert_eq!(
            Runs::of(bits_of(&[(b'0', b'9'), (b'.', b'.')])).map(|r| r.n),
            Some(2)
        );
        assert_eq!(Runs::of(bits_of(&[(0, 127)])).map(|r| r.n), Some(1));
        let five = bits_of(&[(1, 1), (3, 3), (5, 5), (7, 7), (9, 9)]);
        assert!(Runs::of(five).is_none());
    }

    /// The word test agrees with the bitmap on every set shape it takes, for values of every
    /// length up to three words, bytes drawn from the set's edges and from outside ASCII.
    #[test]
    fn agrees_with_the_bitmap() {
        let sets = [
            bits_of(&[(b'0', b'9'), (b'.', b'.')]),
            bits_of(&[(b'0', b'9'), (b'*', b'*'), (b'#', b'#')]),
            bits_of(&[(0x09, 0x0a), (0x0d, 0x0d), (0x20, 0x7e)]),
            bits_of(&[(0, 127)]),
            bits_of(&[(0, 0), (127, 127)]),
            bits_of(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9'), (b'_', b'_')]),
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for bits in sets {
            let runs = Runs::of(bits).expect("at most four runs");
            // Bytes next to each run's edges, and a few outside ASCII.
            let mut pool: Vec<u8> = vec![0x80, 0xc3, 0xff];
            for b in 0u8..128 {
                let here = bits & (1 << b) != 0;
                let left = b > 0 && bits & (1 << (b - 1)) != 0;
                let right = b < 127 && bits & (1 << (b + 1)) != 0;
                if here != left || here != right {
                    pool.push(b);
                }
            }
            let inside: Vec<u8> = pool
                .iter()
                .copied()
                .filter(|&b| by_bitmap(bits, &[b]))
                .collect();
            for len in 0..=24 {
                for round in 0..200 {
                    // Half the values are in the set but for at most one byte anywhere.
                    let mut bytes: Vec<u8> = (0..len)
                        .map(|_| inside[(next() % inside.len() as u64) as usize])
                        .collect();
                    if round % 2 == 1 && len > 0 {
                        let at = (next() % len as u64) as usize;
                        bytes[at] = pool[(next() % pool.len() as u64) as usize];
                    }
                    assert_eq!(runs.all(&bytes), by_bitmap(bits, &bytes), "{bytes:?}");
                }
            }
        }
    }
}
