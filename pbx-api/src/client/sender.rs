//! The clients as senders of the generated client methods (`pbx_wire::send`): each method's
//! builder ends in the client's own `send`, so sessions, renewal and retries are the ones of
//! `send(&Request)`.

use pbx_wire::send::{AsyncSender, Sender};
use pbx_wire::{Api, Endpoint};

use super::error::Error;
use super::http_auth::HttpAuthClient;
use super::token::{TokenApi, TokenClient};

impl<A: TokenApi> Sender for TokenClient<A> {
    type Api = A;
    type Error = Error<A::ErrorCode>;
}

impl<A: TokenApi> AsyncSender for TokenClient<A> {
    async fn send_endpoint<E: Endpoint<Api = A>>(
        &self,
        request: E,
    ) -> Result<E::Response, Self::Error> {
        self.send(&request).await
    }
}

impl<A: Api + Send + Sync> Sender for HttpAuthClient<A> {
    type Api = A;
    type Error = Error<A::ErrorCode>;
}

impl<A: Api + Send + Sync> AsyncSender for HttpAuthClient<A> {
    async fn send_endpoint<E: Endpoint<Api = A>>(
        &self,
        request: E,
    ) -> Result<E::Response, Self::Error> {
        self.send(&request).await
    }
}

#[cfg(feature = "blocking")]
mod blocking {
    use super::*;
    use crate::client::blocking;
    use pbx_wire::send::BlockingSender;

    impl<A: TokenApi> Sender for blocking::TokenClient<A> {
        type Api = A;
        type Error = Error<A::ErrorCode>;
    }

    impl<A: TokenApi> BlockingSender for blocking::TokenClient<A> {
        fn send_endpoint_blocking<E: Endpoint<Api = A>>(
            &self,
            request: E,
        ) -> Result<E::Response, Self::Error> {
            self.send(&request)
        }
    }

    impl<A: Api + Send + Sync> Sender for blocking::HttpAuthClient<A> {
        type Api = A;
        type Error = Error<A::ErrorCode>;
    }

    impl<A: Api + Send + Sync> BlockingSender for blocking::HttpAuthClient<A> {
        fn send_endpoint_blocking<E: Endpoint<Api = A>>(
            &self,
            request: E,
        ) -> Result<E::Response, Self::Error> {
            self.send(&request)
        }
    }
}
