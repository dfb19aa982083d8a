//! What the simulated PBX does for the endpoints that have behaviour: sessions and the call
//! model. Every other endpoint answers with its spec's documented example.

use std::any::{Any, TypeId};
use std::collections::HashMap;

use pbx_api::wire::Endpoint;
use pbx_api::{openvox, switchvox, yeastar_p, yeastar_s, yeastar_v2};

use crate::facts::facts;
use crate::state::{Login, SimCall, State};

/// Why a request was refused: a vendor code and, for envelopes that carry one, a message.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub code: &'static str,
    pub message: Option<String>,
}

impl Refusal {
    pub fn code(code: &'static str) -> Self {
        Refusal {
            code,
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

    /// Runs the behaviour for `E`, if it has one.
    pub fn run<E: Endpoint>(
        &self,
        ctx: &mut Ctx<'_>,
        request: &E,
    ) -> Option<Result<E::Response, Refusal>> {
        let behaviour = self.0.get(&TypeId::of::<E>())?;
        Some(behaviour(ctx, request).and_then(|any| {
            any.downcast::<E::Response>()
                .map(|b| *b)
                .map_err(|_| Refusal::code(facts(E::META.api.module).unsupported))
        }))
    }

    /// Every behaviour the simulator has.
    pub fn all() -> Self {
        let mut b = Behaviours::default();
        s_series(&mut b);
        p_series(&mut b);
        switchvox_calls(&mut b);
        b
    }
}

fn login(
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

/// Sessions and calls of OpenVox and the Yeastar S-Series APIs.
fn s_series(b: &mut Behaviours) {
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
                                format!("PJSIP/trunk-{}", c.id),
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
            .find(|c| c.family == "yeastar_v2" && c.channel == r.channelid)
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

/// Tokens and calls of the Yeastar P-Series OpenAPI.
fn p_series(b: &mut Behaviours) {
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
                .find(|c| c.family == "yeastar_p" && c.channel == ch)
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
}

/// Calls of the Switchvox Extend API.
fn switchvox_calls(b: &mut Behaviours) {
    b.on(|ctx, r: &switchvox::call::Request| {
        let call = ctx.state.place("switchvox", &r.dial_first, &r.dial_second);
        let variables = r
            .variables
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let (name, _) = v.split_once('=')?;
                Some(switchvox::call::IvrVariable::new(
                    (i + 1).to_string(),
                    name,
                    "exists",
                ))
            })
            .collect::<Vec<_>>();
        Ok(switchvox::call::Response::new(
            switchvox::call::CallInfo::new(call.from, call.to).variables(variables),
        ))
    });
    b.on(|ctx, _: &switchvox::current_calls::get_list::Request| {
        use switchvox::current_calls::get_list::{CurrentCall, CurrentCalls, Response};
        let calls: Vec<CurrentCall> = ctx
            .state
            .calls
            .iter()
            .filter(|c| c.family == "switchvox")
            .map(|c| {
                CurrentCall::new(c.id.replace('.', ""), "talking")
                    .from_caller_id_number(c.from.clone())
                    .to_caller_id_number(c.to.clone())
            })
            .collect();
        let total = i64::try_from(calls.len()).unwrap_or(i64::MAX);
        Ok(Response::new(CurrentCalls::new(total).current_call(calls)))
    });
    b.on(|ctx, r: &switchvox::current_calls::hang_up::Request| {
        if ctx
            .state
            .hang_up(|c| c.family == "switchvox" && c.id.replace('.', "") == r.current_call_id)
        {
            Ok(switchvox::current_calls::hang_up::Response::new())
        } else {
            Err(Refusal::code(facts("switchvox").call_not_found))
        }
    });
}
