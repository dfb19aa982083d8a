//! Passwords and tokens: kept out of `Debug`, `Display`, errors and logs ([`Secret`], from
//! the wire runtime), and the MD5 some logins take.

use md5::{Digest, Md5};

/// Secrets live in the wire runtime, so that generated session code can hold them too.
pub use pbx_wire::session::Secret;

/// The MD5 of `text` as 32 lowercase hex digits, the form OpenVox and Yeastar logins take.
pub fn md5_hex(text: &str) -> String {
    hex(&Md5::digest(text.as_bytes()))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_is_lowercase_hex() {
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex("password"), "5f4dcc3b5aa765d61d8327deb882cf99");
    }
}
