//! HTTP authentication on every request (Switchvox): Basic, or Digest (RFC 7616, MD5, `qop=auth`)
//! answered from the PBX's challenge.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use pbx_wire::{Api, Endpoint, Format};

use super::config::{ClientConfig, ConfigError};
use super::error::{AuthKind, Error};
use super::secret::{Secret, md5_hex};
use super::transport::{Reply, Transport, check_family, decode, format_for, http_request};
use pbx_wire::base64::encode as base64;

/// Which HTTP authentication to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpAuth {
    /// Basic: user and password on every request (Switchvox 6.6 and later). Use over HTTPS only.
    Basic,
    /// Digest, answered from the PBX's challenge (older Switchvox).
    Digest,
    /// Whatever the PBX's challenge asks for; Digest is preferred when both are offered. Over
    /// `http://` a PBX that offers only Basic is refused ([`AuthKind::BasicInClear`]): Basic
    /// would send the password in clear, so it is used there only when chosen explicitly.
    ///
    /// [`AuthKind::BasicInClear`]: super::AuthKind::BasicInClear
    Auto,
}

/// A client for a family that authenticates each request over HTTP. Cheap to clone.
#[derive(Debug)]
pub struct HttpAuthClient<A: Api> {
    inner: Arc<HttpInner>,
    _api: PhantomData<fn() -> A>,
}

impl<A: Api> Clone for HttpAuthClient<A> {
    fn clone(&self) -> Self {
        HttpAuthClient {
            inner: self.inner.clone(),
            _api: PhantomData,
        }
    }
}

#[derive(Debug)]
struct HttpInner {
    transport: Transport,
    user: String,
    password: Secret,
    mode: HttpAuth,
    format: Format,
    /// What the last challenge asked for, reused (with a growing nonce count) until the PBX
    /// issues a new one.
    scheme: Mutex<Option<Scheme>>,
}

#[derive(Debug, Clone)]
enum Scheme {
    Basic,
    Digest(Challenge),
}

/// What a request's `Authorization` carried.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Used {
    Nothing,
    Basic,
    Digest(String),
}

#[derive(Debug, Clone)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    algorithm: Option<String>,
    qop_auth: bool,
    count: u32,
}

type Result<T, A> = std::result::Result<T, Error<<A as Api>::ErrorCode>>;

impl<A: Api> HttpAuthClient<A> {
    /// A client for `user` and `password`, speaking `format` where endpoints allow.
    pub fn new(
        config: ClientConfig,
        user: impl Into<String>,
        password: impl Into<String>,
        mode: HttpAuth,
        format: Format,
    ) -> std::result::Result<Self, ConfigError> {
        let (user, password) = (user.into(), password.into());
        super::validate::credentials(&config.base_url, &user, &password)?;
        Ok(HttpAuthClient {
            inner: Arc::new(HttpInner {
                transport: Transport::new(config)?,
                user,
                password: Secret::new(password),
                mode,
                format,
                scheme: Mutex::new(match mode {
                    HttpAuth::Basic => Some(Scheme::Basic),
                    _ => None,
                }),
            }),
            _api: PhantomData,
        })
    }

    /// The settings the client was built with (the event receiver's allow-list reads the
    /// PBX's address from the base URL).
    #[cfg(feature = "switchvox")]
    pub(crate) fn config(&self) -> &ClientConfig {
        &self.inner.transport.config
    }

    /// Sends a request and decodes the answer. A 401 that carries a challenge is answered once
    /// (the PBX refused the request before acting on it); nothing else is sent twice, except
    /// read-only calls after transport failures.
    pub async fn send<E: Endpoint<Api = A>>(&self, request: &E) -> Result<E::Response, A> {
        self.send_any(request).await
    }

    /// [`HttpAuthClient::send`] for an endpoint whose family is known only at run time. An
    /// endpoint of another family is refused unsent.
    pub async fn send_any<E: Endpoint>(
        &self,
        request: &E,
    ) -> std::result::Result<E::Response, Error<<E::Api as Api>::ErrorCode>> {
        let meta = E::META;
        check_family::<A, E>()?;
        let format = format_for::<E>(self.inner.format);
        let http = http_request(
            request,
            format,
            "",
            self.inner.transport.config.api_version.as_deref(),
        )?;
        let transport = &self.inner.transport;
        transport
            .with_read_retries(meta, || async {
                let (authorization, used) = self.authorization(&http);
                let mut reply = transport
                    .exchange(meta, &http, authorization.as_deref())
                    .await?;
                if reply.status == 401 {
                    match self.learn(&reply, &used) {
                        Learnt::Retry => {
                            let (authorization, _) = self.authorization(&http);
                            reply = transport
                                .exchange(meta, &http, authorization.as_deref())
                                .await?;
                        }
                        Learnt::Refused => {}
                        Learnt::BasicInClear => {
                            return Err(Error::Auth {
                                endpoint: meta,
                                kind: AuthKind::BasicInClear,
                                vendor: None,
                            });
                        }
                    }
                }
                decode::<E>(format, reply)
            })
            .await
    }

    /// The `Authorization` header for a request, if the scheme is known yet, and what it used.
    fn authorization(&self, http: &pbx_wire::HttpRequest) -> (Option<String>, Used) {
        let Ok(mut scheme) = self.inner.scheme.lock() else {
            return (None, Used::Nothing);
        };
        match scheme.as_mut() {
            None => (None, Used::Nothing),
            Some(Scheme::Basic) => (
                Some(format!(
                    "Basic {}",
                    base64(
                        format!("{}:{}", self.inner.user, self.inner.password.expose()).as_bytes()
                    )
                )),
                Used::Basic,
            ),
            Some(Scheme::Digest(challenge)) => {
                challenge.count += 1;
                let header = digest_header(
                    challenge,
                    &self.inner.user,
                    self.inner.password.expose(),
                    http.method,
                    &http.path_and_query,
                    &cnonce(),
                );
                (Some(header), Used::Digest(challenge.nonce.clone()))
            }
        }
    }

    /// Learns the scheme from a 401's challenges, and whether the request is worth sending
    /// again. A 401 against the very credentials this request carried means they are wrong.
    fn learn(&self, reply: &Reply, used: &Used) -> Learnt {
        let Ok(mut scheme) = self.inner.scheme.lock() else {
            return Learnt::Refused;
        };
        let digest = reply.challenges.iter().find_map(|c| parse_digest(c));
        let offers_basic = reply
            .challenges
            .iter()
            .any(|c| c.trim_start().to_ascii_lowercase().starts_with("basic"));
        match (self.inner.mode, digest, offers_basic) {
            (HttpAuth::Digest | HttpAuth::Auto, Some(challenge), _) => {
                if matches!(used, Used::Digest(nonce) if *nonce == challenge.nonce) {
                    return Learnt::Refused;
                }
                // Another request may have learnt this nonce already; keep its count.
                let known = matches!(scheme.as_ref(), Some(Scheme::Digest(c)) if c.nonce == challenge.nonce);
                if !known {
                    *scheme = Some(Scheme::Digest(challenge));
                }
                Learnt::Retry
            }
            // Over plain HTTP, anyone on the path reads a Basic password: only an explicit
            // `HttpAuth::Basic` sends one there (this also stops a forged Basic-only challenge
            // from downgrading a Digest session).
            (HttpAuth::Auto, None, true) if self.inner.transport.config.is_plain_http() => {
                Learnt::BasicInClear
            }
            (HttpAuth::Auto, None, true) if !matches!(used, Used::Basic) => {
                *scheme = Some(Scheme::Basic);
                Learnt::Retry
            }
            _ => Learnt::Refused,
        }
    }
}

/// What a 401's challenges lead to.
enum Learnt {
    /// Answer the challenge: send the request again.
    Retry,
    /// The credentials were refused, or nothing offered can be answered.
    Refused,
    /// Only Basic is offered, over plain HTTP, and Basic was not chosen.
    BasicInClear,
}

fn digest_header(
    c: &Challenge,
    user: &str,
    password: &str,
    method: &str,
    uri: &str,
    cnonce: &str,
) -> String {
    let ha1 = md5_hex(&format!("{user}:{}:{password}", c.realm));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    let nc = format!("{:08x}", c.count);
    let response = if c.qop_auth {
        md5_hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", c.nonce))
    } else {
        md5_hex(&format!("{ha1}:{}:{ha2}", c.nonce))
    };
    let mut header = format!(
        "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", response=\"{response}\"",
        quote(user),
        quote(&c.realm),
        quote(&c.nonce)
    );
    if c.qop_auth {
        header.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
    }
    if let Some(opaque) = &c.opaque {
        header.push_str(&format!(", opaque=\"{}\"", quote(opaque)));
    }
    if let Some(algorithm) = &c.algorithm {
        header.push_str(&format!(", algorithm={algorithm}"));
    }
    header
}

fn quote(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Parses `Digest realm="..", nonce="..", qop="auth,auth-int", opaque="..", algorithm=MD5`.
/// Challenges for algorithms other than MD5 are not answered.
fn parse_digest(header: &str) -> Option<Challenge> {
    let rest = header.trim_start();
    if !rest.get(..6)?.eq_ignore_ascii_case("digest") {
        return None;
    }
    let mut params = Vec::new();
    let mut chars = rest[6..].chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.peek().copied() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        params.push((key.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let algorithm = get("algorithm");
    if algorithm
        .as_deref()
        .is_some_and(|a| !a.eq_ignore_ascii_case("md5"))
    {
        return None;
    }
    Some(Challenge {
        realm: get("realm")?,
        nonce: get("nonce")?,
        opaque: get("opaque"),
        algorithm,
        qop_auth: get("qop").is_some_and(|q| q.split(',').any(|o| o.trim() == "auth")),
        count: 0,
    })
}

/// A client nonce: not a secret, only unpredictable enough that replies cannot be replayed.
fn cnonce() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:016x}", hasher.finish())
}

/// The Digest `response` a server expects for `qop=auth`, for servers (test doubles, the
/// simulator) that check an `Authorization` header.
#[allow(clippy::too_many_arguments)]
pub fn digest_response(
    user: &str,
    realm: &str,
    password: &str,
    method: &str,
    uri: &str,
    nonce: &str,
    nc: &str,
    cnonce: &str,
) -> String {
    let ha1 = md5_hex(&format!("{user}:{realm}:{password}"));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    md5_hex(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn digest_matches_rfc_2617_example() {
        let c = parse_digest(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .expect("a digest challenge");
        let mut c = c;
        c.count = 1;
        let header = digest_header(
            &c,
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            "0a4f113b",
        );
        assert!(
            header.contains(r#"response="6629fae49393a05397450978507c4ef1""#),
            "{header}"
        );
        assert!(header.contains("nc=00000001"));
        assert_eq!(
            digest_response(
                "Mufasa",
                "testrealm@host.com",
                "Circle Of Life",
                "GET",
                "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "00000001",
                "0a4f113b"
            ),
            "6629fae49393a05397450978507c4ef1"
        );
    }

    #[test]
    fn non_md5_challenges_are_not_answered() {
        assert!(parse_digest(r#"Digest realm="r", nonce="n", algorithm=SHA-256"#).is_none());
        assert!(parse_digest(r#"Basic realm="r""#).is_none());
    }
}
