//! The simulated PBX's extension table: every extension it has, each with a stable id (the
//! P-Series addresses extensions by id, `extension/query?ids=..`). It starts with the
//! extensions 1000 to 1009 (the numbers the vendors' examples use) and learns every
//! extension a call meets; an id, once given, never changes or goes to another number. One
//! table serves every family, as one simulated PBX answers them all.

/// The numbers the table starts with.
const FIRST: std::ops::RangeInclusive<u32> = 1000..=1009;

/// The extensions, in the order they were added: an extension's id is its place, from 1.
#[derive(Debug)]
pub struct Extensions {
    numbers: Vec<String>,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            numbers: FIRST.map(|n| n.to_string()).collect(),
        }
    }
}

/// Whether `number` is an extension's, not an outside number: up to six digits, the rule
/// the simulator's events use for a dialled number (`events/hooks.rs`).
pub fn is_extension(number: &str) -> bool {
    !number.is_empty() && number.len() <= 6 && number.bytes().all(|b| b.is_ascii_digit())
}

impl Extensions {
    /// Every extension, by id.
    pub fn all(&self) -> impl Iterator<Item = (u64, &str)> {
        (1..).zip(self.numbers.iter().map(String::as_str))
    }

    /// The id of `number`, if the table has it.
    pub fn id_of(&self, number: &str) -> Option<u64> {
        let place = self.numbers.iter().position(|n| n == number)?;
        u64::try_from(place).ok().map(|p| p + 1)
    }

    /// The extension with id `id`.
    pub fn number_of(&self, id: u64) -> Option<&str> {
        let place = usize::try_from(id.checked_sub(1)?).ok()?;
        self.numbers.get(place).map(String::as_str)
    }

    /// Adds `number` if it is an extension's and new; its id either way (`None` for an
    /// outside number).
    pub fn learn(&mut self, number: &str) -> Option<u64> {
        if !is_extension(number) {
            return None;
        }
        if self.id_of(number).is_none() {
            self.numbers.push(number.to_owned());
        }
        self.id_of(number)
    }
}
