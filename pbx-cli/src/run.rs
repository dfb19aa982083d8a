//! Sending the chosen endpoint: the parameters become the endpoint's typed request through its
//! generated reader and the spec's checks, the family's client sends it, and the answer comes
//! back as the PBX's JSON, or as a [`Failure`] that says how far the request got.

use std::time::Duration;

use pbx_api::client::{
    AuthKind, ClientConfig, Delivery, Error, OpenVoxClient, SwitchvoxClient, YeastarPClient,
    YeastarSClient, YeastarV2Client,
};
use pbx_api::wire::{Element, Endpoint, EndpointMeta, EndpointVisitor, ErrorCode, Format};

use crate::exit::Exit;
use crate::output::Failure;
use crate::settings::{Connection, Trust};

/// One client, for the family chosen.
pub enum Clients {
    OpenVox(OpenVoxClient),
    YeastarS(YeastarSClient),
    YeastarV2(YeastarV2Client),
    YeastarP(YeastarPClient),
    Switchvox(SwitchvoxClient),
}

/// The longest connecting may take, whatever `--timeout` says.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl Clients {
    /// The client for `module`; a setting the client refuses is a usage error.
    pub fn new(module: &str, connection: &Connection) -> Result<Clients, Failure> {
        let mut config = ClientConfig::new(connection.base_url.clone());
        if let Some(timeout) = connection.timeout {
            config = config
                .timeout(timeout)
                .connect_timeout(timeout.min(CONNECT_TIMEOUT));
        }
        if let Some(retries) = connection.retries {
            config = config.read_retries(retries, Duration::from_millis(200));
        }
        config = match &connection.trust {
            Trust::System => config,
            Trust::Also(pem) => config.trust_pem(pem.clone()),
            Trust::Only(pem) => config.trust_only_pem(pem.clone()),
        };
        if let Some(pin) = &connection.pin {
            config = config.pin_sha256(pin.clone());
        }
        if let Some(version) = &connection.api_version {
            config = config.api_version(version.clone());
        }
        if let Some(limit) = connection.max_download {
            config = config.max_download_bytes(limit);
        }
        let user = connection.user.clone().unwrap_or_default();
        let password = connection.password.clone().unwrap_or_default();
        let format = connection.format;
        let error = |e: pbx_api::client::ConfigError| Failure::usage(e.to_string());
        Ok(match module {
            "openvox" => Clients::OpenVox(
                OpenVoxClient::builder(config, user, &password)
                    .format(format)
                    .build()
                    .map_err(error)?,
            ),
            "yeastar_s" => Clients::YeastarS(
                YeastarSClient::builder(config, user, &password)
                    .build()
                    .map_err(error)?,
            ),
            "yeastar_v2" => Clients::YeastarV2(
                YeastarV2Client::builder(config, user, &password)
                    .build()
                    .map_err(error)?,
            ),
            "yeastar_p" => Clients::YeastarP(
                YeastarPClient::builder(config, user, &password)
                    .build()
                    .map_err(error)?,
            ),
            "switchvox" => Clients::Switchvox(
                SwitchvoxClient::new(config, user, password, connection.http_auth, format)
                    .map_err(error)?,
            ),
            other => return Err(Failure::usage(format!("unknown family `{other}`"))),
        })
    }

    async fn send<E: Endpoint>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error<<E::Api as pbx_api::wire::Api>::ErrorCode>> {
        match self {
            Clients::OpenVox(c) => c.send_any(request).await,
            Clients::YeastarS(c) => c.send_any(request).await,
            Clients::YeastarV2(c) => c.send_any(request).await,
            Clients::YeastarP(c) => c.send_any(request).await,
            Clients::Switchvox(c) => c.send_any(request).await,
        }
    }

    /// Fetches a download endpoint's file into `out`; the bytes written.
    async fn download<E: Endpoint>(
        &self,
        request: &E,
        out: &mut (dyn std::io::Write + Send),
    ) -> Result<u64, Error<<E::Api as pbx_api::wire::Api>::ErrorCode>> {
        // The endpoint is of the client's family (the tree offers no other), so its `Api` is
        // the client's; `download_any` checks it once more.
        match self {
            Clients::OpenVox(c) => c.download_any(request, out).await,
            Clients::YeastarS(c) => c.download_any(request, out).await,
            Clients::YeastarV2(c) => c.download_any(request, out).await,
            Clients::YeastarP(c) => c.download_any(request, out).await,
            Clients::Switchvox(_) => Err(no_download::<E>()),
        }
    }

    /// Fetches the file at `path`, which an answer of `E` named (`[resource]`), into `out`.
    async fn download_resource<E: Endpoint>(
        &self,
        path: &str,
        out: &mut (dyn std::io::Write + Send),
    ) -> Result<u64, Error<<E::Api as pbx_api::wire::Api>::ErrorCode>> {
        match self {
            Clients::OpenVox(c) => c.download_resource_path::<E, _>(path, out).await,
            Clients::YeastarS(c) => c.download_resource_path::<E, _>(path, out).await,
            Clients::YeastarV2(c) => c.download_resource_path::<E, _>(path, out).await,
            Clients::YeastarP(c) => c.download_resource_path::<E, _>(path, out).await,
            Clients::Switchvox(_) => Err(no_download::<E>()),
        }
    }

    /// Ends the session, if the family has one; why logging out failed, if it did.
    pub async fn close(&self) -> Option<String> {
        let result = match self {
            Clients::OpenVox(c) => c.close().await.map_err(|e| e.to_string()),
            Clients::YeastarS(c) => c.close().await.map_err(|e| e.to_string()),
            Clients::YeastarV2(c) => c.close().await.map_err(|e| e.to_string()),
            Clients::YeastarP(c) => c.close().await.map_err(|e| e.to_string()),
            Clients::Switchvox(_) => Ok(()),
        };
        result.err()
    }
}

/// Something to do with the typed request of the endpoint chosen at run time.
pub trait WithRequest {
    /// What it gives.
    type Out;
    /// Does it with `request`, which passed its spec's checks.
    fn with<E: Endpoint>(self, request: E) -> Self::Out;
}

/// Builds endpoint `id`'s request from `params` and hands it to `then`. A parameter the spec
/// refuses is an invalid request (exit 3; nothing sent).
pub fn with_request<W: WithRequest>(
    id: &str,
    params: &[(&'static str, Vec<String>)],
    then: W,
) -> Result<W::Out, Failure> {
    struct Visit<'a, W: WithRequest> {
        id: &'a str,
        body: Vec<u8>,
        then: Option<W>,
        out: Option<Result<W::Out, Failure>>,
    }
    impl<W: WithRequest> EndpointVisitor for Visit<'_, W> {
        fn visit<E: Endpoint>(&mut self) {
            if E::META.id != self.id {
                return;
            }
            let Some(then) = self.then.take() else {
                return;
            };
            let request = Element::parse_json(&self.body)
                .and_then(|root| E::read(&root))
                .map_err(|e| e.to_string())
                .and_then(|r| r.validate().map(|_| r).map_err(|e| e.to_string()));
            self.out = Some(match request {
                Ok(request) => Ok(then.with(request)),
                Err(e) => Err(Failure {
                    exit: Exit::InvalidRequest,
                    kind: "invalid",
                    message: format!("invalid request for {}: {e} (nothing was sent)", E::META.id),
                    delivery: Some("not_sent"),
                    endpoint: Some(E::META.id),
                    url: None,
                    vendor: None,
                }),
            });
        }
    }
    let mut visit = Visit {
        id,
        body: flat_json(params),
        then: Some(then),
        out: None,
    };
    pbx_api::for_each_endpoint(&mut visit);
    visit
        .out
        .unwrap_or_else(|| Err(Failure::usage(format!("no endpoint `{id}`"))))
}

/// The parameters as a flat JSON object of strings (lists as arrays), which every generated
/// reader accepts for every scalar type.
fn flat_json(params: &[(&'static str, Vec<String>)]) -> Vec<u8> {
    let object: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(name, values)| {
            let value = match values.as_slice() {
                [one] => serde_json::Value::from(one.as_str()),
                many => serde_json::Value::from(many.to_vec()),
            };
            ((*name).to_owned(), value)
        })
        .collect();
    serde_json::Value::Object(object).to_string().into_bytes()
}

/// Sends a request with `clients` and returns the answer as the PBX's JSON.
pub struct Sending<'a> {
    pub runtime: &'a tokio::runtime::Runtime,
    pub clients: &'a Clients,
    pub connection: &'a Connection,
}

impl WithRequest for Sending<'_> {
    type Out = Result<Vec<u8>, Failure>;

    fn with<E: Endpoint>(self, request: E) -> Self::Out {
        match self.runtime.block_on(self.clients.send(&request)) {
            Ok(response) => Ok(E::encode_response(&response, Format::Json)),
            Err(error) => Err(failure(error, E::META, self.connection)),
        }
    }
}

/// Fetches a download endpoint's file with `clients` into `--out FILE`, or stdout.
pub struct Downloading<'a> {
    pub runtime: &'a tokio::runtime::Runtime,
    pub clients: &'a Clients,
    pub connection: &'a Connection,
    /// `--out`: the file to write; stdout without it.
    pub out: Option<&'a std::path::Path>,
}

impl WithRequest for Downloading<'_> {
    type Out = Result<u64, Failure>;

    fn with<E: Endpoint>(self, request: E) -> Self::Out {
        let mut file;
        let mut stdout;
        let out: &mut (dyn std::io::Write + Send) = match self.out {
            Some(path) => {
                file = std::fs::File::create(path).map_err(|e| {
                    Failure::usage(format!(
                        "--out: cannot create {}: {e}",
                        crate::output::neutral(&path.display().to_string())
                    ))
                })?;
                &mut file
            }
            None => {
                stdout = std::io::stdout();
                &mut stdout
            }
        };
        let fail = |error| failure(error, E::META, self.connection);
        let Some(resource) = E::META.resource else {
            return self
                .runtime
                .block_on(self.clients.download(&request, out))
                .map_err(fail);
        };
        // An answer naming the file (`[resource]`): the answer first, then the file it names.
        let answer = self
            .runtime
            .block_on(self.clients.send(&request))
            .map_err(fail)?;
        let answer: serde_json::Value =
            serde_json::from_slice(&E::encode_response(&answer, Format::Json))
                .map_err(|e| Failure::usage(format!("the answer could not be read back: {e}")))?;
        let path = answer
            .get(resource.field)
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| {
                Failure::usage(format!("the answer names no file in `{}`", resource.field))
            })?;
        self.runtime
            .block_on(self.clients.download_resource::<E>(path, out))
            .map_err(fail)
    }
}

/// Switchvox's refusal of a download: it declares none.
fn no_download<E: Endpoint>() -> Error<<E::Api as pbx_api::wire::Api>::ErrorCode> {
    Error::InvalidRequest {
        endpoint: E::META,
        source: pbx_api::wire::InvalidRequest::new(
            "download",
            "Switchvox declares no download endpoint",
        ),
    }
}

/// The format a request for `meta` goes in: the chosen one where the endpoint speaks it.
pub fn format_for(meta: &EndpointMeta, preferred: Format) -> Format {
    if meta.supports(preferred) {
        preferred
    } else {
        meta.formats.first().copied().unwrap_or(preferred)
    }
}

/// The URL of `meta`'s request for the API version chosen (`--api-version`, else the
/// family's), with the token shown as `***`.
pub fn shown_url(
    base_url: &str,
    meta: &EndpointMeta,
    format: Format,
    version: Option<&str>,
) -> String {
    const PLACEHOLDER: &str = "PBXTOKENSHOWNMASKED";
    let version = version.unwrap_or(meta.api.version);
    let path = meta
        .path_and_query_at(format_for(meta, format), PLACEHOLDER, version)
        .replace(PLACEHOLDER, "***");
    format!("{base_url}{path}")
}

/// A client error as a failure. An error in the session's own exchanges (a login or refresh)
/// means the request asked for was not sent.
pub(crate) fn failure<C: ErrorCode>(
    error: Error<C>,
    requested: &'static EndpointMeta,
    connection: &Connection,
) -> Failure {
    let endpoint = error.endpoint();
    let delivery = match endpoint {
        Some(meta) if meta.id != requested.id => Delivery::NotSent,
        _ => error.delivery(),
    };
    let (exit, kind) = match &error {
        Error::InvalidRequest { .. } => (Exit::InvalidRequest, "invalid"),
        Error::Vendor { .. } => (Exit::Vendor, "vendor"),
        Error::Auth { .. } => (Exit::Auth, "auth"),
        Error::Transport { .. } if delivery == Delivery::NotSent => (Exit::Transport, "transport"),
        Error::Transport { .. } => (Exit::SentNoAnswer, "transport"),
        Error::Status { .. } => (Exit::BadAnswer, "http_status"),
        Error::Decode { .. } | Error::BodyTooLarge { .. } => (Exit::BadAnswer, "decode"),
        Error::DownloadTooLarge { .. } => (Exit::BadAnswer, "too_large"),
        Error::Version { .. } => (Exit::InvalidRequest, "version"),
        _ => (Exit::Internal, "internal"),
    };
    let vendor = match &error {
        Error::Vendor { error, .. } => Some(Box::new((
            error.code.code().to_owned(),
            error.message().map(str::to_owned),
        ))),
        Error::Auth {
            vendor: Some(error),
            ..
        } => Some(Box::new((
            error.code.code().to_owned(),
            error.message().map(str::to_owned),
        ))),
        _ => None,
    };
    let message = match endpoint {
        Some(meta) if meta.id != requested.id => format!(
            "{} was not sent, the session could not be opened: {error}",
            requested.id
        ),
        _ => error.to_string(),
    };
    let message = match &error {
        Error::Auth {
            kind: AuthKind::BasicInClear,
            ..
        } => format!("{message} (with pbx: --http-auth basic)"),
        _ => message,
    };
    Failure {
        exit,
        kind,
        message,
        delivery: Some(match delivery {
            Delivery::NotSent => "not_sent",
            Delivery::SentNoAnswer => "sent_no_answer",
            Delivery::Answered => "answered",
        }),
        endpoint: endpoint.map(|m| m.id),
        url: endpoint.map(|m| {
            shown_url(
                &connection.base_url,
                m,
                connection.format,
                connection.api_version.as_deref(),
            )
        }),
        vendor,
    }
}
