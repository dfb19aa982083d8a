//! Calls of the Switchvox Extend API.

use pbx_api::switchvox;

use super::{Behaviours, Refusal};
use crate::facts::facts;

/// Registers the behaviours.
pub(crate) fn behaviours(b: &mut Behaviours) {
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
