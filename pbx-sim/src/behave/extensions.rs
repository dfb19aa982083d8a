//! `query_extensions`: extensions and their states, from the model. An extension's state is
//! that of the call it is most active in (talking before ringing before held: a transferor
//! consulting a third party talks while its first call is held), else idle. Without a
//! filter, the list is the extensions in calls, or with `[sim]` `table` every extension of
//! the simulator's table; `extension` filters by number and `extension_id` by the table's
//! ids, and with `not_found` an extension (or id) the table lacks is refused with it.

use pbx_api::wire::Endpoint;
use pbx_api::wire::sim::{SimMeta, SimState};

use super::Refusal;
use super::fill::{self, Content, Item};
use super::generic::Params;
use crate::model::Model;

/// The extensions the request asks for, each with its state and id, as `answer` builds them.
pub(crate) fn query<E: Endpoint>(
    model: &Model,
    sim: &'static SimMeta,
    params: &Params,
    answer: &dyn Fn(Content<'_>) -> Result<E::Response, Refusal>,
) -> Result<E::Response, Refusal> {
    let family = E::META.api.module;
    let refused = sim.not_found.map(Refusal::code);
    let state_of = |number: &str| {
        model
            .calls
            .of(family)
            .filter(|c| c.has_party(number))
            .map(fill::call_state)
            .min_by_key(|s| match s {
                SimState::Talking | SimState::Muted => 0,
                SimState::Ringing => 1,
                _ => 2,
            })
            .unwrap_or(SimState::Idle)
    };
    let mut names: Vec<String> = Vec::new();
    if sim.table {
        names.extend(model.extensions.all().map(|(_, n)| n.to_owned()));
    } else {
        // Every extension in a call: the caller, or the called one of a call from outside.
        for c in model.calls.of(family) {
            let ext = if c.inbound { &c.to } else { &c.from };
            if !names.contains(ext) {
                names.push(ext.clone());
            }
        }
    }
    if let Some(wanted) = params.list(sim.extension) {
        names = wanted;
    }
    if let Some(ids) = params.list(sim.extension_id) {
        names.clear();
        for id in ids {
            let number = id
                .parse()
                .ok()
                .and_then(|id| model.extensions.number_of(id));
            match (number, &refused) {
                (Some(n), _) => names.push(n.to_owned()),
                (None, Some(_)) => return Err(not_found(sim)),
                (None, None) => {}
            }
        }
    }
    if refused.is_some() && names.iter().any(|n| model.extensions.id_of(n).is_none()) {
        return Err(not_found(sim));
    }
    let items = names.iter().map(|n| {
        let id = model.extensions.id_of(n);
        Item::Extension(n, state_of(n), id)
    });
    answer(Content::List(items.collect()))
}

fn not_found(sim: &SimMeta) -> Refusal {
    Refusal::code(sim.not_found.unwrap_or_default())
}
