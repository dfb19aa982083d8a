//! Renewing a session after a token error or before the token expires: one renewal (a refresh
//! while the refresh token lives, else a login) shared by every request that met the error.

use pbx_wire::session::TokenApi;

use super::{Result, TokenClient};
use crate::client::secret::Secret;
use crate::client::transport::format_for;

impl<A: TokenApi> TokenClient<A> {
    /// Renews the session unless another task already replaced the `stale` token.
    pub(super) async fn renew(&self, stale: &Secret) -> Result<Secret, A> {
        let _guard = self.inner.login_lock.lock().await;
        match self.session() {
            Some(session) if &session.grant.token != stale && session.usable() => {
                Ok(session.grant.token)
            }
            _ => self.renew_locked().await,
        }
    }

    /// Refreshes the session if the family can and the refresh token is alive, else logs in;
    /// the caller holds `login_lock`.
    pub(super) async fn renew_locked(&self) -> Result<Secret, A> {
        if let Some(session) = self.session()
            && session.refreshable()
            && let Some(refresh) = A::keep_alive(&self.report(), &session.grant)
        {
            let format = format_for::<A::KeepAlive>(self.inner.format);
            match self
                .send_with_token(&refresh, format, &session.grant.token)
                .await
            {
                Ok(response) => {
                    if let Some(grant) = A::renewed(response) {
                        tracing::debug!(family = A::META.module, "session refreshed");
                        return Ok(self.store(grant));
                    }
                }
                Err(e) => {
                    tracing::debug!(family = A::META.module, error = %e, "refresh failed; logging in");
                }
            }
        }
        self.login_locked().await
    }
}
