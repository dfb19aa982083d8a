//! `[sim]` answers from the model's state: what hold and transfer do shows in the queries.

use pbx_api::{switchvox, yeastar_v2};

use super::run;
use crate::behave::Ctx;
use crate::config::SimConfig;
use crate::state::State;

fn ctx(state: &mut State) -> Ctx<'_> {
    Ctx { state, token: "" }
}

#[test]
fn a_held_then_transferred_call_shows_in_query_call_with_its_state_and_new_party() {
    let mut state = State::new(SimConfig::default());
    let call = state
        .model
        .calls
        .start("yeastar_v2", "1000", "5551234", false);
    state
        .model
        .calls
        .hold("yeastar_v2", &call.id, true)
        .expect("held");
    let request = yeastar_v2::extension::query_call::Request::new("1000");
    let listed = run(&mut ctx(&mut state), &request)
        .expect("query_call has a [sim] table")
        .expect("answered");
    let members = &listed.calllist[0].numbercalls[0].members;
    let ext = members[0].ext.as_ref().expect("the extension's leg");
    assert_eq!(ext.memberstatus, "HOLD");
    state
        .model
        .calls
        .transfer("yeastar_v2", &call.id, "1001")
        .expect("transferred");
    let listed = run(&mut ctx(&mut state), &request)
        .expect("query_call has a [sim] table")
        .expect("answered");
    let members = &listed.calllist[0].numbercalls[0].members;
    let outbound = members[1].outbound.as_ref().expect("the far leg");
    assert_eq!(outbound.to, "1001");
    assert_eq!(outbound.memberstatus, "ANSWERED");
    // The new party's calls list it too.
    let listed = run(
        &mut ctx(&mut state),
        &yeastar_v2::extension::query_call::Request::new("1001"),
    )
    .expect("[sim]")
    .expect("answered");
    assert_eq!(listed.calllist[0].numbercalls[0].callid, call.id);
}

#[test]
fn an_unknown_call_is_the_specs_not_found_code_and_a_list_counts_its_items() {
    let mut state = State::new(SimConfig::default());
    let hangup = yeastar_v2::call::hangup::Request::new("PJSIP/none-00000000");
    let refused = run(&mut ctx(&mut state), &hangup)
        .expect("[sim]")
        .expect_err("no such call");
    assert_eq!(refused.code, "10007");
    for n in ["1000", "1001"] {
        state.model.calls.start("switchvox", n, "2000", false);
    }
    let listed = run(
        &mut ctx(&mut state),
        &switchvox::current_calls::get_list::Request::new(),
    )
    .expect("[sim]")
    .expect("answered");
    assert_eq!(listed.current_calls.total_items, 2);
    assert_eq!(listed.current_calls.current_call.len(), 2);
}
