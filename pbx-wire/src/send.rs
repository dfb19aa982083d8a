//! What the generated client methods stand on: clients that send a family's endpoints
//! ([`Sender`], async or blocking), and the request builders those methods return
//! ([`Prepared`]), sent with `.send()` from [`SendAsync`] or [`SendBlocking`].
//!
//! The family crates sit below the crate that holds the clients, so generated code never names
//! a client: `pbx.extension().dial_outbound("1002", "41000")` returns a builder that holds the
//! client (any [`Sender`] of the family) and the typed request; `.send()` hands the request to
//! the client's own `send`. On an async client `.send()` is a future (no box: its type is the
//! client's future), on a blocking client it is the answer.

use std::future::Future;

use crate::endpoint::{Api, Endpoint};
use crate::format::Format;

/// What a family spec says about every URL of the family, for requests no spec declares yet
/// (a client's raw escape hatch). Generated for each family's `Api`.
pub trait Family: Api {
    /// The URL template with the version filled: `{path}` (absent for RPC families, where the
    /// method name travels in the body), `{token}` and `{format}` remain.
    const URL: &'static str;
    /// The formats the family speaks, its preferred first.
    const FORMATS: &'static [Format];
}

/// A client of one API family. The generated group accessors exist on every sender of their
/// family; sending is [`AsyncSender`] or [`BlockingSender`].
pub trait Sender {
    /// The family the client speaks.
    type Api: Api;
    /// The client's one error type.
    type Error;
}

/// A client whose requests are awaited.
pub trait AsyncSender: Sender + Sync {
    /// Sends `request` through the client's session; the typed response or the client's error.
    fn send_endpoint<E: Endpoint<Api = Self::Api>>(
        &self,
        request: E,
    ) -> impl Future<Output = Result<E::Response, Self::Error>> + Send;
}

/// A client whose requests block until answered.
pub trait BlockingSender: Sender {
    /// Sends `request` and waits for the typed response or the client's error.
    fn send_endpoint_blocking<E: Endpoint<Api = Self::Api>>(
        &self,
        request: E,
    ) -> Result<E::Response, Self::Error>;
}

/// A request ready to go, with the client that will send it: what every generated endpoint
/// method returns. Optional parameters are set on it first; `.send()` sends it.
pub trait Prepared<'a>: Sized {
    /// The client.
    type Sender: Sender + ?Sized + 'a;
    /// The typed request.
    type Request: Endpoint<Api = <Self::Sender as Sender>::Api>;
    /// The client and the request, taken apart.
    fn into_parts(self) -> (&'a Self::Sender, Self::Request);
}

/// What `.send()` answers with: the endpoint's typed response, or the client's error.
pub type Answer<'a, P> = Result<
    <<P as Prepared<'a>>::Request as Endpoint>::Response,
    <<P as Prepared<'a>>::Sender as Sender>::Error,
>;

/// `.send()` on a request prepared on an async client: `.await` it.
pub trait SendAsync<'a>: Prepared<'a> {
    /// Sends the request; the future yields the typed response or the client's error.
    fn send(self) -> impl Future<Output = Answer<'a, Self>> + Send + 'a;
}

impl<'a, P: Prepared<'a>> SendAsync<'a> for P
where
    P::Sender: AsyncSender,
{
    #[inline]
    fn send(self) -> impl Future<Output = Answer<'a, Self>> + Send + 'a {
        let (sender, request) = self.into_parts();
        sender.send_endpoint(request)
    }
}

/// `.send()` on a request prepared on a blocking client: the answer itself.
pub trait SendBlocking<'a>: Prepared<'a> {
    /// Sends the request and waits for the typed response or the client's error.
    fn send(self) -> Answer<'a, Self>;
}

impl<'a, P: Prepared<'a>> SendBlocking<'a> for P
where
    P::Sender: BlockingSender,
{
    #[inline]
    fn send(self) -> Answer<'a, Self> {
        let (sender, request) = self.into_parts();
        sender.send_endpoint_blocking(request)
    }
}

/// The part every generated endpoint builder shares: the client and the request. Generated
/// builders wrap one, so that a builder's own items are its setters and its docs.
#[derive(Debug)]
pub struct Pending<'a, S: ?Sized, E> {
    sender: &'a S,
    /// The request as built so far.
    pub request: E,
}

impl<'a, S: ?Sized, E> Pending<'a, S, E> {
    /// The request `request`, to be sent by `sender`.
    #[inline]
    pub fn new(sender: &'a S, request: E) -> Self {
        Pending { sender, request }
    }

    /// Changes the request (a setter of the generated builder).
    #[inline]
    pub fn map(self, set: impl FnOnce(E) -> E) -> Self {
        Pending {
            sender: self.sender,
            request: set(self.request),
        }
    }

    /// The client and the request.
    #[inline]
    pub fn into_parts(self) -> (&'a S, E) {
        (self.sender, self.request)
    }
}
