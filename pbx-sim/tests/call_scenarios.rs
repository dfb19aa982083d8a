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
        id: None,
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

/// The vendor's code in a typed error, if it is one.
fn vendor_code<T: std::fmt::Debug, C: pbx_api::wire::ErrorCode>(
    result: &Result<T, pbx_api::client::Error<C>>,
) -> Option<String> {
    match result {
        Err(pbx_api::client::Error::Vendor { error, .. }) => Some(error.code.code().to_owned()),
        _ => None,
    }
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

    // From outside: one accepted (then seen talking, moved to an extension, hung up), one
    // refused, one refused after the 10 s window.
    let accepted = c
        .pbx
        .inbound("yeastar_s", "5550100", "1001")
        .expect("yeastar_s");
    let listed = s.inbound().query().send().await.expect("listed");
    assert_eq!(
        listed.inbound[0].status,
        inbound::query::CallStatus::Progress
    );
    s.inbound()
        .accept(accepted.id.clone())
        .send()
        .await
        .expect("accepted");
    let listed = s
        .inbound()
        .query()
        .inboundid(accepted.id.clone())
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
    let listed = s.inbound().query().send().await.expect("listed");
    assert_eq!(listed.inbound[0].to, "1002");
    s.inbound()
        .hangup(accepted.id.clone())
        .send()
        .await
        .expect("hung up");

    let refused = c
        .pbx
        .inbound("yeastar_s", "5550101", "1001")
        .expect("yeastar_s");
    s.inbound()
        .refuse(refused.id.clone())
        .send()
        .await
        .expect("refused");
    assert!(
        s.inbound()
            .query()
            .send()
            .await
            .expect("listed")
            .inbound
            .is_empty()
    );
    let cdr = records(&c, "yeastar_s", "5550101");
    assert_eq!(cdr.len(), 1);
    assert_eq!(cdr[0].disposition, "NO ANSWER");

    c.pbx.set_answer_window(std::time::Duration::ZERO);
    let late = c
        .pbx
        .inbound("yeastar_s", "5550102", "1001")
        .expect("yeastar_s");
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let too_late = s.inbound().refuse(late.id.clone()).send().await;
    assert_eq!(
        vendor_code(&too_late).as_deref(),
        Some("10016"),
        "{too_late:?}"
    );
    let too_late = s.inbound().accept(late.id.clone()).send().await;
    assert_eq!(
        vendor_code(&too_late).as_deref(),
        Some("10016"),
        "{too_late:?}"
    );
}
