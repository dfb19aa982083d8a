//! Downloads (`download` in an endpoint's spec): the answer is the file itself, written to the
//! caller's writer chunk by chunk as reqwest receives it, never held whole, and cut off at
//! the configured cap. An answer in the family's envelope (JSON or XML) is the vendor's
//! refusal: it is read within the body cap and decoded as one.

use pbx_wire::{DecodeError, DecodeErrorKind, Endpoint, EndpointMeta, HttpRequest, ResponseError};

use super::error::Error;
use super::transport::{Reply, Transport};

/// What a download exchange came to.
#[derive(Debug)]
pub(crate) enum Fetched {
    /// The file: this many bytes were written.
    Written(u64),
    /// An envelope or an HTTP error instead, read whole (within the body cap).
    Answer(Reply),
}

/// Whether an answer is the family's envelope rather than the file: its `Content-Type` says
/// JSON or XML, or (without one) its first byte opens a JSON object or an XML element.
pub(crate) fn is_envelope(content_type: Option<&str>, first: &[u8]) -> bool {
    match content_type {
        Some(t) => {
            let t = t.to_ascii_lowercase();
            t.contains("json") || t.contains("xml")
        }
        None => matches!(
            first.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'<')
        ),
    }
}

impl Transport {
    /// Sends one download request and writes the file to `out`, at most `max_download` bytes.
    pub(crate) async fn download<C, W: std::io::Write + Send + ?Sized>(
        &self,
        meta: &'static EndpointMeta,
        request: &HttpRequest,
        out: &mut W,
    ) -> Result<Fetched, Error<C>> {
        let builder = self.builder(meta, request, None, reqwest::Method::GET);
        let transport = super::transport::transport_error(meta);
        let mut response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let first = response
            .chunk()
            .await
            .map_err(transport)?
            .unwrap_or_default();
        if !(200..=299).contains(&status) || is_envelope(content_type.as_deref(), &first) {
            let limit = self.config.max_body;
            let mut body = first.to_vec();
            while let Some(chunk) = response.chunk().await.map_err(transport)? {
                if body.len() + chunk.len() > limit {
                    return Err(Error::BodyTooLarge {
                        endpoint: meta,
                        limit,
                    });
                }
                body.extend_from_slice(&chunk);
            }
            return Ok(Fetched::Answer(Reply {
                status,
                challenges: Vec::new(),
                body,
            }));
        }
        let limit = self.config.max_download;
        let too_large = |written| Error::DownloadTooLarge {
            endpoint: meta,
            limit,
            written,
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large(0));
        }
        let mut written = 0u64;
        let mut chunk = Some(first);
        while let Some(bytes) = chunk {
            if written + bytes.len() as u64 > limit {
                return Err(too_large(written));
            }
            out.write_all(&bytes).map_err(|e| write_failed(meta, &e))?;
            written += bytes.len() as u64;
            chunk = response.chunk().await.map_err(transport)?;
        }
        out.flush().map_err(|e| write_failed(meta, &e))?;
        Ok(Fetched::Written(written))
    }
}

/// The caller's writer failed: the bytes had arrived, so the error is the download's, and the
/// PBX did answer.
fn write_failed<C>(meta: &'static EndpointMeta, e: &std::io::Error) -> Error<C> {
    Error::Decode {
        endpoint: meta,
        source: DecodeError::new(DecodeErrorKind::Envelope(format!(
            "the download could not be written: {e}"
        ))),
        body: Vec::new(),
    }
}

/// An envelope a download endpoint answered: the vendor's error it carries, or, for a success
/// envelope where the file should have been, a decode error.
pub(crate) fn refusal<E: Endpoint>(
    format: pbx_wire::Format,
    reply: Reply,
) -> Error<<E::Api as pbx_wire::Api>::ErrorCode> {
    let endpoint = E::META;
    if !(200..=299).contains(&reply.status) {
        return match super::transport::decode::<E>(format, reply) {
            Err(e) => e,
            Ok(_) => unexpected(endpoint, Vec::new()),
        };
    }
    match E::decode_response(format, &reply.body) {
        Err(ResponseError::Vendor(error)) => Error::Vendor { endpoint, error },
        Err(ResponseError::Decode(source)) => Error::Decode {
            endpoint,
            source,
            body: reply.body,
        },
        Ok(_) => unexpected(endpoint, reply.body),
    }
}

fn unexpected<C>(endpoint: &'static EndpointMeta, body: Vec<u8>) -> Error<C> {
    Error::Decode {
        endpoint,
        source: DecodeError::new(DecodeErrorKind::Envelope(
            "a success envelope where the file was expected".to_owned(),
        )),
        body,
    }
}

/// Refuses, unsent, an endpoint that is no download (or a download sent as an ordinary call).
pub(crate) fn check_download<C>(meta: &'static EndpointMeta, want: bool) -> Result<(), Error<C>> {
    if meta.download.is_some() == want {
        return Ok(());
    }
    let reason = if want {
        format!("`{}` is no download endpoint; send it with `send`", meta.id)
    } else {
        format!(
            "`{}` answers with a file; fetch it with `download`",
            meta.id
        )
    };
    Err(Error::InvalidRequest {
        endpoint: meta,
        source: pbx_wire::InvalidRequest::new("download", reason),
    })
}
