//! Queue status (OpenVox and S-Series `queuestatus/query`): the agents come from the spec's
//! `[sim]` table (`generic.rs`); the queue's number and its count of waiting callers sit beside
//! that list, where no `[sim.fill]` path reaches, and are set here.

use pbx_api::{openvox, yeastar_s};
use serde_json::Value;

use super::fill::set;
use super::{Behaviours, Ctx, Refusal, generic};
use crate::facts::facts;

/// Registers the behaviours.
pub(crate) fn behaviours(b: &mut Behaviours) {
    b.on(|ctx, r: &openvox::queuestatus::query::Request| {
        let waiting = waiting(ctx, "openvox", &r.queueid);
        let queue = r.queueid.clone();
        generic::run_with(ctx, r, &|root| {
            set(root, "queue.queuenumber", Value::from(queue.as_str()));
            // `json = "raw"`: a bare number on OpenVox's wire.
            set(root, "queue.queuestatus.callercount", Value::from(waiting));
        })
        .unwrap_or_else(|| Err(Refusal::code(facts("openvox").unsupported)))
    });
    b.on(|ctx, r: &yeastar_s::queuestatus::query::Request| {
        let waiting = waiting(ctx, "yeastar_s", &r.queueid);
        let queue = r.queueid.clone();
        generic::run_with(ctx, r, &|root| {
            set(root, "queues.0.queuenumber", Value::from(queue.as_str()));
            set(
                root,
                "queues.0.queuestatus.0.callercount",
                Value::from(waiting.to_string()),
            );
        })
        .unwrap_or_else(|| Err(Refusal::code(facts("yeastar_s").unsupported)))
    });
}

/// The calls of `family` in queue `queue`: transferred to it (`inbound/transfer_queue`) and
/// still up, as no agent of the simulator answers them.
fn waiting(ctx: &Ctx<'_>, family: &str, queue: &str) -> u64 {
    let count = ctx
        .state
        .model
        .calls
        .of(family)
        .filter(|c| c.to == queue)
        .count();
    u64::try_from(count).unwrap_or(u64::MAX)
}
