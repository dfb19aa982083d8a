//! What each simulator action needs from its `[sim]` table: the parameters naming the call
//! or the parties it acts on, the list a query fills, and keys that only some actions take.

use std::ops::Range;

use pbx_wire::sim::SimAction;

use super::Sim;
use crate::spec::toml::Cx;

/// Reports, at the `[sim]` table (`span`), every key `sim.action` needs and lacks, and keys
/// it does not take.
pub(super) fn check_needs(cx: Cx<'_>, span: &Range<usize>, sim: &Sim) {
    let needs = |key: &str, have: bool| {
        if !have {
            cx.diag.error(
                cx.src,
                span.clone(),
                format!("simulator action `{}` needs `{key}`", sim.action.as_str()),
            );
        }
    };
    let records = matches!(
        sim.action,
        SimAction::QueryCdr | SimAction::QueryRecordings | SimAction::DownloadCdr
    );
    if (sim.start.is_some() || sim.end.is_some()) && !records {
        cx.diag.error(
            cx.src,
            span.clone(),
            format!(
                "`start` and `end` bound call records: simulator action `{}` has none",
                sim.action.as_str()
            ),
        );
    }
    if sim.item_example && sim.list.is_none() {
        cx.diag.error(
            cx.src,
            span.clone(),
            "`item_example` starts each item of `list` from the documented response: name the `list`",
        );
    }
    match sim.action {
        SimAction::Dial => {
            needs("from", sim.from.is_some());
            needs("to", sim.to.is_some());
        }
        SimAction::Transfer | SimAction::AttendedTransfer => {
            needs("call", sim.call.is_some());
            needs("party", sim.party.is_some());
        }
        SimAction::AttendedOperate => {
            needs("call", sim.call.is_some());
            needs("operation", sim.operation.is_some());
        }
        SimAction::Hangup
        | SimAction::Hold
        | SimAction::Unhold
        | SimAction::Mute
        | SimAction::Unmute
        | SimAction::Accept
        | SimAction::Refuse
        | SimAction::OnCall
        | SimAction::GetRecording
        | SimAction::DownloadRecording => needs("call", sim.call.is_some()),
        SimAction::DownloadCdr => {}
        SimAction::VariableAdd => needs("name", sim.name.is_some()),
        SimAction::VariableUpdate => {
            needs("variable", sim.variable.is_some());
            needs("value", sim.value.is_some());
        }
        SimAction::VariableRemove => needs("variable", sim.variable.is_some()),
        a if a.is_query() => needs("list", sim.list.is_some()),
        _ => needs("party", sim.party.is_some() || sim.extension.is_some()),
    }
}
