//! The session's access token for connections the client does not make itself (the P-Series
//! event WebSocket opens with `?access_token=`): the current one, or a fresh one after the
//! PBX refused or dropped a connection that used it.

use pbx_wire::Endpoint;
use pbx_wire::session::TokenApi;

use super::{Result, TokenClient};
use crate::client::config::ClientConfig;
use crate::client::secret::Secret;

impl<A: TokenApi> TokenClient<A> {
    /// The current access token, logging in first when there is no usable one (the same
    /// token the client's requests carry).
    pub async fn access_token(&self) -> Result<Secret, A> {
        self.check_open(A::Login::META)?;
        self.current_or_login().await
    }

    /// A new access token to replace `stale`, the one a connection used before the PBX
    /// refused or dropped it: refreshed (or a new login) unless another task already replaced
    /// `stale` with a token that is still good, which is then returned. One renewal is shared
    /// by every caller that met the same stale token.
    pub async fn fresh_access_token(&self, stale: &Secret) -> Result<Secret, A> {
        self.check_open(A::Login::META)?;
        self.renew(stale).await
    }

    /// The settings the client was built with (base URL, timeouts, TLS trust).
    pub(crate) fn config(&self) -> &ClientConfig {
        &self.inner.transport.config
    }
}
