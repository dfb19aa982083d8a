//! Logging in: the current token or one login shared by every request that needs it; refused
//! credentials remembered so that later calls do not walk into the PBX's lockout.

use std::sync::atomic::Ordering;

use pbx_wire::Endpoint;
use pbx_wire::session::{Refused, TokenApi};

use super::{Result, TokenClient};
use crate::client::error::{AuthKind, Error};
use crate::client::secret::Secret;
use crate::client::transport::{decode, format_for, http_request};

impl<A: TokenApi> TokenClient<A> {
    pub(super) async fn current_or_login(&self) -> Result<Secret, A> {
        if let Some(session) = self.session()
            && session.usable()
        {
            return Ok(session.grant.token);
        }
        let _guard = self.inner.login_lock.lock().await;
        match self.session() {
            Some(session) if session.usable() => Ok(session.grant.token),
            Some(_) => self.renew_locked().await,
            None => self.login_locked().await,
        }
    }

    /// Logs in; the caller holds `login_lock`.
    pub(super) async fn login_locked(&self) -> Result<Secret, A> {
        let meta = A::Login::META;
        self.check_open(meta)?;
        let inner = &self.inner;
        let request = self.patch_login(A::login(
            &inner.user,
            inner.password.expose(),
            &self.report(),
        ));
        let format = format_for::<A::Login>(inner.format);
        let http = http_request(
            &request,
            format,
            "",
            inner.transport.config.api_version.as_deref(),
        )?;
        let reply = inner.transport.exchange(meta, &http, None).await?;
        match decode::<A::Login>(format, reply) {
            Ok(response) => {
                let token = self.store(A::grant(response));
                // A close that started meanwhile waits for this lock and logs this token out.
                if !inner.closed.load(Ordering::SeqCst) {
                    self.start_keep_alive();
                }
                tracing::debug!(family = A::META.module, "logged in");
                Ok(token)
            }
            Err(Error::Vendor { error, endpoint }) => {
                match A::refused(&error.code).map(auth_kind) {
                    Some(kind) => {
                        if let Ok(mut refused) = inner.refused.lock() {
                            *refused = Some(kind);
                        }
                        Err(Error::Auth {
                            endpoint,
                            kind,
                            vendor: Some(error),
                        })
                    }
                    None => Err(Error::Vendor { error, endpoint }),
                }
            }
            Err(e) => Err(e),
        }
    }
}

/// The client error's name for a refused login.
fn auth_kind(refused: Refused) -> AuthKind {
    match refused {
        Refused::WrongCredentials => AuthKind::WrongCredentials,
        Refused::LockedOut => AuthKind::LockedOut,
    }
}
