//! The model's hooks: what an endpoint's `[sim]` action (`behave/generic.rs`) or an injected
//! call (`Simulator::inbound`) did to a call, turned into a [`Happened`] for the hub.

use pbx_api::wire::sim::SimAction;

use super::change::{CallFacts, Change, Failure, Happened, Leg};
use crate::model::{CallError, CdrFilter, SimCall};
use crate::state::State;

/// What the request named, as sent.
pub(crate) struct Named<'a> {
    /// The endpoint's id (`yeastar_s::extension::dial_outbound`).
    pub endpoint: &'static str,
    /// The `call` parameter: a call id, a channel or a party.
    pub call: Option<String>,
    /// The `party` (or `extension`) parameter: a transfer's new party.
    pub party: &'a str,
    /// A dial's parties.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Whether a dialled number is an extension. The simulator keeps no extension table: an
/// endpoint for calls out (`dial_outbound`) dials outside, one for extensions
/// (`dial_extension`) inside, and a generic dial (API 2.0 and P-Series `call/dial`,
/// Switchvox) takes up to six digits for an extension.
fn dial_leg(endpoint: &str, to: &str) -> Leg {
    let short = !to.is_empty() && to.len() <= 6 && to.bytes().all(|b| b.is_ascii_digit());
    if endpoint.contains("outbound") {
        Leg::Outbound
    } else if endpoint.contains("dial_extension") || short {
        Leg::Internal
    } else {
        Leg::Outbound
    }
}

/// After an endpoint's call action: the events of what it did.
pub(crate) fn after_action(
    state: &mut State,
    family: &'static str,
    action: SimAction,
    named: &Named<'_>,
    done: &Result<SimCall, CallError>,
) {
    let call = match (action, done) {
        (SimAction::Dial, Err(CallError::Busy)) => {
            let from = named.from.as_deref().unwrap_or_default();
            let to = named.to.as_deref().unwrap_or_default();
            failed(state, family, named.endpoint, from, to);
            return;
        }
        (_, Ok(call)) => call,
        _ => return,
    };
    let key = (family, call.id.clone());
    let leg = match action {
        SimAction::Dial => {
            let leg = dial_leg(named.endpoint, &call.to);
            state.events.remember(key.clone(), leg);
            leg
        }
        _ => state
            .events
            .legs
            .get(&key)
            .copied()
            .unwrap_or(if call.inbound {
                Leg::Inbound
            } else {
                dial_leg(named.endpoint, &call.to)
            }),
    };
    let change = match action {
        SimAction::Dial => Change::Dialled,
        SimAction::Accept => Change::Answered,
        SimAction::Hold => Change::Held(true),
        SimAction::Unhold => Change::Held(false),
        SimAction::Transfer => Change::Transferred {
            joined: named.party.to_owned(),
        },
        SimAction::Hangup | SimAction::Refuse => {
            state.events.legs.remove(&key);
            // Who hung up: the party (or the party's channel) the request named; a request
            // naming the call by its id is the caller's.
            let name = named.call.as_deref().unwrap_or_default();
            let by = if action == SimAction::Refuse
                || name == call.to
                || (!call.inbound && name == call.trunk_channel)
                || (call.inbound && name == call.channel)
            {
                call.to.clone()
            } else {
                call.from.clone()
            };
            let filter = CdrFilter {
                family: Some(family.to_owned()),
                number: None,
                id: Some(call.id.clone()),
                after: None,
                before: None,
            };
            let cdr = state.model.records.search(&filter).pop();
            Change::HungUp { by, cdr }
        }
        _ => return,
    };
    let h = Happened {
        call: CallFacts::of(call, leg),
        change,
    };
    state.events.emit(&h);
}

/// A dial that failed (the callee busy): `CallFailed` and its kin, under a call id made for
/// it (a failed dial has none in the model) in the family's format, far from the model's
/// sequence. The id.
pub(crate) fn failed(
    state: &mut State,
    family: &'static str,
    endpoint: &str,
    from: &str,
    to: &str,
) -> String {
    state.events.next_failed += 1;
    let id = format!("{}.{}", unix_now(), 900_000 + state.events.next_failed);
    let h = Happened {
        call: CallFacts {
            id: id.clone(),
            family,
            leg: dial_leg(endpoint, to),
            from: from.to_owned(),
            to: to.to_owned(),
            from_channel: String::new(),
            to_channel: String::new(),
        },
        change: Change::Failed(Failure::Busy),
    };
    state.events.emit(&h);
    id
}

/// A call from outside has started ringing ([`crate::Simulator::inbound`]).
pub(crate) fn rang(state: &mut State, call: &SimCall) {
    state
        .events
        .remember((call.family, call.id.clone()), Leg::Inbound);
    let h = Happened {
        call: CallFacts::of(call, Leg::Inbound),
        change: Change::Ringing,
    };
    state.events.emit(&h);
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
