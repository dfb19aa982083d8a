//! Values a spec does not list: kept as received, never refused.

use std::fmt;

/// A wire value (an enum value or an error code) that the spec does not list, kept as the PBX
/// sent it. Only decoding creates one, so a value the spec lists never hides inside it and
/// `decode(encode(x)) == x` holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unlisted(String);

impl Unlisted {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For generated `from_wire`/`from_code` only, after they have matched every listed value.
    #[doc(hidden)]
    pub fn __after_listed(value: &str) -> Self {
        Unlisted(value.to_owned())
    }
}

impl fmt::Display for Unlisted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
