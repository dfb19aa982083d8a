//! What the simulated PBX does for the endpoints that have behaviour: sessions, and the model
//! (`model/`) through each spec's `[sim]` table (`generic.rs`, the answers filled in
//! `fill.rs`), with code of their own where a spec's table cannot say it all. Every other
//! endpoint answers with its spec's documented example.

use std::any::{Any, TypeId};
use std::borrow::Cow;
use std::collections::HashMap;

use pbx_api::wire::Endpoint;

use crate::facts::facts;
use crate::state::{Login, State};

mod extensions;
mod fill;
pub(crate) mod generic;
mod p_series;
mod queues;
pub(crate) mod record_files;
mod s_series;
pub(crate) mod switchvox;
mod times;

/// Why a request was refused: a vendor code and, for envelopes that carry one, a message
/// (the spec's text for the code when there is none).
#[derive(Debug)]
pub(crate) struct Refusal {
    pub code: Cow<'static, str>,
    pub message: Option<String>,
}

impl Refusal {
    pub fn code(code: &'static str) -> Self {
        Refusal {
            code: Cow::Borrowed(code),
            message: None,
        }
    }

    /// A refusal with a code known only at run time (an injected fault's).
    pub fn owned(code: &str) -> Self {
        Refusal {
            code: Cow::Owned(code.to_owned()),
            message: None,
        }
    }
}

/// What a behaviour sees of the request beyond its typed body.
pub(crate) struct Ctx<'a> {
    pub state: &'a mut State,
    /// The session token the request carried.
    pub token: &'a str,
}

type Behaviour =
    Box<dyn Fn(&mut Ctx<'_>, &dyn Any) -> Result<Box<dyn Any + Send>, Refusal> + Send + Sync>;

/// Behaviours by request type.
#[derive(Default)]
pub(crate) struct Behaviours(HashMap<TypeId, Behaviour>);

impl Behaviours {
    fn on<E: Endpoint>(
        &mut self,
        f: impl Fn(&mut Ctx<'_>, &E) -> Result<E::Response, Refusal> + Send + Sync + 'static,
    ) {
        self.0.insert(
            TypeId::of::<E>(),
            Box::new(move |ctx, request| {
                let request = request
                    .downcast_ref::<E>()
                    .ok_or_else(|| Refusal::code(facts(E::META.api.module).unsupported))?;
                f(ctx, request).map(|r| Box::new(r) as Box<dyn Any + Send>)
            }),
        );
    }

    /// Runs the behaviour for `E`: its own, else its spec's `[sim]` table's, if it has one.
    pub fn run<E: Endpoint>(
        &self,
        ctx: &mut Ctx<'_>,
        request: &E,
    ) -> Option<Result<E::Response, Refusal>> {
        let Some(behaviour) = self.0.get(&TypeId::of::<E>()) else {
            return generic::run(ctx, request);
        };
        Some(behaviour(ctx, request).and_then(|any| {
            any.downcast::<E::Response>()
                .map(|b| *b)
                .map_err(|_| Refusal::code(facts(E::META.api.module).unsupported))
        }))
    }

    /// Every behaviour the simulator has.
    pub fn all() -> Self {
        let mut b = Behaviours::default();
        s_series::behaviours(&mut b);
        p_series::behaviours(&mut b);
        queues::behaviours(&mut b);
        switchvox::behaviours(&mut b);
        b
    }
}

pub(crate) fn login(
    ctx: &mut Ctx<'_>,
    family: &'static str,
    user: &str,
    secret: &str,
    md5: bool,
) -> Result<String, Refusal> {
    match ctx.state.login(family, user, secret, md5) {
        Login::Token(token) => Ok(token),
        Login::Refused(code) => Err(Refusal::code(code)),
    }
}
