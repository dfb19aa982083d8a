//! Closing a session: the keep-alive stops, the token is logged out.

use std::sync::atomic::Ordering;

use pbx_wire::session::TokenApi;

use super::{Result, TokenClient};
use crate::client::error::Error;
use crate::client::transport::format_for;

impl<A: TokenApi> TokenClient<A> {
    /// Stops the heartbeat and logs out. Later calls fail with [`Error::Closed`].
    pub async fn close(&self) -> Result<(), A> {
        if self.inner.closed.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        if let Some(task) = self.inner.heartbeat.lock().ok().and_then(|mut h| h.take()) {
            task.abort();
        }
        // Wait for a login or refresh in flight, so its token is the one logged out.
        let _guard = self.inner.login_lock.lock().await;
        let session = self.inner.session.write().ok().and_then(|mut t| t.take());
        let Some(token) = session.map(|s| s.grant.token) else {
            return Ok(());
        };
        let logout = A::logout();
        let format = format_for::<A::Logout>(self.inner.format);
        match self.send_with_token(&logout, format, &token).await {
            Ok(_) => Ok(()),
            // The session is gone either way.
            Err(Error::Vendor { error, .. }) if A::is_token_error(&error.code) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
