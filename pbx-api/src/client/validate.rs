//! Checks of client settings, shared by the client builders and the `pbx` command: a setting
//! that cannot work is refused before anything is sent, with a message that says which one.
//!
//! These are deliberately strict about shape only: whether the PBX exists, or the password is
//! right, is for the PBX to say.

use std::net::Ipv6Addr;

use super::config::ConfigError;

/// Checks a PBX base URL: `http://` or `https://`, a host (a name, an IPv4 address or a
/// bracketed IPv6 address) with an optional port, an optional path, and no query, fragment,
/// user information, spaces or control characters. Endpoint paths are appended to it, so a
/// query or fragment would send every request (the login's password hash included) to a
/// path the PBX does not serve.
pub fn base_url(url: &str) -> Result<(), ConfigError> {
    let refuse = |why: &str| Err(ConfigError::new(format!("the base URL {why}")));
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return refuse("holds spaces or control characters");
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &url[7..]
    } else if lower.starts_with("https://") {
        &url[8..]
    } else {
        return refuse("must start with http:// or https://");
    };
    if url.contains('?') {
        return refuse("must not have a query (`?...`): give the PBX's address only");
    }
    if url.contains('#') {
        return refuse("must not have a fragment (`#...`): give the PBX's address only");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return refuse("must not carry a user name or password: give them as settings");
    }
    host_shape(authority).map_err(|why| ConfigError::new(format!("in the base URL: {why}")))
}

/// Checks a host as a URL authority has it: a DNS name, an IPv4 address or a bracketed IPv6
/// address, then optionally `:` and a port from 1 to 65535.
pub fn host(authority: &str) -> Result<(), ConfigError> {
    host_shape(authority).map_err(ConfigError::new)
}

fn host_shape(authority: &str) -> Result<(), String> {
    let refuse = |why: String| Err(why);
    if authority.is_empty() {
        return refuse("no host is given".into());
    }
    let (name, port) = if let Some(inner) = authority.strip_prefix('[') {
        let Some((address, after)) = inner.split_once(']') else {
            return refuse("an IPv6 address opened with `[` is never closed with `]`".into());
        };
        if address.parse::<Ipv6Addr>().is_err() {
            return refuse(format!("`[{address}]` is not an IPv6 address"));
        }
        match after {
            "" => (None, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (None, Some(port)),
                None => return refuse("only `:port` may follow an IPv6 address".into()),
            },
        }
    } else {
        match authority.split_once(':') {
            Some((_, port)) if port.contains(':') => {
                return refuse(
                    "the host has more than one `:` (write an IPv6 address in brackets, `[fe80::1]`)"
                        .into(),
                );
            }
            Some((name, port)) => (Some(name), Some(port)),
            None => (Some(authority), None),
        }
    };
    if let Some(name) = name {
        let valid = !name.is_empty()
            && name.len() <= 253
            && name.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            });
        if !valid {
            return refuse(
                "the host is not a host name or IP address (letters, digits, `-` and `.` only)"
                    .into(),
            );
        }
    }
    if let Some(port) = port
        && !(port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0))
    {
        return refuse("the port must be a number from 1 to 65535".into());
    }
    Ok(())
}

/// Checks a user name: not empty, and no control characters (a CR or LF would end an HTTP
/// header early, and no PBX has such a user).
pub fn user(user: &str) -> Result<(), ConfigError> {
    if user.is_empty() {
        return Err(ConfigError::new("the user name is empty".into()));
    }
    if user.chars().any(char::is_control) {
        return Err(ConfigError::new(
            "the user name holds a control character (a line break?)".into(),
        ));
    }
    Ok(())
}

/// Checks a password: not empty (an empty one can only fail, and counts toward the PBX's
/// lockout).
pub fn password(password: &str) -> Result<(), ConfigError> {
    if password.is_empty() {
        return Err(ConfigError::new("the password is empty".into()));
    }
    Ok(())
}

/// A certificate pin as [`ClientConfig::pin_sha256`](super::ClientConfig::pin_sha256) takes
/// it: `sha256:` and 64 hex digits (colons allowed, any case), or openssl's
/// `SHA256 Fingerprint=AA:BB:…` line.
pub fn pin(pin: &str) -> Result<(), ConfigError> {
    super::tls::Fingerprint::parse(pin).map(|_| ())
}

/// The checks every client builder makes: [`base_url`], [`user`] and [`password`].
pub fn credentials(base: &str, name: &str, secret: &str) -> Result<(), ConfigError> {
    base_url(base)?;
    user(name)?;
    password(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_urls_pass() {
        for url in [
            "http://127.0.0.1:9011",
            "https://pbx.example.com",
            "https://PBX.example.com:8088/",
            "https://[::1]:8443",
            "https://[fe80::1]",
            "http://pbx/prefix/",
        ] {
            assert!(base_url(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn bad_urls_are_refused_with_the_reason() {
        for (url, why) in [
            ("ftp://pbx", "http://"),
            ("pbx:8088", "http://"),
            ("https://pbx/?a=b", "query"),
            ("https://pbx/#top", "fragment"),
            ("https://api:pw@pbx", "user name"),
            ("https://pbx:0", "port"),
            ("https://pbx:65536", "port"),
            ("https://pbx:80a", "port"),
            ("https://fe80::1", "brackets"),
            ("https://[fe80::1", "closed"),
            ("https://[nope]", "IPv6"),
            ("https://bad host", "spaces"),
            ("https://pbx\r\n", "control"),
            ("https://", "no host"),
            ("https://-pbx", "host name"),
            ("https://pbx..example", "host name"),
        ] {
            let e = base_url(url).expect_err(url).to_string();
            assert!(e.contains(why), "{url}: {e}");
        }
    }

    #[test]
    fn the_builders_refuse_bad_settings() {
        use crate::client::{
            ClientConfig, HttpAuth, SwitchvoxClient, YeastarPClient, YeastarSClient,
        };
        let good = || ClientConfig::new("http://127.0.0.1:9");
        let token = |config: ClientConfig, user: &str, password: &str| {
            YeastarSClient::builder(config, user, password)
                .report_to("127.0.0.1", 8260)
                .build()
                .err()
                .map(|e| e.to_string())
        };
        assert_eq!(token(good(), "api", "pw"), None);
        let refused = [
            token(ClientConfig::new("http://127.0.0.1:9/?x=1"), "api", "pw"),
            token(good(), "api\r\nX: 1", "pw"),
            token(good(), "", "pw"),
            // Hashed at once, yet still refused as empty.
            token(good(), "api", ""),
            YeastarPClient::builder(good(), "id", "")
                .build()
                .err()
                .map(|e| e.to_string()),
        ];
        for (i, e) in refused.iter().enumerate() {
            assert!(e.is_some(), "case {i} built");
        }
        let switchvox = |user: &str, password: &str| {
            SwitchvoxClient::new(
                good(),
                user,
                password,
                HttpAuth::Digest,
                pbx_wire::Format::Json,
            )
            .err()
            .map(|e| e.to_string())
        };
        assert_eq!(switchvox("api", "pw"), None);
        assert!(switchvox("api\n", "pw").is_some_and(|e| e.contains("control character")));
        assert!(switchvox("api", "").is_some_and(|e| e.contains("password is empty")));
    }

    #[test]
    fn users_and_passwords() {
        assert!(user("api").is_ok());
        assert!(user("").is_err());
        assert!(user("api\r\nX-Injected: 1").is_err());
        assert!(password("x").is_ok());
        assert!(password("").is_err());
    }
}
