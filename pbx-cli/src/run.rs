//! Sending the chosen endpoint: the parameters become the endpoint's typed request through its
//! generated reader and the spec's checks, the family's client sends it, and the answer is
//! printed as the PBX's JSON (or as the typed value).

use pbx_api::client::{
    AuthKind, ClientConfig, Error, HttpAuth, OpenVoxClient, SwitchvoxClient, YeastarPClient,
    YeastarSClient, YeastarV2Client,
};
use pbx_api::wire::{Element, Endpoint, EndpointVisitor, ErrorCode, Format};

use crate::exit::Exit;
use crate::settings::Settings;

/// One client, for the family chosen.
pub enum Clients {
    OpenVox(OpenVoxClient),
    YeastarS(YeastarSClient),
    YeastarV2(YeastarV2Client),
    YeastarP(YeastarPClient),
    Switchvox(SwitchvoxClient),
}

impl Clients {
    /// The client for `module`.
    pub fn new(
        module: &str,
        settings: &Settings,
        url: String,
        format: Format,
    ) -> Result<Clients, String> {
        let mut config = ClientConfig::new(url);
        if let Some(path) = &settings.ca {
            let pem = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            config = config.trust_pem(pem);
        }
        let user = settings
            .user
            .clone()
            .ok_or("no user: give --user or PBX_USER")?;
        let password = settings
            .password
            .clone()
            .ok_or("no password: set PBX_PASSWORD or give --password")?;
        let error = |e: pbx_api::client::ConfigError| e.to_string();
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
                SwitchvoxClient::new(config, user, password, HttpAuth::Auto, format)
                    .map_err(error)?,
            ),
            other => return Err(format!("unknown family `{other}`")),
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

    /// Ends the session, if the family has one.
    pub async fn close(&self) {
        let result = match self {
            Clients::OpenVox(c) => c.close().await.map_err(|e| e.to_string()),
            Clients::YeastarS(c) => c.close().await.map_err(|e| e.to_string()),
            Clients::YeastarV2(c) => c.close().await.map_err(|e| e.to_string()),
            Clients::YeastarP(c) => c.close().await.map_err(|e| e.to_string()),
            Clients::Switchvox(_) => Ok(()),
        };
        if let Err(e) = result {
            eprintln!("warning: logging out failed: {e}");
        }
    }
}

/// The outcome of one `call`.
pub struct Outcome {
    pub exit: Exit,
    pub output: String,
}

/// Builds the request for endpoint `id` from `params` and sends it.
pub fn call(
    runtime: &tokio::runtime::Runtime,
    clients: &Clients,
    id: &str,
    params: &[(&'static str, Vec<String>)],
    json: bool,
) -> Outcome {
    struct Send<'a> {
        runtime: &'a tokio::runtime::Runtime,
        clients: &'a Clients,
        id: &'a str,
        body: Vec<u8>,
        json: bool,
        outcome: Option<Outcome>,
    }
    impl EndpointVisitor for Send<'_> {
        fn visit<E: Endpoint>(&mut self) {
            if E::META.id == self.id {
                self.outcome = Some(send::<E>(self.runtime, self.clients, &self.body, self.json));
            }
        }
    }
    let mut visitor = Send {
        runtime,
        clients,
        id,
        body: flat_json(params),
        json,
        outcome: None,
    };
    pbx_api::for_each_endpoint(&mut visitor);
    visitor.outcome.unwrap_or(Outcome {
        exit: Exit::Usage,
        output: format!("no endpoint `{id}`"),
    })
}

/// The parameters as a flat JSON object of strings (lists as arrays), which every generated
/// reader accepts for every scalar type.
fn flat_json(params: &[(&'static str, Vec<String>)]) -> Vec<u8> {
    use pbx_api::wire::write::escape_json;
    let mut out = String::from("{");
    for (i, (name, values)) in params.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        escape_json(&mut out, name);
        out.push(':');
        let list = values.len() > 1;
        if list {
            out.push('[');
        }
        for (j, value) in values.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            escape_json(&mut out, value);
        }
        if list {
            out.push(']');
        }
    }
    out.push('}');
    out.into_bytes()
}

fn send<E: Endpoint>(
    runtime: &tokio::runtime::Runtime,
    clients: &Clients,
    body: &[u8],
    json: bool,
) -> Outcome {
    let request = Element::parse_json(body)
        .and_then(|root| E::read(&root))
        .map_err(|e| e.to_string())
        .and_then(|r| r.validate().map(|_| r).map_err(|e| e.to_string()));
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            return Outcome {
                exit: Exit::InvalidRequest,
                output: format!("invalid request for {}: {e}", E::META.id),
            };
        }
    };
    match runtime.block_on(clients.send(&request)) {
        Ok(response) => Outcome {
            exit: Exit::Ok,
            output: if json {
                String::from_utf8_lossy(&E::encode_response(&response, Format::Json)).into_owned()
            } else {
                format!("{response:#?}")
            },
        },
        Err(error) => {
            let exit = match &error {
                Error::InvalidRequest { .. } => Exit::InvalidRequest,
                Error::Vendor { .. } => Exit::Vendor,
                Error::Auth {
                    kind:
                        AuthKind::Unauthorized
                        | AuthKind::Forbidden
                        | AuthKind::WrongCredentials
                        | AuthKind::LockedOut
                        | AuthKind::TokenRejected,
                    ..
                } => Exit::Auth,
                Error::Closed => Exit::Transport,
                _ => Exit::Transport,
            };
            let output = match (&error, json) {
                (Error::Vendor { error, .. }, true) => format!(
                    "{{\"error\":\"vendor\",\"code\":\"{}\",\"message\":{:?}}}",
                    error.code.code(),
                    error.message().unwrap_or("")
                ),
                (_, true) => format!(
                    "{{\"error\":{:?},\"message\":{:?}}}",
                    exit.name(),
                    error.to_string()
                ),
                _ => format!("error: {error}"),
            };
            Outcome { exit, output }
        }
    }
}
