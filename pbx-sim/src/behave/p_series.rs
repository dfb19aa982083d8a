//! Tokens and calls of the Yeastar P-Series OpenAPI.

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
    b.on(|ctx, r: &yeastar_p::call::dial::Request| {
        let call = ctx.state.place("yeastar_p", &r.caller, &r.callee);
        Ok(yeastar_p::call::dial::Response::new(call.id))
    });
    b.on(|ctx, r: &yeastar_p::call::hangup::Request| {
        let found = r.channel_id.as_deref().and_then(|ch| {
            ctx.state
                .calls
                .iter()
                .find(|c| c.family == "yeastar_p" && (c.channel == ch || c.trunk_channel == ch))
                .map(|c| c.id.clone())
        });
        match found {
            Some(id) => {
                ctx.state.hang_up(|c| c.id == id);
                Ok(yeastar_p::call::hangup::Response::new().call_id(id))
            }
            None => Err(Refusal::code(facts("yeastar_p").call_not_found)),
        }
    });
    b.on(|ctx, _: &yeastar_p::call::query::Request| {
        use yeastar_p::call::query::{CallInfo, ExtensionMember, Member, OutboundMember, Response};
        // The filters travel in the query string (GET), as the developer guide documents.
        let call_id = ctx.query("call_id").map(str::to_owned);
        let extension = ctx.query("extension").map(str::to_owned);
        let kind = ctx.query("type").map(str::to_owned);
        let data = ctx
            .state
            .calls
            .iter()
            .filter(|c| c.family == "yeastar_p")
            .filter(|c| call_id.as_ref().is_none_or(|id| *id == c.id))
            .filter(|c| extension.as_ref().is_none_or(|e| *e == c.from))
            // Every simulated call goes out through a trunk.
            .filter(|_| kind.as_deref().is_none_or(|k| k == "outbound"))
            .map(|c| {
                CallInfo::new(c.id.clone()).members(vec![
                    Member::new().extension(ExtensionMember::new(
                        c.from.clone(),
                        c.channel.clone(),
                        "ANSWERED",
                    )),
                    Member::new().outbound(OutboundMember::new(
                        c.from.clone(),
                        c.to.clone(),
                        "sim-trunk",
                        c.trunk_channel.clone(),
                        "ANSWER",
                    )),
                ])
            })
            .collect::<Vec<_>>();
        Ok(Response::new().data(data))
    });
}
