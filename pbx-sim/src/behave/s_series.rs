//! Sessions and calls of OpenVox and the Yeastar S-Series APIs (v1 and 2.0).

use pbx_api::{openvox, yeastar_s, yeastar_v2};

use super::{Behaviours, Refusal, login};
use crate::facts::facts;
use crate::state::SimCall;

/// Registers the behaviours.
pub(crate) fn behaviours(b: &mut Behaviours) {
    macro_rules! session {
        ($family:ident, $name:literal) => {
            b.on(|ctx, r: &$family::login::Request| {
                login(ctx, $name, &r.username, &r.password, true).map($family::login::Response::new)
            });
            b.on(|_, _: &$family::heartbeat::Request| Ok($family::heartbeat::Response::new()));
            b.on(|ctx, _: &$family::logout::Request| {
                ctx.state.logout($name, ctx.token);
                Ok($family::logout::Response::new())
            });
        };
    }
    session!(openvox, "openvox");
    session!(yeastar_s, "yeastar_s");
    session!(yeastar_v2, "yeastar_v2");

    b.on(|ctx, r: &openvox::extension::dial_outbound::Request| {
        let call = ctx.state.place("openvox", &r.extid, &r.outto);
        Ok(openvox::extension::dial_outbound::Response::new().callid(call.id))
    });
    b.on(|ctx, r: &yeastar_s::extension::dial_outbound::Request| {
        let call = ctx.state.place("yeastar_s", &r.extid, &r.outto);
        Ok(yeastar_s::extension::dial_outbound::Response::new(call.id))
    });
    b.on(|ctx, r: &yeastar_v2::call::dial::Request| {
        let call = ctx.state.place("yeastar_v2", &r.caller, &r.callee);
        Ok(yeastar_v2::call::dial::Response::new(call.id))
    });

    macro_rules! outbound {
        ($family:ident, $name:literal) => {
            b.on(|ctx, r: &$family::outbound::query::Request| {
                let wanted: Vec<&str> = r
                    .outboundid
                    .as_deref()
                    .map_or(Vec::new(), |ids| ids.split(',').collect());
                let calls = ctx
                    .state
                    .calls
                    .iter()
                    .filter(|c| {
                        c.family == $name && (wanted.is_empty() || wanted.contains(&c.id.as_str()))
                    })
                    .map(|c| {
                        $family::outbound::query::OutboundCall::new(
                            c.id.clone(),
                            c.from.clone(),
                            c.to.clone(),
                            "sim-trunk",
                            $family::outbound::query::CallStatus::Talking,
                        )
                    })
                    .collect::<Vec<_>>();
                Ok($family::outbound::query::Response::new().outbound(calls))
            });
            b.on(|ctx, r: &$family::outbound::hangup::Request| {
                if ctx
                    .state
                    .hang_up(|c| c.family == $name && c.id == r.outboundid)
                {
                    Ok($family::outbound::hangup::Response::new())
                } else {
                    Err(Refusal::code(facts($name).call_not_found))
                }
            });
        };
    }
    outbound!(openvox, "openvox");
    outbound!(yeastar_s, "yeastar_s");

    b.on(|ctx, r: &yeastar_v2::extension::query_call::Request| {
        use yeastar_v2::extension::query_call::{
            Call, ExtensionCalls, ExtensionMember, Member, OutboundMember, Response,
        };
        let numbers: Vec<String> = if r.number == "all" {
            let mut all: Vec<String> = ctx
                .state
                .calls
                .iter()
                .filter(|c| c.family == "yeastar_v2")
                .map(|c| c.from.clone())
                .collect();
            all.dedup();
            all
        } else {
            r.number.split(',').map(str::to_owned).collect()
        };
        let list = numbers
            .into_iter()
            .map(|number| {
                let calls = ctx
                    .state
                    .calls
                    .iter()
                    .filter(|c| c.family == "yeastar_v2" && c.from == number)
                    .map(|c: &SimCall| {
                        Call::new(c.id.clone()).members(vec![
                            Member::new().ext(ExtensionMember::new(
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
                ExtensionCalls::new(number).numbercalls(calls)
            })
            .collect::<Vec<_>>();
        Ok(Response::new().calllist(list))
    });
    b.on(|ctx, r: &yeastar_v2::call::hangup::Request| {
        let id = ctx
            .state
            .calls
            .iter()
            .find(|c| {
                c.family == "yeastar_v2"
                    && (c.channel == r.channelid || c.trunk_channel == r.channelid)
            })
            .map(|c| c.id.clone());
        match id {
            Some(id) => {
                ctx.state.hang_up(|c| c.id == id);
                Ok(yeastar_v2::call::hangup::Response::new().callid(id))
            }
            None => Err(Refusal::code(facts("yeastar_v2").call_not_found)),
        }
    });
}
