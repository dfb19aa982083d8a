//! What an endpoint with a `[sim]` table does, with no code of its own: its action on the
//! model (`model/`), with the request's parameters its spec names, and its answer filled from
//! the model (`fill.rs`). Each refusal is the code the spec gives (`not_found`, `busy`,
//! `timed_out`), else the family's.

use pbx_api::wire::sim::{SimAction, SimDirection, SimMeta, SimState};
use pbx_api::wire::write::JsonWriter;
use pbx_api::wire::{Endpoint, Envelope, Format};
use serde_json::Value;

use super::fill::{self, Content, Group, Item};
use super::{Ctx, Refusal};
use crate::facts::facts;
use crate::model::{CallError, CdrFilter, GroupError, Operate, SimCall};

/// The request's parameters by wire name, as text.
pub(crate) struct Params(serde_json::Map<String, Value>);

impl Params {
    /// Every parameter, written as a JSON body whatever way it travels (a GET's and an
    /// `in = "query"` parameter travel in the URL, where `encode` leaves them).
    fn of<E: Endpoint>(request: &E) -> Params {
        let meta = E::META;
        let mut out = JsonWriter::with_capacity(128);
        meta.api
            .envelope
            .write_request(&mut out, Format::Json, meta.rpc_method, |o| {
                request.write(o)
            });
        let body = serde_json::from_slice::<Value>(&out.finish()).ok();
        let params = match (E::META.api.envelope, body) {
            (Envelope::Switchvox, Some(mut v)) => v
                .get_mut("request")
                .and_then(|r| r.get_mut("parameters"))
                .map(Value::take),
            (_, v) => v,
        };
        match params {
            Some(Value::Object(map)) => Params(map),
            _ => Params(serde_json::Map::new()),
        }
    }

    /// The parameter `name` (if the spec named one) as text.
    pub(crate) fn get(&self, name: Option<&str>) -> Option<String> {
        match self.0.get(name?)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            // A list parameter (`"extensions":["101","102"]`) reads as `101,102`.
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            other => Some(other.to_string()),
        }
    }

    /// The parameter as a list: `a,b` split; absent, empty or `all` is `None` (everything).
    pub(crate) fn list(&self, name: Option<&str>) -> Option<Vec<String>> {
        // A list the spec does not join travels as an array: its items, split alike.
        let text = match self.0.get(name?)? {
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(","),
            _ => self.get(name)?,
        };
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("all") {
            return None;
        }
        Some(text.split(',').map(|s| s.trim().to_owned()).collect())
    }
}

/// Runs `E`'s `[sim]` action, if its spec has one.
pub(crate) fn run<E: Endpoint>(
    ctx: &mut Ctx<'_>,
    request: &E,
) -> Option<Result<E::Response, Refusal>> {
    run_with(ctx, request, &|_| {})
}

/// [`run`], with `extra` setting the answer's root fields no `[sim.fill]` path reaches
/// (`fill::set` on the response's root, before it is decoded).
pub(crate) fn run_with<E: Endpoint>(
    ctx: &mut Ctx<'_>,
    request: &E,
    extra: &dyn Fn(&mut Value),
) -> Option<Result<E::Response, Refusal>> {
    // A download's file comes from the model after the answer (`record_files.rs`).
    let sim = E::META.sim.filter(|s| !s.action.is_download())?;
    let params = Params::of(request);
    Some(act::<E>(ctx, sim, &params, extra))
}

fn act<E: Endpoint>(
    ctx: &mut Ctx<'_>,
    sim: &'static SimMeta,
    params: &Params,
    extra: &dyn Fn(&mut Value),
) -> Result<E::Response, Refusal> {
    let family = E::META.api.module;
    let codes = facts(family);
    let not_found = || Refusal::code(sim.not_found.unwrap_or(codes.call_not_found));
    let call_error = |e: CallError| match (e, sim.busy, sim.timed_out) {
        (CallError::Busy, Some(code), _) | (CallError::TimedOut, _, Some(code)) => {
            Refusal::code(code)
        }
        _ => not_found(),
    };
    let group_error = |e: GroupError| match (e, sim.busy) {
        (GroupError::Busy, Some(code)) => Refusal::code(code),
        _ => not_found(),
    };
    let answer = |content: Content<'_>| {
        let content = page::<E>(params, content);
        fill::response::<E>(sim, &content, extra).ok_or_else(|| Refusal::code(codes.unsupported))
    };
    if let Some(done) = variables::<E>(ctx, sim, params, &answer) {
        return done;
    }
    let model = &mut ctx.state.model;
    let call = by_party(model, family, params.get(sim.call).unwrap_or_default());
    let party = params
        .get(sim.party)
        .or_else(|| params.get(sim.extension))
        .unwrap_or_default();
    let queue = params.get(sim.queue).unwrap_or_default();
    let room = params.get(sim.conference).unwrap_or_default();
    let done: Result<SimCall, CallError> = match sim.action {
        SimAction::Dial => {
            let from = params.get(sim.from).unwrap_or_default();
            let to = params.get(sim.to).unwrap_or_default();
            if sim.busy.is_some() && model.calls.busy(family, &from) {
                Err(CallError::Busy)
            } else {
                Ok(model.calls.start(family, &from, &to, false))
            }
        }
        SimAction::Hangup => model.hang_up(family, &call),
        SimAction::Hold => model.calls.hold(family, &call, true),
        SimAction::Unhold => model.calls.hold(family, &call, false),
        SimAction::Mute => model.calls.mute(family, &call, true),
        SimAction::Unmute => model.calls.mute(family, &call, false),
        // `extension`, when the spec names one, is the party that transfers and leaves.
        SimAction::Transfer => match params.get(sim.extension) {
            Some(leaving) => model.calls.transfer_from(family, &call, &leaving, &party),
            None => model.calls.transfer(family, &call, &party),
        },
        SimAction::AttendedTransfer => model.attended_transfer(family, &call, &party),
        SimAction::AttendedOperate => {
            let word = params.get(sim.operation).unwrap_or_default();
            let Some(operate) = Operate::parse(&word) else {
                return Err(Refusal::code(codes.invalid_parameter));
            };
            model.attended_operate(family, &call, operate)
        }
        SimAction::Accept => model.calls.accept(family, &call, model.answer_window),
        SimAction::Refuse => model.refuse(family, &call),
        SimAction::OnCall => match params.get(sim.extension) {
            Some(joining) if sim.busy.is_some() && model.calls.busy(family, &joining) => {
                Err(CallError::Busy)
            }
            _ => model.calls.get(family, &call),
        },
        action => {
            // A comma list (OpenVox `invitemember`, `membernumber`): each one in turn.
            let mut acted = false;
            for one in party.split(',').map(str::trim) {
                let Some(done) =
                    group_action(&mut model.groups, action, family, &queue, &room, one)
                else {
                    break;
                };
                done.map_err(group_error)?;
                acted = true;
            }
            if acted {
                return answer(Content::Root(Item::Named(&party, SimState::Talking)));
            }
            return query::<E>(ctx, sim, params, &answer);
        }
    };
    if let Ok(c) = &done {
        model.extensions.learn(&c.from);
        model.extensions.learn(&c.to);
    }
    let named = crate::events::Named {
        endpoint: E::META.id,
        call: params.get(sim.call),
        party: &party,
        from: params.get(sim.from),
        to: params.get(sim.to),
    };
    crate::events::after_action(ctx.state, family, sim.action, &named, &done);
    let call = done.map_err(call_error)?;
    answer(Content::Root(Item::Call(&call)))
}

/// The stored variables' actions and query (Switchvox's global IVR variables); `None` for
/// every other action.
fn variables<E: Endpoint>(
    ctx: &mut Ctx<'_>,
    sim: &'static SimMeta,
    params: &Params,
    answer: &dyn Fn(Content<'_>) -> Result<E::Response, Refusal>,
) -> Option<Result<E::Response, Refusal>> {
    let family = E::META.api.module;
    let vars = &mut ctx.state.model.variables;
    let id = params.get(sim.variable);
    let name = params.get(sim.name);
    let value = params.get(sim.value).unwrap_or_default();
    let changed = match sim.action {
        SimAction::VariableAdd => vars.add(family, name.as_deref().unwrap_or_default(), &value),
        SimAction::VariableUpdate => vars.update(family, id.as_deref().unwrap_or_default(), &value),
        SimAction::VariableRemove => vars.remove(family, id.as_deref().unwrap_or_default()),
        SimAction::QueryVariables => {
            let found = vars.list(family, id.as_deref(), name.as_deref());
            return Some(answer(Content::List(
                found.iter().map(Item::Variable).collect(),
            )));
        }
        _ => return None,
    };
    let codes = facts(family);
    Some(match changed {
        Some(v) => answer(Content::Root(Item::Variable(&v))),
        None if sim.action == SimAction::VariableAdd => Err(Refusal::code(codes.unsupported)),
        None => Err(Refusal::code(sim.not_found.unwrap_or(codes.call_not_found))),
    })
}

/// The call `name` names: its id or a channel as given, else the first call of the family an
/// extension `name` is in (OpenVox and S-Series `extension/hold` and kin name the call by its
/// extension, `extid`).
fn by_party(model: &crate::model::Model, family: &str, name: String) -> String {
    if model.calls.of(family).any(|c| c.named(&name)) {
        return name;
    }
    model
        .calls
        .of(family)
        .find(|c| c.has_party(&name))
        .map_or(name, |c| c.id.clone())
}

/// A queue or conference action on one agent or member; `None` for other actions.
fn group_action(
    groups: &mut crate::model::Groups,
    action: SimAction,
    family: &str,
    queue: &str,
    room: &str,
    one: &str,
) -> Option<Result<(), GroupError>> {
    Some(match action {
        SimAction::AgentAdd => groups.agent_add(family, queue, one),
        SimAction::AgentRemove => groups.agent_remove(family, queue, one),
        SimAction::AgentPause => groups.agent_pause(family, queue, one, true),
        SimAction::AgentUnpause => groups.agent_pause(family, queue, one, false),
        SimAction::ConferenceAdd => groups.member_add(family, room, one),
        SimAction::ConferenceKick => groups.member_kick(family, room, one),
        SimAction::ConferenceMute => groups.member_mute(family, room, one, true),
        SimAction::ConferenceUnmute => groups.member_mute(family, room, one, false),
        _ => return None,
    })
}

/// The queries: calls, extensions, a queue's agents, a conference's members, records and
/// recordings.
fn query<E: Endpoint>(
    ctx: &mut Ctx<'_>,
    sim: &'static SimMeta,
    params: &Params,
    answer: &dyn Fn(Content<'_>) -> Result<E::Response, Refusal>,
) -> Result<E::Response, Refusal> {
    let family = E::META.api.module;
    let model = &ctx.state.model;
    match sim.action {
        SimAction::QueryCalls => {
            let ids = params.list(sim.call);
            let extensions = params.list(sim.extension);
            let asked = params
                .get(sim.direction_param)
                .map(|d| d.to_ascii_lowercase());
            let direction = match asked.as_deref() {
                Some("outbound") => Some(SimDirection::Outbound),
                Some("inbound") => Some(SimDirection::Inbound),
                _ => sim.direction,
            };
            let calls: Vec<&SimCall> = model
                .calls
                .of(family)
                .filter(|c| {
                    ids.as_ref()
                        .is_none_or(|ids| ids.iter().any(|i| c.named(i)))
                })
                .filter(|c| match direction {
                    Some(SimDirection::Outbound) => !c.inbound,
                    Some(SimDirection::Inbound) => c.inbound,
                    None => true,
                })
                .collect();
            if sim.group.is_some() {
                let names = extensions.unwrap_or_else(|| {
                    let mut all: Vec<String> = Vec::new();
                    for c in &calls {
                        if !all.contains(&c.from) {
                            all.push(c.from.clone());
                        }
                    }
                    all
                });
                let groups = names
                    .into_iter()
                    .map(|name| Group {
                        items: calls
                            .iter()
                            .filter(|c| c.has_party(&name))
                            .map(|c| Item::Call(c))
                            .collect(),
                        name,
                    })
                    .collect();
                return answer(Content::Groups(groups));
            }
            let items = calls
                .into_iter()
                .filter(|c| {
                    extensions
                        .as_ref()
                        .is_none_or(|e| e.iter().any(|e| c.has_party(e)))
                })
                .map(Item::Call)
                .collect();
            answer(Content::List(items))
        }
        SimAction::QueryExtensions => super::extensions::query::<E>(model, sim, params, answer),
        SimAction::QueryQueue => {
            let queue = params.get(sim.queue);
            let agents = model.groups.agents(family, queue.as_deref());
            // Paused, else the state of the agent's call (ringing, talking, held), else idle.
            let items = agents.iter().map(|a| {
                let state = if a.paused {
                    SimState::Paused
                } else {
                    model
                        .calls
                        .of(family)
                        .find(|c| c.has_party(&a.number))
                        .map_or(SimState::Idle, fill::call_state)
                };
                Item::Named(&a.number, state)
            });
            answer(Content::List(items.collect()))
        }
        SimAction::QueryConference => {
            if sim.group.is_some() {
                // One item per room asked for (every room, when none is) that has members:
                // a room nobody is in is not in session.
                let rooms = params
                    .list(sim.conference)
                    .unwrap_or_else(|| model.groups.rooms(family));
                let groups = rooms
                    .into_iter()
                    .filter_map(|room| {
                        let members = model.groups.members_of(family, &room);
                        (!members.is_empty()).then(|| Group {
                            items: members.iter().map(Item::Member).collect(),
                            name: room,
                        })
                    })
                    .collect();
                return answer(Content::Groups(groups));
            }
            let room = params.get(sim.conference);
            let members = model.groups.members(family, room.as_deref());
            answer(Content::List(members.iter().map(Item::Member).collect()))
        }
        SimAction::GetRecording => {
            let name = params
                .get(sim.call)
                .or_else(|| params.get(sim.party))
                .unwrap_or_default();
            let filter = CdrFilter {
                family: Some(family.to_owned()),
                id: Some(name),
                ..CdrFilter::default()
            };
            let records = model.records.search(&filter);
            let found = records
                .iter()
                .find_map(|r| Some(Item::Record(r, Some(r.recording.as_deref()?))));
            match found {
                Some(item) => answer(Content::Root(item)),
                None => Err(Refusal::code(
                    sim.not_found.unwrap_or(facts(family).call_not_found),
                )),
            }
        }
        SimAction::QueryCdr | SimAction::QueryRecordings => {
            let bounds = (params.get(sim.start), params.get(sim.end));
            let filter = CdrFilter {
                number: params.get(sim.extension).or_else(|| params.get(sim.party)),
                id: params.get(sim.call),
                ..period(family, bounds)?
            };
            let records = model.records.search(&filter);
            let items = records.iter().filter_map(|r| {
                if sim.action == SimAction::QueryRecordings {
                    Some(Item::Record(r, Some(r.recording.as_deref()?)))
                } else {
                    Some(Item::Record(r, None))
                }
            });
            answer(Content::List(items.collect()))
        }
        _ => Err(Refusal::code(facts(family).unsupported)),
    }
}

/// The family's records that started within `bounds` (`[sim]` `start` and `end`, as sent;
/// either may be absent or blank), or the family's invalid-parameter refusal for a bound that
/// is no time (`times.rs`).
pub(crate) fn period(
    family: &str,
    (start, end): (Option<String>, Option<String>),
) -> Result<CdrFilter, Refusal> {
    let bound = |text: Option<String>| match text.filter(|t| !t.trim().is_empty()) {
        None => Ok(None),
        Some(t) => super::times::unix(&t)
            .map(Some)
            .ok_or_else(|| Refusal::code(facts(family).invalid_parameter)),
    };
    Ok(CdrFilter {
        family: Some(family.to_owned()),
        after: bound(start)?,
        before: bound(end)?,
        ..CdrFilter::default()
    })
}

/// One page of a list, for an endpoint with `[pagination]`: the items of page `page` (from
/// 1; the first when absent) of `page_size` (all when absent), and the count of them all.
fn page<'a, E: Endpoint>(params: &Params, content: Content<'a>) -> Content<'a> {
    let (Some(paging), Content::List(items)) = (E::META.pagination, &content) else {
        return content;
    };
    let number = |name: &str| {
        params
            .get(Some(name))
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
    };
    let total = items.len();
    let size = number(paging.page_size).unwrap_or(total.max(1));
    let skip = (number(paging.page).unwrap_or(1) - 1).saturating_mul(size);
    let Content::List(items) = content else {
        return content;
    };
    Content::Page(items.into_iter().skip(skip).take(size).collect(), total)
}

#[cfg(test)]
#[path = "generic_tests.rs"]
mod tests;
