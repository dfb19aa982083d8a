//! What an endpoint with a `[sim]` table does, with no code of its own: its action on the
//! model (`model/`), with the request's parameters its spec names, and its answer filled from
//! the model (`fill.rs`). Each refusal is the code the spec gives (`not_found`, `busy`,
//! `timed_out`), else the family's.

use pbx_api::wire::sim::{SimAction, SimDirection, SimMeta, SimState};
use pbx_api::wire::{Endpoint, Envelope, Format};
use serde_json::Value;

use super::fill::{self, Content, Group, Item};
use super::{Ctx, Refusal};
use crate::facts::facts;
use crate::model::{CallError, CdrFilter, GroupError, SimCall};

/// The request's parameters by wire name, as text.
struct Params(serde_json::Map<String, Value>);

impl Params {
    fn of<E: Endpoint>(request: &E) -> Params {
        let body = request
            .encode(Format::Json)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
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
    fn get(&self, name: Option<&str>) -> Option<String> {
        match self.0.get(name?)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// The parameter as a list: `a,b` split; absent, empty or `all` is `None` (everything).
    fn list(&self, name: Option<&str>) -> Option<Vec<String>> {
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
    let sim = E::META.sim?;
    let params = Params::of(request);
    Some(act::<E>(ctx, sim, &params))
}

fn act<E: Endpoint>(
    ctx: &mut Ctx<'_>,
    sim: &'static SimMeta,
    params: &Params,
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
        fill::response::<E>(sim, &content).ok_or_else(|| Refusal::code(codes.unsupported))
    };
    let model = &mut ctx.state.model;
    let call = params.get(sim.call).unwrap_or_default();
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
        SimAction::Transfer => model.calls.transfer(family, &call, &party),
        SimAction::Accept => model.calls.accept(family, &call, model.answer_window),
        SimAction::Refuse => model.refuse(family, &call),
        action => {
            let groups = &mut model.groups;
            let changed = match action {
                SimAction::AgentAdd => Some(groups.agent_add(family, &queue, &party)),
                SimAction::AgentRemove => Some(groups.agent_remove(family, &queue, &party)),
                SimAction::AgentPause => Some(groups.agent_pause(family, &queue, &party, true)),
                SimAction::AgentUnpause => Some(groups.agent_pause(family, &queue, &party, false)),
                SimAction::ConferenceAdd => Some(groups.member_add(family, &room, &party)),
                SimAction::ConferenceKick => Some(groups.member_kick(family, &room, &party)),
                SimAction::ConferenceMute => Some(groups.member_mute(family, &room, &party, true)),
                SimAction::ConferenceUnmute => {
                    Some(groups.member_mute(family, &room, &party, false))
                }
                _ => None,
            };
            if let Some(changed) = changed {
                changed.map_err(group_error)?;
                return answer(Content::Root(Item::Named(&party, SimState::Talking)));
            }
            return query::<E>(ctx, sim, params, &answer);
        }
    };
    let call = done.map_err(call_error)?;
    answer(Content::Root(Item::Call(&call)))
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
            let calls: Vec<&SimCall> = model
                .calls
                .of(family)
                .filter(|c| {
                    ids.as_ref()
                        .is_none_or(|ids| ids.iter().any(|i| c.named(i)))
                })
                .filter(|c| match sim.direction {
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
        SimAction::QueryExtensions => {
            let mut names: Vec<(String, SimState)> = Vec::new();
            for c in model.calls.of(family) {
                if !names.iter().any(|(n, _)| *n == c.from) {
                    names.push((c.from.clone(), SimState::Talking));
                }
            }
            if let Some(wanted) = params.list(sim.extension) {
                names = wanted
                    .into_iter()
                    .map(|w| {
                        let busy = model.calls.busy(family, &w);
                        let state = if busy {
                            SimState::Talking
                        } else {
                            SimState::Idle
                        };
                        (w, state)
                    })
                    .collect();
            }
            answer(Content::List(
                names.iter().map(|(n, s)| Item::Named(n, *s)).collect(),
            ))
        }
        SimAction::QueryQueue => {
            let queue = params.get(sim.queue);
            let agents = model.groups.agents(family, queue.as_deref());
            let items = agents.iter().map(|a| {
                let state = if a.paused {
                    SimState::Paused
                } else {
                    SimState::Idle
                };
                Item::Named(&a.number, state)
            });
            answer(Content::List(items.collect()))
        }
        SimAction::QueryConference => {
            let room = params.get(sim.conference);
            let members = model.groups.members(family, room.as_deref());
            let items = members.iter().map(|m| {
                let state = if m.muted {
                    SimState::Muted
                } else {
                    SimState::Talking
                };
                Item::Named(&m.number, state)
            });
            answer(Content::List(items.collect()))
        }
        SimAction::QueryCdr | SimAction::QueryRecordings => {
            let filter = CdrFilter {
                family: Some(family.to_owned()),
                number: params.get(sim.extension).or_else(|| params.get(sim.party)),
                id: params.get(sim.call),
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

#[cfg(test)]
#[path = "generic_tests.rs"]
mod tests;
