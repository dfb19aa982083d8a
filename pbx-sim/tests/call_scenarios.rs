//! A call's life in each family, through the typed clients and the endpoints on main: placed,
//! seen in the query endpoints (with its state), hung up by the id or channel the query gave,
//! then found in the call records with a recording to download. An injected inbound call
//! shows up ringing where the family lists every call, in no list of outbound calls, and its
//! record says it was not answered.

mod common;

use common::clients::Clients;
use pbx_api::prelude::*;
use pbx_api::yeastar_s::outbound::query::CallStatus;
use pbx_sim::CdrFilter;

fn records(c: &Clients, family: &str, number: &str) -> Vec<pbx_sim::Cdr> {
    c.pbx.cdrs(&CdrFilter {
        family: Some(family.to_owned()),
        number: Some(number.to_owned()),
        ..CdrFilter::default()
    })
}

/// The record of `id` exists, answered, with a recording whose bytes are a WAV file, and
/// the CSV download lists it.
fn assert_recorded(c: &Clients, family: &str, id: &str, from: &str, to: &str) {
    let found = records(c, family, from);
    let cdr = found
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no record of {id} in {found:?}"));
    assert_eq!((cdr.from.as_str(), cdr.to.as_str()), (from, to));
    assert_eq!(cdr.disposition, "ANSWERED");
    let file = cdr.recording.clone().expect("an answered call is recorded");
    let wav = c.pbx.recording_bytes(&file).expect("the recording's bytes");
    assert_eq!(&wav[..4], b"RIFF");
    assert_eq!(&wav[8..12], b"WAVE");
    let csv = c.pbx.cdr_csv(&CdrFilter {
        family: Some(family.to_owned()),
        ..CdrFilter::default()
    });
    assert!(
        csv.lines().any(|l| l.starts_with(&format!("{id},"))),
        "{csv}"
    );
}

#[tokio::test]
async fn yeastar_s_and_openvox_place_query_hang_up_and_record() {
    let c = Clients::start().await;
    let placed = c
        .yeastar_s
        .extension()
        .dial_outbound("1000", "5551234")
        .send()
        .await
        .expect("placed");
    let up = c.yeastar_s.outbound().query().send().await.expect("listed");
    assert_eq!(up.outbound.len(), 1);
    assert_eq!(up.outbound[0].outboundid, placed.callid);
    assert_eq!(up.outbound[0].status, CallStatus::Talking);
    assert_eq!(up.outbound[0].to, "5551234");
    c.yeastar_s
        .outbound()
        .hangup(placed.callid.clone())
        .send()
        .await
        .expect("hung up");
    assert!(c.pbx.calls().is_empty());
    let again = c
        .yeastar_s
        .outbound()
        .hangup(placed.callid.clone())
        .send()
        .await;
    assert!(
        matches!(&again, Err(pbx_api::client::Error::Vendor { error, .. }) if error.code.code() == "10007"),
        "{again:?}"
    );
    assert_recorded(&c, "yeastar_s", &placed.callid, "1000", "5551234");

    // OpenVox, the same API: a call from outside is not an outbound call, and hung up
    // unanswered its record says so, with no recording.
    let ringing = c
        .pbx
        .inbound("openvox", "5550100", "1001")
        .expect("openvox");
    let up = c.openvox.outbound().query().send().await.expect("listed");
    assert!(up.outbound.is_empty(), "{up:?}");
    c.openvox
        .outbound()
        .hangup(ringing.id.clone())
        .send()
        .await
        .expect("hung up");
    let cdr = records(&c, "openvox", "1001");
    assert_eq!(cdr.len(), 1);
    assert_eq!(cdr[0].disposition, "NO ANSWER");
    assert!(c.pbx.recording_bytes(&ringing.id).is_none());
}

#[tokio::test]
async fn yeastar_v2_places_finds_the_channel_in_query_call_and_hangs_up_by_it() {
    let c = Clients::start().await;
    let placed = c
        .yeastar_v2
        .call()
        .dial("1000", "5551234")
        .send()
        .await
        .expect("placed");
    let listed = c
        .yeastar_v2
        .extension()
        .query_call("1000")
        .send()
        .await
        .expect("listed");
    let call = &listed.calllist[0].numbercalls[0];
    assert_eq!(listed.calllist[0].number, "1000");
    assert_eq!(call.callid, placed.callid);
    let ext = call.members[0].ext.as_ref().expect("the extension's leg");
    assert_eq!(ext.memberstatus, "ANSWERED");
    let outbound = call.members[1].outbound.as_ref().expect("the outbound leg");
    assert_eq!(outbound.to, "5551234");
    let done = c
        .yeastar_v2
        .call()
        .hangup(outbound.channelid.clone())
        .send()
        .await
        .expect("hung up");
    assert_eq!(done.callid.as_deref(), Some(placed.callid.as_str()));
    let empty = c
        .yeastar_v2
        .extension()
        .query_call("1000")
        .send()
        .await
        .expect("listed");
    assert!(empty.calllist[0].numbercalls.is_empty());
    assert_recorded(&c, "yeastar_v2", &placed.callid, "1000", "5551234");
}

#[tokio::test]
async fn yeastar_p_places_queries_and_hangs_up_by_channel() {
    let c = Clients::start().await;
    let placed = c
        .yeastar_p
        .call()
        .dial("1000", "5551234")
        .send()
        .await
        .expect("placed");
    let listed = c.yeastar_p.call().query().send().await.expect("listed");
    assert_eq!(listed.data.len(), 1);
    assert_eq!(listed.data[0].call_id, placed.call_id);
    let ext = listed.data[0].members[0]
        .extension
        .as_ref()
        .expect("extension leg");
    assert_eq!(ext.number, "1000");
    let channel = ext.channel_id.clone();
    let done = c
        .yeastar_p
        .call()
        .hangup()
        .channel_id(channel.clone())
        .send()
        .await
        .expect("hung up");
    assert_eq!(done.call_id.as_deref(), Some(placed.call_id.as_str()));
    let again = c.yeastar_p.call().hangup().channel_id(channel).send().await;
    assert!(
        matches!(&again, Err(pbx_api::client::Error::Vendor { error, .. }) if error.code.code() == "60001"),
        "{again:?}"
    );
    assert_recorded(&c, "yeastar_p", &placed.call_id, "1000", "5551234");
}

#[tokio::test]
async fn switchvox_calls_lists_and_hangs_up() {
    let c = Clients::start().await;
    let placed = c
        .switchvox
        .call("1000", "5551234", "1107")
        .send()
        .await
        .expect("placed");
    assert_eq!(placed.call_info.dialed_first, "1000");
    let list = c
        .switchvox
        .current_calls()
        .get_list()
        .send()
        .await
        .expect("listed");
    assert_eq!(list.current_calls.total_items, 1);
    let call = &list.current_calls.current_call[0];
    assert_eq!(call.state, "talking");
    assert_eq!(call.to_caller_id_number.as_deref(), Some("5551234"));
    c.switchvox
        .current_calls()
        .hang_up(call.id.clone())
        .send()
        .await
        .expect("hung up");
    let list = c
        .switchvox
        .current_calls()
        .get_list()
        .send()
        .await
        .expect("listed");
    assert_eq!(list.current_calls.total_items, 0);
    assert_recorded(&c, "switchvox", &call.id, "1000", "5551234");

    // A call from outside shows up ringing.
    let ringing = c
        .pbx
        .inbound("switchvox", "5550100", "1001")
        .expect("switchvox");
    let list = c
        .switchvox
        .current_calls()
        .get_list()
        .send()
        .await
        .expect("listed");
    let call = &list.current_calls.current_call[0];
    assert_eq!(
        (call.id.as_str(), call.state.as_str()),
        (ringing.id.as_str(), "ringing")
    );
}

/// The code of a Switchvox vendor error, or what came back instead.
fn switchvox_code<T: std::fmt::Debug>(
    result: &Result<T, pbx_api::client::Error<pbx_api::switchvox::ErrorCode>>,
) -> String {
    match result {
        Err(pbx_api::client::Error::Vendor { error, .. }) => error.code.code().to_owned(),
        other => format!("not a vendor error: {other:?}"),
    }
}

#[tokio::test]
async fn switchvox_user_call_shows_in_the_lists_and_its_log_and_ivr_variables_round_trip() {
    let c = Clients::start().await;
    let sv = &c.switchvox;
    // users.call places a call like switchvox.call; it is listed, then hung up and logged.
    let placed = sv
        .users()
        .call("1001", "5551234")
        .send()
        .await
        .expect("placed");
    assert_eq!(
        (
            placed.call_info.dialed_first.as_str(),
            placed.call_info.dialed_second.as_str()
        ),
        ("1001", "5551234")
    );
    let list = sv.current_calls().get_list().send().await.expect("listed");
    assert_eq!(list.current_calls.total_items, 1);
    let id = list.current_calls.current_call[0].id.clone();
    // The extensions in a call are the ones the extension queries know.
    let info = sv
        .extensions()
        .get_info()
        .extensions(["1001", "1002"])
        .send()
        .await
        .expect("extension info");
    let numbers: Vec<&str> = info.extensions.iter().map(|e| e.number.as_str()).collect();
    assert_eq!(numbers, ["1001", "1002"]);
    assert_eq!(info.extensions[0].account_id, "1001");
    let found = sv.extensions().search().send().await.expect("searched");
    let numbers: Vec<&str> = found.extensions.iter().map(|e| e.number.as_str()).collect();
    assert_eq!(numbers, ["1001"]);
    sv.current_calls()
        .hang_up(id.clone())
        .send()
        .await
        .expect("hung up");
    let gone = sv.current_calls().hang_up(id.clone()).send().await;
    assert_eq!(switchvox_code(&gone), "10010");
    let logs = sv
        .call_logs()
        .search("2009-01-01 00:00:00", "2099-12-31 23:59:59")
        .send()
        .await
        .expect("call logs");
    assert_eq!(logs.calls.total_items, Some(1));
    let log = &logs.calls.call[0];
    assert_eq!(log.id, id);
    assert_eq!(
        (log.from_number.as_deref(), log.to_number.as_deref()),
        (Some("1001"), Some("5551234"))
    );
    assert_recorded(&c, "switchvox", &id, "1001", "5551234");

    // A call to queue 1200's extension is in that queue's log, not in another's.
    sv.call("5550100", "1200", "1107")
        .send()
        .await
        .expect("placed");
    let list = sv.current_calls().get_list().send().await.expect("listed");
    let queued = list.current_calls.current_call[0].id.clone();
    sv.current_calls()
        .hang_up(queued.clone())
        .send()
        .await
        .expect("hung up");
    let queue_log = sv
        .call_queue_logs()
        .search("2009-01-01 00:00:00", "2099-12-31 23:59:59")
        .queue_account_ids(["1200"])
        .send()
        .await
        .expect("queue log");
    assert_eq!(queue_log.calls.call.len(), 1);
    assert_eq!(
        queue_log.calls.call[0].uniqueid.as_deref(),
        Some(queued.as_str())
    );
    let other = sv
        .call_queue_logs()
        .search("2009-01-01 00:00:00", "2099-12-31 23:59:59")
        .queue_account_ids(["1300"])
        .send()
        .await
        .expect("queue log");
    assert!(other.calls.call.is_empty(), "{other:?}");

    // The queue's agents, as the simulator was given them.
    assert!(c.pbx.add_queue_agent("switchvox", "1200", "1001"));
    let status = sv
        .call_queues()
        .get_current_status("1200")
        .send()
        .await
        .expect("queue status");
    let members: Vec<Option<&str>> = status
        .call_queue
        .queue_members
        .iter()
        .map(|m| m.extension.as_deref())
        .collect();
    assert_eq!(members, [Some("1001")]);

    // The user's own extension is the vendor's documented answer; the simulator models no
    // extension groups, so the list is empty.
    let me = sv.users().get_my_info().send().await.expect("my info");
    assert!(!me.extension.number.is_empty(), "{me:?}");
    let groups = sv
        .extension_groups()
        .get_list()
        .send()
        .await
        .expect("groups");
    assert!(groups.extension_groups.is_empty(), "{groups:?}");

    // Global IVR variables: added, listed, updated, removed; an unknown id is 29673.
    let vars = sv.ivr().global_variables();
    vars.add("balance")
        .global_ivr_variable_value("300")
        .send()
        .await
        .expect("added");
    let listed = vars.get_list().send().await.expect("listed");
    assert_eq!(listed.global_ivr_variables.len(), 1);
    let var = &listed.global_ivr_variables[0];
    assert_eq!(
        (var.name.as_str(), var.value.as_deref()),
        ("balance", Some("300"))
    );
    let var_id = var.id.clone();
    vars.update(var_id.clone(), "450")
        .send()
        .await
        .expect("updated");
    let one = vars
        .get_list()
        .global_ivr_variable_name("balance")
        .send()
        .await
        .expect("listed");
    assert_eq!(one.global_ivr_variables[0].value.as_deref(), Some("450"));
    vars.remove(var_id.clone()).send().await.expect("removed");
    let empty = vars.get_list().send().await.expect("listed");
    assert!(empty.global_ivr_variables.is_empty(), "{empty:?}");
    let again = vars.remove(var_id.clone()).send().await;
    assert_eq!(switchvox_code(&again), "29673");
    let update = vars.update(var_id, "1").send().await;
    assert_eq!(switchvox_code(&update), "29673");
}

/// OpenVox, as far as it documents a call's life (it has no accept or refuse of inbound
/// calls): placed, held and seen held, unheld, transferred and seen with its new party, hung
/// up, its record in the CDR download and its recording downloaded as bytes; a call from
/// outside seen ringing in `inbound/query` and hung up unanswered.
#[tokio::test]
async fn openvox_holds_transfers_hangs_up_and_downloads_record_and_recording() {
    use pbx_api::openvox::extension::query::ExtensionStatus;
    use pbx_api::openvox::inbound::query::CallStatus as InboundStatus;

    let c = Clients::start().await;
    let ov = &c.openvox;
    let placed = ov
        .extension()
        .dial_outbound("1000", "5551234")
        .send()
        .await
        .expect("placed");
    let id = placed.callid.clone().expect("the call's id");
    let status = |ext: &'static str| async move {
        let found = ov
            .extension()
            .query()
            .extid(ext)
            .send()
            .await
            .expect("extension queried");
        found.extinfos[0].status.clone()
    };

    ov.extension().hold("1000").send().await.expect("held");
    assert_eq!(status("1000").await, Some(ExtensionStatus::Hold));
    let listed = ov.extensionlist().query().send().await.expect("listed");
    assert_eq!(listed.extlist[0].extnumber, "1000");
    assert_eq!(listed.extlist[0].status.as_deref(), Some("Hold"));
    ov.extension().unhold("1000").send().await.expect("unheld");
    assert_eq!(status("1000").await, Some(ExtensionStatus::Busy));
    ov.extension().mute("1000").send().await.expect("muted");
    ov.extension().unmute("1000").send().await.expect("unmuted");

    // 1000 transfers the outside party to 1001 and leaves.
    ov.calltransfer(id.clone(), "1000", "1001")
        .send()
        .await
        .expect("transferred");
    let up = ov.outbound().query().send().await.expect("listed");
    assert_eq!(up.outbound.len(), 1, "{up:?}");
    assert_eq!(up.outbound[0].outboundid, id);
    assert_eq!(
        (up.outbound[0].from.as_str(), up.outbound[0].to.as_str()),
        ("1001", "5551234")
    );
    assert_eq!(status("1000").await, Some(ExtensionStatus::Idle));
    assert_eq!(status("1001").await, Some(ExtensionStatus::Busy));

    ov.extension().hangup("1001").send().await.expect("hung up");
    assert!(c.pbx.calls().is_empty());
    let again = ov.extension().hangup("1001").send().await;
    assert!(
        matches!(&again, Err(pbx_api::client::Error::Vendor { error, .. }) if error.code.code() == "10007"),
        "{again:?}"
    );

    // The record, through the CDR download, and the recording it names.
    let (start, end) = ("2020-05-18 00:00:00", "2099-12-31 23:59:59");
    let code = ov
        .cdr()
        .get_random("all", start, end)
        .send()
        .await
        .expect("a CDR code");
    let request = pbx_api::openvox::cdr::download::Request::new(
        "all".to_owned(),
        start.to_owned(),
        end.to_owned(),
        code.random.clone(),
    );
    let mut csv = Vec::new();
    ov.download(&request, &mut csv).await.expect("CDR download");
    let csv = String::from_utf8(csv).expect("CSV text");
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("{id},")))
        .unwrap_or_else(|| panic!("no record of {id}: {csv}"));
    let fields: Vec<&str> = row.split(',').collect();
    assert_eq!(
        (fields[2], fields[3], fields[5]),
        ("1001", "5551234", "ANSWERED")
    );
    let file = fields[6].to_owned();
    let code = ov
        .recording()
        .get_random(file.clone())
        .send()
        .await
        .expect("a recording code");
    let request = pbx_api::openvox::recording::download::Request::new(file.clone(), code.random);
    let mut wav = Vec::new();
    ov.download(&request, &mut wav)
        .await
        .expect("recording download");
    assert_eq!((&wav[..4], &wav[8..12]), (&b"RIFF"[..], &b"WAVE"[..]));
    assert_eq!(Some(wav), c.pbx.recording_bytes(&file));

    // A call from outside rings 1001: seen in `inbound/query`, hung up unanswered.
    let ringing = c
        .pbx
        .inbound("openvox", "5550100", "1001")
        .expect("openvox");
    let inbound = ov
        .inbound()
        .query(vec![ringing.id.clone()])
        .send()
        .await
        .expect("inbound listed");
    assert_eq!(inbound.inbound.len(), 1, "{inbound:?}");
    assert_eq!(inbound.inbound[0].inboundid, ringing.id);
    assert_eq!(inbound.inbound[0].from, "5550100");
    assert_eq!(inbound.inbound[0].status, InboundStatus::Progress);
    assert_eq!(status("1001").await, Some(ExtensionStatus::Ringing));
    ov.inbound()
        .hangup(ringing.id.clone())
        .send()
        .await
        .expect("hung up");
    let cdr = records(&c, "openvox", "5550100");
    assert_eq!(cdr.len(), 1);
    assert_eq!(cdr[0].disposition, "NO ANSWER");
}

/// The vendor code of a refused request, if it was one.
fn vendor_code<T: std::fmt::Debug, C: pbx_api::wire::ErrorCode>(
    result: &Result<T, pbx_api::client::Error<C>>,
) -> Option<String> {
    match result {
        Err(pbx_api::client::Error::Vendor { error, .. }) => Some(error.code.code().to_owned()),
        _ => None,
    }
}

/// A request's end as the inbound scenario compares it: its answer, or the vendor's code (any
/// other failure spelt out).
fn coded<T, C: pbx_api::wire::ErrorCode>(
    result: Result<T, pbx_api::client::Error<C>>,
) -> Result<T, String> {
    result.map_err(|e| match &e {
        pbx_api::client::Error::Vendor { error, .. } => error.code.code().to_owned(),
        other => format!("not a vendor error: {other}"),
    })
}

/// Calls from outside, the same steps in every family that takes them, each through its own
/// `accept` and `refuse` (given the ringing call; `accept` answers the call id the PBX gave,
/// if it gives one): one accepted, one refused within the vendor's window (its record says
/// not answered), one refused and accepted after the window (`too_late`, the family's code).
/// The accepted call is returned, still up, for what the family shows of it.
async fn answers_from_outside<A, AF, R, RF>(
    c: &Clients,
    family: &str,
    too_late: &str,
    accept: A,
    refuse: R,
) -> pbx_sim::SimCall
where
    A: Fn(pbx_sim::SimCall) -> AF,
    AF: std::future::Future<Output = Result<Option<String>, String>>,
    R: Fn(pbx_sim::SimCall) -> RF,
    RF: std::future::Future<Output = Result<(), String>>,
{
    let ring = |from: &str, to: &str| c.pbx.inbound(family, from, to).expect("inbound");
    let accepted = ring("5550100", "1001");
    let id = accept(accepted.clone()).await.expect("accepted");
    assert!(id.is_none_or(|id| id == accepted.id), "{family}");
    refuse(ring("5550101", "1003")).await.expect("refused");
    let cdr = records(c, family, "5550101");
    assert_eq!(cdr.len(), 1, "{family}: {cdr:?}");
    assert_eq!(cdr[0].disposition, "NO ANSWER");
    c.pbx.set_answer_window(std::time::Duration::ZERO);
    let late = ring("5550102", "1004");
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let refused = refuse(late.clone()).await;
    assert_eq!(refused, Err(too_late.to_owned()), "{family}");
    let answered = accept(late).await.map(drop);
    assert_eq!(answered, Err(too_late.to_owned()), "{family}");
    accepted
}

#[tokio::test]
async fn yeastar_v2_holds_transfers_hangs_up_downloads_and_answers_inbound_calls() {
    let c = Clients::start().await;
    let v2 = &c.yeastar_v2;
    let placed = v2
        .call()
        .dial("1000", "5551234")
        .send()
        .await
        .expect("placed");
    let listed = v2.call().query().callid(placed.callid.clone()).send().await;
    let listed = listed.expect("queried");
    assert_eq!(listed.calls.len(), 1);
    // `type` picks the calls by direction: this one was placed by an extension.
    let of_type = |kind: &'static str| async move {
        let found = v2.call().query().call_type(kind).send().await;
        found.expect("queried by type").calls.len()
    };
    assert_eq!(
        (of_type("outbound").await, of_type("inbound").await),
        (1, 0)
    );
    let ext = listed.calls[0].members[0]
        .ext
        .clone()
        .expect("the extension's leg");
    assert_eq!(ext.memberstatus, "ANSWERED");
    let held = v2
        .call()
        .hold(ext.channelid.clone())
        .send()
        .await
        .expect("held");
    assert_eq!(held.callid.as_deref(), Some(placed.callid.as_str()));
    let listed = v2
        .extension()
        .query_call("1000")
        .send()
        .await
        .expect("listed");
    let call = &listed.calllist[0].numbercalls[0];
    let status = call.members[0].ext.as_ref().map(|m| m.memberstatus.clone());
    assert_eq!(status.as_deref(), Some("HOLD"));
    // The extension lists agree: 1000 is on hold.
    let one = v2.extension().query("1000").send().await.expect("queried");
    let states: Vec<_> = one
        .extinfos
        .iter()
        .map(|e| (e.number.as_deref(), e.status.as_deref()))
        .collect();
    assert_eq!(states, [(Some("1000"), Some("Hold"))], "{one:?}");
    let all = v2.extension().list().send().await.expect("listed");
    let listed_ext = all.extlist.iter().find(|e| e.number == "1000");
    assert_eq!(
        listed_ext.map(|e| e.status.as_str()),
        Some("Hold"),
        "{all:?}"
    );
    v2.call()
        .unhold(ext.channelid.clone())
        .send()
        .await
        .expect("resumed");
    v2.call()
        .mute(vec![ext.channelid.clone()])
        .send()
        .await
        .expect("muted");
    v2.call()
        .unmute(vec![ext.channelid.clone()])
        .send()
        .await
        .expect("unmuted");
    let listed = v2.call().query().send().await.expect("queried");
    let status = listed.calls[0].members[0]
        .ext
        .as_ref()
        .map(|m| m.memberstatus.clone());
    assert_eq!(status.as_deref(), Some("ANSWERED"));

    // Transferred, the call's far end is the new party.
    v2.call()
        .transfer(ext.channelid.clone(), "1002")
        .send()
        .await
        .expect("transferred");
    let listed = v2.call().query().send().await.expect("queried");
    let outbound = listed.calls[0].members[1]
        .outbound
        .clone()
        .expect("far leg");
    assert_eq!(outbound.to, "1002");
    v2.call()
        .hangup(ext.channelid.clone())
        .send()
        .await
        .expect("hung up");
    let gone = v2.call().hold(ext.channelid.clone()).send().await;
    assert_eq!(vendor_code(&gone).as_deref(), Some("10007"), "{gone:?}");
    assert_recorded(&c, "yeastar_v2", &placed.callid, "1000", "1002");

    // The recording: its one-time key, then the file itself.
    let cdr = records(&c, "yeastar_v2", "1000");
    let file = cdr[0].recording.clone().expect("recorded");
    let key = v2
        .recording()
        .get_random(file.clone())
        .send()
        .await
        .expect("key");
    let request = pbx_api::yeastar_v2::recording::download::Request::new(file, key.random);
    let mut wav = Vec::new();
    let size = v2.download(&request, &mut wav).await.expect("downloaded");
    assert_eq!(size, wav.len() as u64);
    assert_eq!(&wav[..4], b"RIFF");

    // Calls from outside; the accepted one is answered in the query.
    let ring = answers_from_outside(
        &c,
        "yeastar_v2",
        "10016",
        |call| async move {
            let r = v2.call().accept_inbound(call.trunk_channel).send().await;
            coded(r).map(|a| a.callid)
        },
        |call| async move {
            let r = v2.call().refuse_inbound(call.trunk_channel).send().await;
            coded(r).map(drop)
        },
    )
    .await;
    let listed = v2
        .call()
        .query()
        .callid(ring.id.clone())
        .send()
        .await
        .expect("queried");
    let status = listed.calls[0].members[0]
        .ext
        .as_ref()
        .map(|m| m.memberstatus.clone());
    assert_eq!(status.as_deref(), Some("ANSWERED"));
}

#[tokio::test]
async fn yeastar_p_holds_transfers_hangs_up_finds_the_cdr_and_recording_and_answers_inbound() {
    let c = Clients::start().await;
    let p = &c.yeastar_p;
    let placed = p
        .call()
        .dial("1000", "5551234")
        .send()
        .await
        .expect("placed");
    let other = p
        .call()
        .dial("1005", "5559999")
        .send()
        .await
        .expect("placed");
    let listed = p
        .call()
        .query()
        .call_id(placed.call_id.clone())
        .send()
        .await;
    let listed = listed.expect("queried");
    assert_eq!(listed.data.len(), 1, "{listed:?}");
    let ext = listed.data[0].members[0]
        .extension
        .clone()
        .expect("extension leg");
    p.call()
        .hold(ext.channel_id.clone())
        .send()
        .await
        .expect("held");
    let listed = p
        .call()
        .query()
        .extension("1000")
        .send()
        .await
        .expect("queried");
    assert_eq!(listed.data.len(), 1);
    let status = listed.data[0].members[0]
        .extension
        .as_ref()
        .map(|m| m.member_status.clone());
    assert_eq!(status.as_deref(), Some("HOLD"));
    p.call()
        .unhold(ext.channel_id.clone())
        .send()
        .await
        .expect("resumed");
    p.call()
        .mute(ext.channel_id.clone())
        .send()
        .await
        .expect("muted");
    p.call()
        .unmute(ext.channel_id.clone())
        .send()
        .await
        .expect("unmuted");
    let outbound = p
        .call()
        .query()
        .call_type("outbound")
        .send()
        .await
        .expect("queried");
    assert_eq!(outbound.data.len(), 2);
    let inbound = p
        .call()
        .query()
        .call_type("inbound")
        .send()
        .await
        .expect("queried");
    assert!(inbound.data.is_empty(), "{inbound:?}");

    p.call()
        .transfer("blind", ext.channel_id.clone())
        .number("1002")
        .send()
        .await
        .expect("transferred");
    let listed = p
        .call()
        .query()
        .call_id(placed.call_id.clone())
        .send()
        .await;
    let far = listed.expect("queried").data[0].members[1].outbound.clone();
    assert_eq!(far.expect("far leg").to, "1002");
    p.call()
        .hangup()
        .channel_id(ext.channel_id.clone())
        .send()
        .await
        .expect("hung up");
    let listed = p.call().query().call_id(other.call_id.clone()).send().await;
    let leg = listed.expect("queried").data[0].members[0]
        .extension
        .clone();
    let leg = leg.expect("extension leg");
    p.call()
        .hangup()
        .channel_id(leg.channel_id)
        .send()
        .await
        .expect("hung up");
    assert_recorded(&c, "yeastar_p", &placed.call_id, "1000", "1002");

    // The call's CDR, by search (its caller) and in the list, a page at a time.
    let found = p
        .cdr()
        .search()
        .call_from("1000")
        .send()
        .await
        .expect("searched");
    assert_eq!(found.total_number, Some(1));
    assert_eq!(found.data[0].uid, placed.call_id);
    assert_eq!(
        (
            found.data[0].call_to.as_str(),
            found.data[0].disposition.as_str()
        ),
        ("1002", "ANSWERED")
    );
    assert_eq!(found.data[0].call_type, "Outbound");
    // The period, in either spelling the PBX takes: the call falls in one, not the other.
    let within = p.cdr().search().call_from("1000");
    let within = within
        .start_time("01/01/2020 00:00:00")
        .end_time("4102444800");
    assert_eq!(within.send().await.expect("searched").data.len(), 1);
    let later = p.cdr().search().call_from("1000").start_time("4102444800");
    assert!(later.send().await.expect("searched").data.is_empty());
    let page = p
        .cdr()
        .list()
        .page(2)
        .page_size(1)
        .send()
        .await
        .expect("listed");
    assert_eq!((page.total_number, page.data.len()), (Some(2), 1));
    assert_eq!(page.data[0].uid, other.call_id);

    // Its recording: found in the list, its download URL, and the bytes behind it.
    let recordings = p
        .recording()
        .search()
        .caller("1000")
        .send()
        .await
        .expect("searched");
    assert_eq!(recordings.data.len(), 1);
    let recording = &recordings.data[0];
    assert_eq!(recording.uid, placed.call_id);
    let url = p
        .recording()
        .download()
        .id(recording.id)
        .send()
        .await
        .expect("url");
    assert_eq!(url.file, recording.file);
    assert!(
        url.download_resource_url.ends_with(&recording.file),
        "{url:?}"
    );
    // The file behind the URL, fetched with the session's token as the PBX serves it.
    let mut wav = Vec::new();
    let written = p
        .download_resource(&url, &mut wav)
        .await
        .expect("the recording behind its URL");
    assert_eq!(written, wav.len() as u64);
    assert_eq!(wav.len() as i64, recording.size);
    assert_eq!(Some(&wav), c.pbx.recording_bytes(&url.file).as_ref());
    assert!(wav.starts_with(b"RIFF"), "a WAV file");
    // A URL naming no file is the family's refusal; one off the PBX is refused unsent.
    let mut gone = url.clone();
    gone.download_resource_url = format!("{}nothing.wav", pbx_api::wire::resource::SIM_PREFIX);
    let refused = p.download_resource(&gone, &mut Vec::new()).await;
    assert_eq!(
        vendor_code(&refused).as_deref(),
        Some("60001"),
        "{refused:?}"
    );
    let mut elsewhere = url.clone();
    elsewhere.download_resource_url = "https://elsewhere.example/api/download/x.wav".into();
    let refused = p.download_resource(&elsewhere, &mut Vec::new()).await;
    assert!(
        matches!(refused, Err(pbx_api::client::Error::InvalidRequest { .. })),
        "{refused:?}"
    );
    let unknown = p.recording().download().file("nothing.wav").send().await;
    assert_eq!(
        vendor_code(&unknown).as_deref(),
        Some("60001"),
        "{unknown:?}"
    );

    // Calls from outside (a late one is refused as an unknown one, 60001: the spec declares
    // no timeout code for it); the accepted one is answered in the query.
    answers_from_outside(
        &c,
        "yeastar_p",
        "60001",
        |call| async move {
            let r = p.call().accept_inbound(call.trunk_channel).send().await;
            coded(r).map(|a| a.call_id)
        },
        |call| async move {
            let r = p.call().refuse_inbound(call.trunk_channel).send().await;
            coded(r).map(drop)
        },
    )
    .await;
    let inbound = p
        .call()
        .query()
        .call_type("inbound")
        .send()
        .await
        .expect("queried");
    let status = inbound.data[0].members[0]
        .extension
        .as_ref()
        .map(|m| m.member_status.clone());
    assert_eq!(status.as_deref(), Some("ANSWERED"));
}

#[tokio::test]
async fn yeastar_s_holds_transfers_hangs_up_downloads_and_answers_inbound() {
    use pbx_api::yeastar_s::{cdr, inbound, recording};
    let c = Clients::start().await;
    let s = &c.yeastar_s;
    let placed = s
        .extension()
        .dial_outbound("1000", "5551234")
        .send()
        .await
        .expect("placed");

    // Held, the extension list says so; resumed, it is busy (talking) again.
    s.extension().hold("1000").send().await.expect("held");
    let list = s.extensionlist().query().send().await.expect("listed");
    let ext = list.extlist.iter().find(|e| e.extnumber == "1000");
    assert_eq!(ext.map(|e| e.status.as_str()), Some("Hold"), "{list:?}");
    s.extension().unhold("1000").send().await.expect("resumed");
    s.extension().mute("1000").send().await.expect("muted");
    s.extension().unmute("1000").send().await.expect("unmuted");
    let list = s.extensionlist().query().send().await.expect("listed");
    assert_eq!(list.extlist[0].status, "Busy", "{list:?}");
    let unknown = s.extension().hold("1999").send().await;
    assert_eq!(
        vendor_code(&unknown).as_deref(),
        Some("10007"),
        "{unknown:?}"
    );

    // Transferred to another external number: the outbound list shows the new party.
    let moved = s
        .outbound()
        .transfer_outbound(placed.callid.clone(), "5559876", "1000")
        .send()
        .await
        .expect("transferred");
    assert_eq!(moved.callid, placed.callid);
    let up = s.outbound().query().send().await.expect("listed");
    assert_eq!(up.outbound.len(), 1);
    assert_eq!(up.outbound[0].to, "5559876");
    assert_eq!(up.outbound[0].status, CallStatus::Talking);

    // Hung up by the extension: its record, then its recording by the file name.
    s.extension().hangup("1000").send().await.expect("hung up");
    assert!(
        s.outbound()
            .query()
            .send()
            .await
            .expect("listed")
            .outbound
            .is_empty()
    );
    let mut csv = Vec::new();
    let request =
        cdr::download::Request::new("1000", "2018-11-07 00:00:00", "2038-01-01 00:00:00", "k");
    s.download(&request, &mut csv).await.expect("the CDR file");
    let csv = String::from_utf8(csv).expect("CSV text");
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("{},", placed.callid)))
        .unwrap_or_else(|| panic!("no record of {} in {csv}", placed.callid));
    assert!(
        row.contains(",1000,5559876,") && row.contains("ANSWERED"),
        "{row}"
    );
    let file = row.rsplit(',').next().unwrap_or_default().to_owned();
    assert!(file.ends_with(".wav"), "{row}");
    // A period before the call has no records; a time that is no time is a bad parameter.
    let mut before = Vec::new();
    let request =
        cdr::download::Request::new("all", "2018-11-07 00:00:00", "2019-02-18 23:59:59", "k");
    s.download(&request, &mut before)
        .await
        .expect("the CDR file");
    assert_eq!(String::from_utf8_lossy(&before).lines().count(), 1);
    let request = cdr::download::Request::new("all", "yesterday", "2038-01-01 00:00:00", "k");
    let bad = s.download(&request, &mut Vec::new()).await;
    assert_eq!(vendor_code(&bad).as_deref(), Some("10004"), "{bad:?}");
    let mut wav = Vec::new();
    let request = recording::download::Request::new(file.clone(), "k");
    let written = s.download(&request, &mut wav).await.expect("the recording");
    assert_eq!(written as usize, wav.len());
    assert_eq!((&wav[..4], &wav[8..12]), (&b"RIFF"[..], &b"WAVE"[..]));
    assert_eq!(Some(wav), c.pbx.recording_bytes(&file));
    let mut none = Vec::new();
    let missing = s
        .download(
            &recording::download::Request::new("nothing.wav", "k"),
            &mut none,
        )
        .await;
    assert_eq!(
        vendor_code(&missing).as_deref(),
        Some("20012"),
        "{missing:?}"
    );
    assert!(none.is_empty());

    // A call from outside rings (`Progress`); then the shared steps, and the accepted call
    // seen talking, moved to an extension and hung up.
    c.pbx
        .inbound("yeastar_s", "5550099", "1009")
        .expect("yeastar_s");
    let listed = s.inbound().query().send().await.expect("listed");
    assert_eq!(
        listed.inbound[0].status,
        inbound::query::CallStatus::Progress
    );
    let accepted = answers_from_outside(
        &c,
        "yeastar_s",
        "10016",
        |call| async move { coded(s.inbound().accept(call.id).send().await).map(|_| None) },
        |call| async move { coded(s.inbound().refuse(call.id).send().await).map(drop) },
    )
    .await;
    let listed = s
        .inbound()
        .query()
        .inboundid([accepted.id.clone()])
        .send()
        .await
        .expect("listed");
    assert_eq!(listed.inbound.len(), 1);
    assert_eq!(
        listed.inbound[0].status,
        inbound::query::CallStatus::Talking
    );
    s.inbound()
        .transfer_extension(accepted.id.clone(), "1002")
        .send()
        .await
        .expect("transferred");
    let listed = s
        .inbound()
        .query()
        .inboundid([accepted.id.clone()])
        .send()
        .await
        .expect("listed");
    assert_eq!(listed.inbound[0].to, "1002");
    s.inbound()
        .hangup(accepted.id.clone())
        .send()
        .await
        .expect("hung up");
}

/// OpenVox queue agents added, paused, resumed and removed, each step seen in
/// `queuestatus/query`; conference members added, muted and kicked, seen in
/// `conference/query_in_session`.
#[tokio::test]
async fn openvox_queue_status_and_conference_members_follow_what_was_done() {
    let c = Clients::start().await;
    let ov = &c.openvox;
    let agents = |queue: &'static str| async move {
        let status = ov
            .queuestatus()
            .query(queue)
            .send()
            .await
            .expect("queue status");
        assert_eq!(status.queue.queuenumber, queue);
        let state = status.queue.queuestatus;
        let members = state.members.into_iter().map(|m| (m.agent, m.agentstatus));
        (members.collect::<Vec<_>>(), state.callercount)
    };
    assert_eq!(agents("9998").await, (vec![], 0));
    for ext in ["6000", "6001"] {
        ov.queue()
            .add_dynamicagent("9998", ext)
            .send()
            .await
            .expect("agent added");
    }
    ov.queue()
        .pause_agent("9998", "6000")
        .send()
        .await
        .expect("paused");
    let paused = (vec![("6000".to_owned(), 9), ("6001".to_owned(), 1)], 0);
    assert_eq!(agents("9998").await, paused);
    // An agent in a call is in use (2).
    ov.extension()
        .dial_outbound("6001", "5551234")
        .send()
        .await
        .expect("placed");
    ov.queue()
        .unpause_agent("9998", "6000")
        .send()
        .await
        .expect("resumed");
    let resumed = (vec![("6000".to_owned(), 1), ("6001".to_owned(), 2)], 0);
    assert_eq!(agents("9998").await, resumed);
    ov.queue()
        .del_dynamicagent("9998", "6000", "666666")
        .send()
        .await
        .expect("removed");
    assert_eq!(agents("9998").await.0, vec![("6001".to_owned(), 2)]);
    let unknown = ov.queue().pause_agent("9998", "6000").send().await;
    assert_eq!(
        vendor_code(&unknown).as_deref(),
        Some("10007"),
        "{unknown:?}"
    );

    // Conference 8000: two invited, one muted (still `Up`), one kicked.
    let rooms = |number: &'static str| async move {
        let found = ov
            .conference()
            .query_in_session(vec![number.to_owned()])
            .send()
            .await
            .expect("conferences");
        found
            .conference
            .into_iter()
            .map(|room| {
                let members = room.member.into_iter();
                let members = members.map(|m| (m.number.unwrap_or_default(), m.memberstatus));
                (room.conferencenumber, members.collect::<Vec<_>>())
            })
            .collect::<Vec<_>>()
    };
    assert!(rooms("8000").await.is_empty());
    ov.conference()
        .add_member("8000", vec!["111".to_owned(), "114".to_owned()])
        .send()
        .await
        .expect("invited");
    ov.conference()
        .mute_member("8000", vec!["111".to_owned()])
        .send()
        .await
        .expect("muted");
    use pbx_api::openvox::conference::query_in_session::MemberStatus;
    let both = vec![(
        "8000".to_owned(),
        vec![
            ("111".to_owned(), MemberStatus::Up),
            ("114".to_owned(), MemberStatus::Up),
        ],
    )];
    assert_eq!(rooms("8000").await, both);
    ov.conference()
        .kick_member("8000", vec!["114".to_owned()])
        .send()
        .await
        .expect("kicked");
    let one = vec![(
        "8000".to_owned(),
        vec![("111".to_owned(), MemberStatus::Up)],
    )];
    assert_eq!(rooms("8000").await, one);
    let again = ov
        .conference()
        .kick_member("8000", vec!["114".to_owned()])
        .send()
        .await;
    assert_eq!(vendor_code(&again).as_deref(), Some("10007"), "{again:?}");
}

/// S-Series queue agents paused and resumed, seen in `queuestatus/query`, and a call
/// transferred into the queue counted as a waiting caller.
#[tokio::test]
async fn yeastar_s_queue_status_shows_paused_agents_and_waiting_callers() {
    let c = Clients::start().await;
    let s = &c.yeastar_s;
    assert!(c.pbx.add_agent("yeastar_s", "6700", "1000"));
    let status = || async {
        let found = s
            .queuestatus()
            .query("6700")
            .send()
            .await
            .expect("queue status");
        let queue = found.queues.into_iter().next().expect("the queue");
        assert_eq!(queue.queuenumber, "6700");
        let state = queue.queuestatus.into_iter().next().expect("its state");
        let members = state.members.into_iter().map(|m| (m.agent, m.agentstatus));
        (members.collect::<Vec<_>>(), state.callercount)
    };
    assert_eq!(status().await, (vec![("1000".to_owned(), 1)], 0));
    s.queue()
        .pause_agent("6700", "1000")
        .send()
        .await
        .expect("paused");
    assert_eq!(status().await, (vec![("1000".to_owned(), 9)], 0));
    let ringing = c
        .pbx
        .inbound("yeastar_s", "5550100", "1001")
        .expect("yeastar_s");
    s.inbound()
        .transfer_queue(ringing.id.clone(), "6700")
        .send()
        .await
        .expect("into the queue");
    s.queue()
        .unpause_agent("6700", "1000")
        .send()
        .await
        .expect("resumed");
    assert_eq!(status().await, (vec![("1000".to_owned(), 1)], 1));
    let unknown = s.queue().pause_agent("6700", "1999").send().await;
    assert_eq!(
        vendor_code(&unknown).as_deref(),
        Some("10007"),
        "{unknown:?}"
    );
}

/// Listening, whispering and barging in need the monitored extension in a call and the one
/// joining it idle; the call itself is left as it was.
#[tokio::test]
async fn monitoring_needs_a_call_to_join_and_an_idle_extension_to_join_it() {
    let c = Clients::start().await;
    let (s, ov) = (&c.yeastar_s, &c.openvox);
    s.extension()
        .dial_outbound("1000", "5551234")
        .send()
        .await
        .expect("placed");
    s.extension()
        .listen("1002", "1000")
        .send()
        .await
        .expect("listening");
    s.extension()
        .whisper("1003", "1000")
        .send()
        .await
        .expect("whispering");
    s.extension()
        .barge("1004", "1000")
        .send()
        .await
        .expect("barged in");
    let list = s.extensionlist().query().send().await.expect("listed");
    let ext = list.extlist.iter().find(|e| e.extnumber == "1000");
    assert_eq!(ext.map(|e| e.status.as_str()), Some("Busy"), "{list:?}");
    let nobody = s.extension().listen("1002", "1999").send().await;
    assert_eq!(vendor_code(&nobody).as_deref(), Some("10007"), "{nobody:?}");
    s.extension()
        .dial_outbound("1005", "5559999")
        .send()
        .await
        .expect("placed");
    let busy = s.extension().barge("1005", "1000").send().await;
    assert_eq!(vendor_code(&busy).as_deref(), Some("10008"), "{busy:?}");

    ov.extension()
        .dial_outbound("1000", "5551234")
        .send()
        .await
        .expect("placed");
    ov.extension()
        .listen("1002", "1000")
        .send()
        .await
        .expect("listening");
    let nobody = ov.extension().whisper("1002", "1999").send().await;
    assert_eq!(vendor_code(&nobody).as_deref(), Some("10007"), "{nobody:?}");
    // A prompt played to an extension is a call from it, whose id the answer carries.
    let played = ov
        .extension()
        .playprompt("1007", "hello111")
        .send()
        .await
        .expect("played");
    let id = played.callid.expect("the prompt call's id");
    assert!(!id.is_empty());
    let state = |ext: &'static str| async move {
        let found = ov.extension().query().extid(ext).send().await;
        let found = found.expect("queried");
        found.extinfos.first().and_then(|e| e.status.clone())
    };
    use pbx_api::openvox::extension::query::ExtensionStatus;
    assert_eq!(state("1007").await, Some(ExtensionStatus::Busy));
    assert_eq!(state("1008").await, Some(ExtensionStatus::Idle));
}
