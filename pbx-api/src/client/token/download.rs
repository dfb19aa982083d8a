//! `TokenClient::download`: a download endpoint on the session, renewed once on a token
//! error like any request (the refusal is an envelope, so nothing was written yet); and
//! `TokenClient::download_resource`: a file an answer names by path, fetched the same way.

use pbx_wire::resource::{self, ResourceAnswer};
use pbx_wire::{Api, Endpoint, ErrorCode, HttpRequest};

use super::{TokenApi, TokenClient};
use crate::client::download::{Fetched, check_download, refusal};
use crate::client::error::{AuthKind, Error};
use crate::client::transport::{check_family, check_version, format_for, http_request};

impl<A: TokenApi> TokenClient<A> {
    /// Sends a download endpoint (`download` in its spec: a recording, a CDR file) and writes
    /// the file to `out` as it arrives, never holding it whole; the number of bytes written.
    /// A file larger than [`ClientConfig::max_download_bytes`](crate::client::ClientConfig::max_download_bytes)
    /// stops with [`Error::DownloadTooLarge`] (what `out` holds then is incomplete); the PBX's
    /// refusal in its envelope is [`Error::Vendor`], with nothing written.
    pub async fn download<E, W>(
        &self,
        request: &E,
        out: &mut W,
    ) -> Result<u64, Error<<A as Api>::ErrorCode>>
    where
        E: Endpoint<Api = A>,
        W: std::io::Write + Send + ?Sized,
    {
        self.download_any(request, out).await
    }

    /// [`TokenClient::download`] for an endpoint whose family is known only at run time (the
    /// `pbx` command). An endpoint of another family is refused unsent.
    pub async fn download_any<E, W>(
        &self,
        request: &E,
        out: &mut W,
    ) -> Result<u64, Error<<E::Api as Api>::ErrorCode>>
    where
        E: Endpoint,
        W: std::io::Write + Send + ?Sized,
    {
        let meta = E::META;
        check_family::<A, E>()?;
        check_download(meta, true)?;
        let version = self.checked_version::<E>()?;
        let format = format_for::<E>(self.inner.format);
        request
            .check(format)
            .map_err(|source| Error::InvalidRequest {
                endpoint: meta,
                source,
            })?;
        self.fetch_renewing::<E, W>(format, out, |token| {
            http_request(request, format, token, version.as_deref())
        })
        .await
    }

    /// Fetches the file an answer names by path (an endpoint with `[resource]` in its spec: the
    /// P-Series `recording/download` answers with `download_resource_url`, valid 30 minutes)
    /// and writes it to `out` as [`TokenClient::download`] does: streamed, capped, the PBX's
    /// refusal in its envelope as [`Error::Vendor`], the token renewed once if refused.
    ///
    /// The token travels as the family's requests carry it (`?access_token=`). A path that is
    /// not on the PBX the client talks to (a scheme, a host, `..`) is refused unsent as
    /// [`Error::InvalidRequest`], so the token never leaves for another address.
    ///
    /// ```no_run
    /// # async fn run(pbx: &pbx_api::client::TokenClient<pbx_api::yeastar_p::Api>) -> Result<(), Box<dyn std::error::Error>> {
    /// use pbx_api::prelude::*;
    /// let named = pbx.recording().download().id(1727).send().await?;
    /// let mut wav = Vec::new();
    /// let bytes = pbx.download_resource(&named, &mut wav).await?;
    /// # let _ = bytes; Ok(()) }
    /// ```
    pub async fn download_resource<R, W>(
        &self,
        answer: &R,
        out: &mut W,
    ) -> Result<u64, Error<<A as Api>::ErrorCode>>
    where
        R: ResourceAnswer,
        R::Endpoint: Endpoint<Api = A>,
        W: std::io::Write + Send + ?Sized,
    {
        self.download_resource_path::<R::Endpoint, W>(answer.resource_path(), out)
            .await
    }

    /// [`TokenClient::download_resource`] by path, for an answer of `E` read without its type
    /// (the `pbx` command reads the field its spec's `[resource]` names). An endpoint of
    /// another family is refused unsent.
    pub async fn download_resource_path<E, W>(
        &self,
        path: &str,
        out: &mut W,
    ) -> Result<u64, Error<<E::Api as Api>::ErrorCode>>
    where
        E: Endpoint,
        W: std::io::Write + Send + ?Sized,
    {
        let meta = E::META;
        check_family::<A, E>()?;
        resource::path_and_query(path, meta.url, "").map_err(|source| Error::InvalidRequest {
            endpoint: meta,
            source,
        })?;
        self.checked_version::<E>()?;
        let format = format_for::<E>(self.inner.format);
        self.fetch_renewing::<E, W>(format, out, |token| {
            let path_and_query =
                resource::path_and_query(path, meta.url, token).map_err(|source| {
                    Error::InvalidRequest {
                        endpoint: meta,
                        source,
                    }
                })?;
            Ok(HttpRequest {
                method: "GET",
                path_and_query,
                content_type: "",
                body: Vec::new(),
            })
        })
        .await
    }

    /// Refuses, unsent, an endpoint the session cannot send now (closed) or whose version the
    /// client's does not have; the client's API version, if it names one.
    fn checked_version<E: Endpoint>(
        &self,
    ) -> Result<Option<String>, Error<<E::Api as Api>::ErrorCode>> {
        let meta = E::META;
        self.check_open(meta).map_err(Error::recode)?;
        let version = self.inner.transport.config.api_version.clone();
        if let Some(version) = version.as_deref() {
            check_version(meta, version)?;
        }
        Ok(version)
    }

    /// Sends the request `build` makes with the session's token and writes the file to `out`;
    /// on the family's token error, renews the session once and sends it again (the refusal
    /// is an envelope, so nothing was written yet).
    async fn fetch_renewing<E, W>(
        &self,
        format: pbx_wire::Format,
        out: &mut W,
        build: impl Fn(&str) -> Result<HttpRequest, Error<<E::Api as Api>::ErrorCode>>,
    ) -> Result<u64, Error<<E::Api as Api>::ErrorCode>>
    where
        E: Endpoint,
        W: std::io::Write + Send + ?Sized,
    {
        let meta = E::META;
        let token_error = |code: &<E::Api as Api>::ErrorCode| {
            A::is_token_error(&<A::ErrorCode as ErrorCode>::from_code(code.code()))
        };
        let mut token = self.current_or_login().await.map_err(Error::recode)?;
        // At most two attempts: the second follows a renewal and always returns.
        let mut renewed = false;
        loop {
            let http = build(token.expose())?;
            let refused = match self.inner.transport.download(meta, &http, out).await? {
                Fetched::Written(n) => return Ok(n),
                Fetched::Answer(reply) => refusal::<E>(format, reply),
            };
            match refused {
                Error::Vendor { error, endpoint } if token_error(&error.code) => {
                    if renewed {
                        return Err(Error::Auth {
                            endpoint,
                            kind: AuthKind::TokenRejected,
                            vendor: Some(error),
                        });
                    }
                    tracing::debug!(endpoint = meta.id, "token refused; renewing the session");
                    token = self.renew(&token).await.map_err(Error::recode)?;
                    renewed = true;
                }
                other => return Err(other),
            }
        }
    }
}
