//! SHA-256 certificate fingerprints: the pins a user writes, and the fingerprint a PBX's
//! certificate has, printed the way `openssl x509 -noout -fingerprint -sha256` prints it.

use std::fmt;

use super::super::config::ConfigError;

/// The SHA-256 digest of a certificate's DER encoding.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER certificate.
    pub(crate) fn of(der: &[u8]) -> Fingerprint {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der);
        let mut bytes = [0u8; 32];
        // SHA-256 digests are always 32 bytes; copy what there is all the same.
        for (to, from) in bytes.iter_mut().zip(digest.as_ref()) {
            *to = *from;
        }
        Fingerprint(bytes)
    }

    /// Parses a pin: `sha256:` (any case) or openssl's `SHA256 Fingerprint=`, or nothing, then
    /// 64 hex digits in any case, either all together or in 32 pairs separated by colons.
    pub(crate) fn parse(pin: &str) -> Result<Fingerprint, ConfigError> {
        let text = pin.trim();
        let lower = text.to_ascii_lowercase();
        let hex = ["sha256 fingerprint=", "sha256:"]
            .iter()
            .find(|prefix| lower.starts_with(*prefix))
            .map_or(text, |prefix| &text[prefix.len()..]);
        let pairs: Vec<&str> = if hex.contains(':') {
            hex.split(':').collect()
        } else {
            // Split into pairs only when the text is plain ASCII, so slicing cannot panic.
            if !hex.is_ascii() || hex.len() != 64 {
                return Err(malformed(pin));
            }
            (0..32).map(|i| &hex[i * 2..i * 2 + 2]).collect()
        };
        if pairs.len() != 32 {
            return Err(malformed(pin));
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(&pairs) {
            if pair.len() != 2 || !pair.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(malformed(pin));
            }
            *byte = u8::from_str_radix(pair, 16).map_err(|_| malformed(pin))?;
        }
        Ok(Fingerprint(bytes))
    }
}

fn malformed(pin: &str) -> ConfigError {
    ConfigError::new(format!(
        "{pin:?} is not a SHA-256 certificate pin: write `sha256:` then the certificate's 64 hex \
         digits, with or without colons between pairs (sha256:9F:86:D0:81:...), as \
         `openssl x509 -in pbx.pem -noout -fingerprint -sha256` prints them"
    ))
}

/// `sha256:9F:86:D0:...`, upper case with colons, as openssl prints it: easy to compare with
/// what the PBX's web interface shows, and accepted back as a pin.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sha256:")?;
        for (i, byte) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{byte:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-256 of the empty string, in every form a user may paste.
    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn colons(hex: &str) -> String {
        let pairs: Vec<String> = hex
            .as_bytes()
            .chunks(2)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        pairs.join(":")
    }

    #[test]
    fn every_documented_form_parses_to_the_same_fingerprint() {
        let expected = Fingerprint::of(b"");
        let upper = EMPTY.to_ascii_uppercase();
        for pin in [
            format!("sha256:{EMPTY}"),
            format!("SHA256:{upper}"),
            format!("sha256:{}", colons(EMPTY)),
            format!("sha256:{}", colons(&upper)),
            format!("SHA256 Fingerprint={}", colons(&upper)),
            format!("  sha256:{EMPTY}\n"),
            EMPTY.to_owned(),
        ] {
            assert_eq!(Fingerprint::parse(&pin).ok(), Some(expected), "{pin}");
        }
    }

    #[test]
    fn it_prints_as_openssl_does_and_reads_back() {
        let fingerprint = Fingerprint::of(b"");
        let printed = fingerprint.to_string();
        assert_eq!(
            printed,
            format!("sha256:{}", colons(&EMPTY.to_ascii_uppercase()))
        );
        assert_eq!(Fingerprint::parse(&printed).ok(), Some(fingerprint));
    }

    #[test]
    fn malformed_pins_say_what_a_valid_one_looks_like() {
        for pin in [
            "",
            "sha256:",
            "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709",
            &format!("sha256:{}", &EMPTY[..62]),
            &format!("sha256:{EMPTY}00"),
            &format!("sha256:{}", EMPTY.replace('e', "g")),
            &format!("sha256:{}", colons(EMPTY).replacen(':', "", 1)),
            &format!("sha256:{}:", colons(EMPTY)),
            "sha256:é3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8",
            "sha256:+3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ] {
            let error = Fingerprint::parse(pin).expect_err(pin).to_string();
            assert!(error.contains("64 hex digits"), "{error}");
            assert!(error.contains("openssl x509"), "{error}");
        }
    }
}
