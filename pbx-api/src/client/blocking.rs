//! Blocking clients for scripts and synchronous programs (feature `blocking`). Each runs the
//! async client on a small runtime of its own, which also keeps the session alive between
//! calls. Calling them from async code panics (as any `block_on` there does): use the async
//! clients there.

use std::sync::Arc;

use pbx_wire::{Api, Endpoint};

use super::config::ConfigError;
use super::error::Error;
use super::token::{TokenApi, TokenClientBuilder};

type Result<T, A> = std::result::Result<T, Error<<A as Api>::ErrorCode>>;

/// The client's own runtime. Dropping it never blocks, so a blocking client may also be
/// dropped inside async code (though not used there).
#[derive(Debug)]
struct Runtime(Option<tokio::runtime::Runtime>);

impl Runtime {
    fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        match &self.0 {
            Some(runtime) => runtime.block_on(future),
            // Only `drop` takes the runtime out.
            None => unreachable!("the runtime lives as long as the client"),
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

fn runtime() -> std::result::Result<Arc<Runtime>, ConfigError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("pbx-client")
        .enable_all()
        .build()
        .map(|r| Arc::new(Runtime(Some(r))))
        .map_err(|e| ConfigError::new(format!("the client's runtime could not start: {e}")))
}

/// A blocking [`TokenClient`](super::TokenClient). Cheap to clone; clones share one session.
#[derive(Debug)]
pub struct TokenClient<A: TokenApi> {
    runtime: Arc<Runtime>,
    inner: super::TokenClient<A>,
}

impl<A: TokenApi> Clone for TokenClient<A> {
    fn clone(&self) -> Self {
        TokenClient {
            runtime: self.runtime.clone(),
            inner: self.inner.clone(),
        }
    }
}

impl<A: TokenApi> TokenClient<A> {
    /// Builds the client from an async client's builder.
    pub fn new(builder: TokenClientBuilder<A>) -> std::result::Result<Self, ConfigError> {
        Ok(TokenClient {
            runtime: runtime()?,
            inner: builder.build()?,
        })
    }

    /// Logs in now.
    pub fn login(&self) -> Result<(), A> {
        self.runtime.block_on(self.inner.login())
    }

    /// Fetches a download endpoint's file into `out` (see
    /// [`TokenClient::download`](super::TokenClient::download)); the bytes written.
    pub fn download<E: Endpoint<Api = A>, W: std::io::Write + Send + ?Sized>(
        &self,
        request: &E,
        out: &mut W,
    ) -> Result<u64, A> {
        self.runtime.block_on(self.inner.download(request, out))
    }

    /// Sends a request and waits for the typed answer (see
    /// [`TokenClient::send`](super::TokenClient::send)).
    pub fn send<E: Endpoint<Api = A>>(&self, request: &E) -> Result<E::Response, A> {
        self.runtime.block_on(self.inner.send(request))
    }

    /// Logs out and stops keeping the session alive.
    pub fn close(&self) -> Result<(), A> {
        self.runtime.block_on(self.inner.close())
    }
}

/// A blocking [`HttpAuthClient`](super::HttpAuthClient). Cheap to clone.
#[derive(Debug)]
pub struct HttpAuthClient<A: Api> {
    runtime: Arc<Runtime>,
    inner: super::HttpAuthClient<A>,
}

impl<A: Api> Clone for HttpAuthClient<A> {
    fn clone(&self) -> Self {
        HttpAuthClient {
            runtime: self.runtime.clone(),
            inner: self.inner.clone(),
        }
    }
}

impl<A: Api> HttpAuthClient<A> {
    /// Wraps an async client.
    pub fn new(inner: super::HttpAuthClient<A>) -> std::result::Result<Self, ConfigError> {
        Ok(HttpAuthClient {
            runtime: runtime()?,
            inner,
        })
    }

    /// Sends a request and waits for the typed answer.
    pub fn send<E: Endpoint<Api = A>>(&self, request: &E) -> Result<E::Response, A> {
        self.runtime.block_on(self.inner.send(request))
    }
}

/// A blocking client for the OpenVox UC Series IPPBX API.
#[cfg(feature = "openvox")]
#[cfg_attr(docsrs, doc(cfg(feature = "openvox")))]
pub type OpenVoxClient = TokenClient<crate::openvox::Api>;
/// A blocking client for the Yeastar S-Series API v1.
#[cfg(feature = "yeastar-s")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-s")))]
pub type YeastarSClient = TokenClient<crate::yeastar_s::Api>;
/// A blocking client for Yeastar API 2.0.
#[cfg(feature = "yeastar-v2")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-v2")))]
pub type YeastarV2Client = TokenClient<crate::yeastar_v2::Api>;
/// A blocking client for the Yeastar P-Series OpenAPI.
#[cfg(feature = "yeastar-p")]
#[cfg_attr(docsrs, doc(cfg(feature = "yeastar-p")))]
pub type YeastarPClient = TokenClient<crate::yeastar_p::Api>;
/// A blocking client for the Switchvox Extend API.
#[cfg(feature = "switchvox")]
#[cfg_attr(docsrs, doc(cfg(feature = "switchvox")))]
pub type SwitchvoxClient = HttpAuthClient<crate::switchvox::Api>;
