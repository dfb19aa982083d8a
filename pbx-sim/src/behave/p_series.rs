//! Tokens of the Yeastar P-Series OpenAPI, and the `type` filter of `call/query`. Its calls
//! are the model's, through each spec's `[sim]` table (`generic.rs`).

use pbx_api::yeastar_p;

use super::{Behaviours, Ctx, Refusal, login};
use crate::facts::facts;

/// Registers the behaviours.
pub(crate) fn behaviours(b: &mut Behaviours) {
    fn grant(ctx: &mut Ctx<'_>, token: String) -> (i64, String, i64, String) {
        let life = i64::try_from(ctx.state.config.access_token_life.as_secs()).unwrap_or(i64::MAX);
        let refresh = ctx.state.refresh_token("yeastar_p");
        (life, token, 86_400, refresh)
    }
    b.on(|ctx, r: &yeastar_p::get_token::Request| {
        let token = login(ctx, "yeastar_p", &r.username, &r.password, false)?;
        let (life, token, refresh_life, refresh) = grant(ctx, token);
        Ok(yeastar_p::get_token::Response::new(
            life,
            token,
            refresh_life,
            refresh,
        ))
    });
    b.on(|ctx, r: &yeastar_p::refresh_token::Request| {
        if !ctx.state.spend_refresh("yeastar_p", &r.refresh_token) {
            return Err(Refusal::code(facts("yeastar_p").token_invalid));
        }
        let user = ctx.state.config.user.clone();
        let password = ctx.state.config.password.clone();
        let token = login(ctx, "yeastar_p", &user, &password, false)?;
        let (life, token, refresh_life, refresh) = grant(ctx, token);
        Ok(yeastar_p::refresh_token::Response::new(
            life,
            token,
            refresh_life,
            refresh,
        ))
    });
    b.on(|ctx, _: &yeastar_p::del_token::Request| {
        ctx.state.logout("yeastar_p", ctx.token);
        Ok(yeastar_p::del_token::Response::new())
    });
    b.on(|ctx, r: &yeastar_p::call::query::Request| {
        // `call_id` and `extension` are the `[sim]` table's filters; `type` (inbound,
        // outbound, internal) is the one it cannot express, applied here.
        let mut response = super::generic::run(ctx, r)
            .unwrap_or_else(|| Err(Refusal::code(facts("yeastar_p").unsupported)))?;
        let Some(kind) = r.call_type.as_deref() else {
            return Ok(response);
        };
        let calls = ctx.state.model.all_calls();
        response.data.retain(|info| {
            calls.iter().any(|call| {
                call.id == info.call_id && kind == if call.inbound { "inbound" } else { "outbound" }
            })
        });
        Ok(response)
    });
}
