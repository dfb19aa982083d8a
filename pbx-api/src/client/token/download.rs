//! `TokenClient::download`: a download endpoint on the session, renewed once on a token
//! error like any request (the refusal is an envelope, so nothing was written yet).

use pbx_wire::{Api, Endpoint, ErrorCode};

use super::{TokenApi, TokenClient};
use crate::client::download::{Fetched, check_download, refusal};
use crate::client::error::{AuthKind, Error};
use crate::client::secret::Secret;
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
        self.check_open(meta).map_err(Error::recode)?;
        let version = self.inner.transport.config.api_version.clone();
        if let Some(version) = version.as_deref() {
            check_version(meta, version)?;
        }
        let format = format_for::<E>(self.inner.format);
        request
            .check(format)
            .map_err(|source| Error::InvalidRequest {
                endpoint: meta,
                source,
            })?;
        let token_error = |code: &<E::Api as Api>::ErrorCode| {
            A::is_token_error(&<A::ErrorCode as ErrorCode>::from_code(code.code()))
        };
        let token = self.current_or_login().await.map_err(Error::recode)?;
        match self
            .download_with_token(request, format, &token, version.as_deref(), out)
            .await
        {
            Err(Error::Vendor { error, .. }) if token_error(&error.code) => {
                tracing::debug!(endpoint = meta.id, "token refused; renewing the session");
                let fresh = self.renew(&token).await.map_err(Error::recode)?;
                match self
                    .download_with_token(request, format, &fresh, version.as_deref(), out)
                    .await
                {
                    Err(Error::Vendor { error, endpoint }) if token_error(&error.code) => {
                        Err(Error::Auth {
                            endpoint,
                            kind: AuthKind::TokenRejected,
                            vendor: Some(error),
                        })
                    }
                    other => other,
                }
            }
            other => other,
        }
    }

    async fn download_with_token<E, W>(
        &self,
        request: &E,
        format: pbx_wire::Format,
        token: &Secret,
        version: Option<&str>,
        out: &mut W,
    ) -> Result<u64, Error<<E::Api as Api>::ErrorCode>>
    where
        E: Endpoint,
        W: std::io::Write + Send + ?Sized,
    {
        let http = http_request(request, format, token.expose(), version)?;
        match self.inner.transport.download(E::META, &http, out).await? {
            Fetched::Written(n) => Ok(n),
            Fetched::Answer(reply) => Err(refusal::<E>(format, reply)),
        }
    }
}
