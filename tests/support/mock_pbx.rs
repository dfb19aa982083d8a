//! A PBX on 127.0.0.1 that behaves as the vendors document, for client tests: token logins
//! with an MD5 check and lockout after five failures, heartbeats, logouts, token expiry on
//! demand, Switchvox Basic and Digest authentication, and per-endpoint request counters. It
//! decodes and encodes with the generated types, so it speaks exactly what the specs say.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use pbx_api::client::{digest_response, md5_hex};
use pbx_api::prelude::*;
use pbx_api::wire::{Api, ErrorCode, VendorError};
use pbx_api::{openvox, switchvox, yeastar_s, yeastar_v2};

/// Which API the mock speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// OpenVox v0.0.1.
    OpenVox,
    /// Yeastar S-Series v1.0.0.
    YeastarS,
    /// Yeastar API 2.0.
    YeastarV2,
    /// Yeastar P-Series OpenAPI.
    YeastarP,
    /// Switchvox with Basic authentication.
    SwitchvoxBasic,
    /// Switchvox with Digest authentication.
    SwitchvoxDigest,
}

/// Faults to inject.
#[derive(Debug, Default, Clone)]
pub struct Faults {
    /// Answer this many requests to `path` with HTTP 500 before behaving.
    pub fail_first: HashMap<String, usize>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Answer with this body, whatever was asked.
    pub body: Option<Vec<u8>>,
    /// Answer dial requests with this vendor error code.
    pub dial_error: Option<String>,
    /// P-Series: seconds an access token lives (1800 when unset).
    pub token_life: Option<u64>,
}

#[derive(Debug, Default)]
struct State {
    tokens: Vec<String>,
    failures: usize,
    counts: HashMap<String, usize>,
    executed_dials: usize,
    faults: Faults,
    next: usize,
    nonce: String,
    /// P-Series access tokens and when they expire.
    access: Vec<(String, std::time::Instant)>,
    refresh: Vec<String>,
    missing_user_agent: usize,
}

/// A running mock PBX.
#[derive(Clone)]
pub struct MockPbx {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    family: Family,
    state: Arc<Mutex<State>>,
    served: Arc<AtomicUsize>,
}

/// The API user the mock accepts.
pub const USER: &str = "api";
/// The API password the mock accepts (it checks the MD5 for token families).
pub const PASSWORD: &str = "Secret123";

impl MockPbx {
    /// Starts a mock on a random loopback port.
    pub async fn start(family: Family) -> MockPbx {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let mock = MockPbx::new(family, url);
        let app = mock.router();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        mock
    }

    /// Starts a mock that speaks HTTPS with `identity`.
    pub async fn start_tls(family: Family, identity: &crate::tls::Identity) -> MockPbx {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!("https://{}", listener.local_addr().expect("local address"));
        let mock = MockPbx::new(family, url);
        let app = mock.router();
        let listener = crate::tls::TlsListener::new(listener, identity);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        mock
    }

    fn new(family: Family, url: String) -> MockPbx {
        MockPbx {
            url,
            family,
            state: Arc::new(Mutex::new(State {
                nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093".into(),
                ..State::default()
            })),
            served: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn router(&self) -> axum::Router {
        let mock = self.clone();
        axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let mock = mock.clone();
            async move { mock.handle(uri, headers, body).await }
        })
    }

    /// How many requests reached `path` (for example `extension/dial_outbound`, or
    /// `switchvox.call`).
    pub fn count(&self, path: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .counts
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// How many dial requests the PBX acted on (authenticated and accepted).
    pub fn executed_dials(&self) -> usize {
        self.state.lock().unwrap().executed_dials
    }

    /// Forgets every token, as the PBX does after 30 idle minutes.
    pub fn expire_tokens(&self) {
        let mut st = self.state.lock().unwrap();
        st.tokens.clear();
        st.access.clear();
    }

    /// P-Series requests that came without `User-Agent: OpenAPI`.
    pub fn missing_user_agent(&self) -> usize {
        self.state.lock().unwrap().missing_user_agent
    }

    /// Replaces the fault plan.
    pub fn set_faults(&self, faults: Faults) {
        self.state.lock().unwrap().faults = faults;
    }

    /// Issues a new Digest nonce, as a server does when the old one goes stale.
    pub fn rotate_nonce(&self) {
        self.state.lock().unwrap().nonce = "0a4f113b0a4f113b0a4f113b0a4f113b".into();
    }

    async fn handle(&self, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        self.served.fetch_add(1, Ordering::SeqCst);
        let path = uri.path().to_owned();
        let query = uri.query().unwrap_or("").to_owned();
        let (key, delay, forced_body, fail) = {
            let mut st = self.state.lock().unwrap();
            let key = endpoint_key(&path, &body);
            *st.counts.entry(key.clone()).or_default() += 1;
            let fail = match st.faults.fail_first.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            };
            (key, st.faults.delay, st.faults.body.clone(), fail)
        };
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        if fail {
            return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
        }
        if let Some(body) = forced_body {
            return (StatusCode::OK, body).into_response();
        }
        match self.family {
            Family::OpenVox | Family::YeastarS | Family::YeastarV2 => {
                self.token_family(&key, &query, &body)
            }
            Family::YeastarP => self.p_series(&key, &query, &headers, &body),
            Family::SwitchvoxBasic | Family::SwitchvoxDigest => {
                self.switchvox(&path, &headers, &body)
            }
        }
    }

    fn token_family(&self, key: &str, query: &str, body: &[u8]) -> Response {
        let format = if query.contains("type=xml") {
            Format::Xml
        } else {
            Format::Json
        };
        let token = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("token="))
            .unwrap_or("")
            .to_owned();
        match self.family {
            Family::OpenVox => self.token_endpoints::<openvox::Api, openvox::login::Request, openvox::extension::dial_outbound::Request, openvox::outbound::query::Request>(key, format, &token, body, openvox::login::Response::new, |_| openvox::extension::dial_outbound::Response::new().callid("1495710387.333"), openvox::outbound::query::Response::new),
            Family::YeastarS => self.token_endpoints::<yeastar_s::Api, yeastar_s::login::Request, yeastar_s::extension::dial_outbound::Request, yeastar_s::outbound::query::Request>(key, format, &token, body, yeastar_s::login::Response::new, |_| yeastar_s::extension::dial_outbound::Response::new("1495710387.333"), yeastar_s::outbound::query::Response::new),
            _ => self.token_endpoints::<
                yeastar_v2::Api,
                yeastar_v2::login::Request,
                yeastar_v2::call::dial::Request,
                yeastar_v2::extension::query_call::Request,
            >(
                key,
                format,
                &token,
                body,
                yeastar_v2::login::Response::new,
                |_| yeastar_v2::call::dial::Response::new("1571620483.18"),
                yeastar_v2::extension::query_call::Response::new,
            ),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn token_endpoints<A, L, D, Q>(
        &self,
        key: &str,
        format: Format,
        token: &str,
        body: &[u8],
        login_response: impl Fn(String) -> L::Response,
        dial_response: impl Fn(&D) -> D::Response,
        query_response: impl Fn() -> Q::Response,
    ) -> Response
    where
        A: Api,
        L: Endpoint<Api = A> + LoginFields,
        D: Endpoint<Api = A>,
        Q: Endpoint<Api = A>,
    {
        let mut st = self.state.lock().unwrap();
        let error = |code: &str| error_body::<D>(format, code);
        match key {
            "login" => {
                let Ok(login) = L::decode(format, body) else {
                    return error("10004");
                };
                if st.failures >= 5 {
                    return error_body::<L>(format, "20002");
                }
                if login.user() != USER || login.password_md5() != md5_hex(PASSWORD) {
                    st.failures += 1;
                    let code = if self.family == Family::OpenVox {
                        "30003"
                    } else {
                        "20003"
                    };
                    return error_body::<L>(format, code);
                }
                st.failures = 0;
                st.next += 1;
                let token = md5_hex(&format!("token {}", st.next));
                st.tokens.push(token.clone());
                ok(L::encode_response(&login_response(token), format))
            }
            _ if !st.tokens.iter().any(|t| t == token) => {
                error(if token.is_empty() { "20005" } else { "20004" })
            }
            "heartbeat" => ok(br#"{"status":"Success"}"#.to_vec()),
            "logout" => {
                st.tokens.retain(|t| t != token);
                ok(br#"{"status":"Success"}"#.to_vec())
            }
            "extension/dial_outbound" | "call/dial" => {
                let request = match D::decode(format, body) {
                    Ok(r) => r,
                    Err(_) => return error("10004"),
                };
                if let Some(code) = st.faults.dial_error.clone() {
                    return error(&code);
                }
                st.executed_dials += 1;
                ok(D::encode_response(&dial_response(&request), format))
            }
            "outbound/query" | "extension/query_call" => {
                if Q::decode(format, body).is_err() {
                    return error("10004");
                }
                ok(Q::encode_response(&query_response(), format))
            }
            _ => error("10003"),
        }
    }

    fn p_series(&self, key: &str, query: &str, headers: &HeaderMap, body: &[u8]) -> Response {
        use pbx_api::yeastar_p::{call, del_token, get_token, refresh_token};
        let format = Format::Json;
        let mut st = self.state.lock().unwrap();
        if headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            != Some("OpenAPI")
        {
            st.missing_user_agent += 1;
        }
        let token = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("access_token="))
            .unwrap_or("")
            .to_owned();
        let life = st.faults.token_life.unwrap_or(1800);
        let issue = |st: &mut State| {
            st.next += 1;
            let access = md5_hex(&format!("access {}", st.next));
            let refresh = md5_hex(&format!("refresh {}", st.next));
            st.access.push((
                access.clone(),
                std::time::Instant::now() + Duration::from_secs(life),
            ));
            st.refresh.push(refresh.clone());
            (access, refresh)
        };
        let expired = |code: &str| error_body::<call::dial::Request>(format, code);
        match key {
            "get_token" => {
                let Ok(login) = get_token::Request::decode(format, body) else {
                    return expired("40002");
                };
                if login.username != USER || login.password != PASSWORD {
                    return error_body::<get_token::Request>(format, "10005");
                }
                let (access, refresh) = issue(&mut st);
                let life = i64::try_from(life).unwrap_or(i64::MAX);
                ok(get_token::Request::encode_response(
                    &get_token::Response::new(life, access, 86400, refresh),
                    format,
                ))
            }
            "refresh_token" => {
                let Ok(request) = refresh_token::Request::decode(format, body) else {
                    return expired("40002");
                };
                if !st.refresh.contains(&request.refresh_token) {
                    return expired("10004");
                }
                st.refresh.retain(|r| r != &request.refresh_token);
                let (access, refresh) = issue(&mut st);
                let life = i64::try_from(life).unwrap_or(i64::MAX);
                ok(refresh_token::Request::encode_response(
                    &refresh_token::Response::new(life, access, 86400, refresh),
                    format,
                ))
            }
            _ if !st
                .access
                .iter()
                .any(|(t, until)| *t == token && *until > std::time::Instant::now()) =>
            {
                expired("10004")
            }
            "del_token" => {
                st.access.retain(|(t, _)| *t != token);
                ok(del_token::Request::encode_response(
                    &del_token::Response::new(),
                    format,
                ))
            }
            "call/dial" => {
                if call::dial::Request::decode(format, body).is_err() {
                    return expired("40002");
                }
                st.executed_dials += 1;
                ok(call::dial::Request::encode_response(
                    &call::dial::Response::new("1646123357.142"),
                    format,
                ))
            }
            _ => expired("10001"),
        }
    }

    fn switchvox(&self, path: &str, headers: &HeaderMap, body: &[u8]) -> Response {
        let format = if path == "/json" {
            Format::Json
        } else {
            Format::Xml
        };
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let mut st = self.state.lock().unwrap();
        let authorized = match self.family {
            Family::SwitchvoxBasic => {
                authorization == format!("Basic {}", basic(&format!("{USER}:{PASSWORD}")))
            }
            _ => check_digest(&authorization, &st.nonce, path),
        };
        if !authorized {
            let challenge = match self.family {
                Family::SwitchvoxBasic => "Basic realm=\"switchvox\"".to_owned(),
                _ => format!(
                    "Digest realm=\"switchvox\", qop=\"auth\", nonce=\"{}\", opaque=\"5ccc069c\"",
                    st.nonce
                ),
            };
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, challenge)],
                "",
            )
                .into_response();
        }
        if String::from_utf8_lossy(body).contains("\"switchvox.currentCalls.getList\"") {
            use switchvox::current_calls::get_list;
            if get_list::Request::decode(format, body).is_err() {
                let error = VendorError::new(switchvox::ErrorCode::from_code("10011"));
                return ok(get_list::Request::encode_error(&error, format));
            }
            let calls: Vec<get_list::CurrentCall> = (0..st.executed_dials)
                .map(|i| get_list::CurrentCall::new(format!("{}", 4120 + i), "talking"))
                .collect();
            let total = i64::try_from(calls.len()).unwrap_or(i64::MAX);
            let response =
                get_list::Response::new(get_list::CurrentCalls::new(total).current_call(calls));
            return ok(get_list::Request::encode_response(&response, format));
        }
        let request = match switchvox::call::Request::decode(format, body) {
            Ok(r) => r,
            Err(_) => {
                let error = VendorError::new(switchvox::ErrorCode::from_code("10011"));
                return ok(switchvox::call::Request::encode_error(&error, format));
            }
        };
        st.executed_dials += 1;
        let info = switchvox::call::CallInfo::new(
            format!("9{}", request.dial_first),
            request.dial_second.clone(),
        );
        ok(switchvox::call::Request::encode_response(
            &switchvox::call::Response::new(info),
            format,
        ))
    }
}

/// The fields the mock reads from a login request.
pub trait LoginFields {
    /// The user name.
    fn user(&self) -> &str;
    /// The password's MD5.
    fn password_md5(&self) -> &str;
}

impl LoginFields for openvox::login::Request {
    fn user(&self) -> &str {
        &self.username
    }
    fn password_md5(&self) -> &str {
        &self.password
    }
}

impl LoginFields for yeastar_v2::login::Request {
    fn user(&self) -> &str {
        &self.username
    }
    fn password_md5(&self) -> &str {
        &self.password
    }
}

impl LoginFields for yeastar_s::login::Request {
    fn user(&self) -> &str {
        &self.username
    }
    fn password_md5(&self) -> &str {
        &self.password
    }
}

fn ok(body: Vec<u8>) -> Response {
    (StatusCode::OK, body).into_response()
}

fn error_body<E: Endpoint>(format: Format, code: &str) -> Response {
    let error = VendorError::new(<<E::Api as Api>::ErrorCode as ErrorCode>::from_code(code));
    ok(E::encode_error(&error, format))
}

/// `extension/dial_outbound` from `/api/v0.0.1/extension/dial_outbound`; the method name for
/// Switchvox bodies.
fn endpoint_key(path: &str, body: &[u8]) -> String {
    if path == "/xml" || path == "/json" {
        let text = String::from_utf8_lossy(body);
        return ["switchvox.currentCalls.getList", "switchvox.call"]
            .into_iter()
            .find(|m| text.contains(&format!("\"{m}\"")))
            .unwrap_or("switchvox.other")
            .to_owned();
    }
    let mut parts = path.trim_start_matches('/').splitn(3, '/');
    let _api = parts.next();
    let _version = parts.next();
    parts.next().unwrap_or("").to_owned()
}

fn basic(text: &str) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

fn check_digest(header: &str, nonce: &str, uri: &str) -> bool {
    let Some(rest) = header.strip_prefix("Digest ") else {
        return false;
    };
    let field = |name: &str| -> Option<String> {
        rest.split(", ").find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k.trim() == name).then(|| v.trim_matches('"').to_owned())
        })
    };
    let (Some(user), Some(got_nonce), Some(got_uri), Some(nc), Some(cnonce), Some(response)) = (
        field("username"),
        field("nonce"),
        field("uri"),
        field("nc"),
        field("cnonce"),
        field("response"),
    ) else {
        return false;
    };
    got_nonce == nonce
        && got_uri == uri
        && response
            == digest_response(
                &user,
                "switchvox",
                PASSWORD,
                "POST",
                uri,
                nonce,
                &nc,
                &cnonce,
            )
        && user == USER
}
