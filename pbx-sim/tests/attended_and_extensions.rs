//! Through the typed clients: an API 2.0 attended transfer (the call held while the
//! transferor consults a third party, then swapped, completed or aborted, each state seen in
//! `call/query` and `extension/query`); the S-Series `extension/query` answered from the
//! model over the guide's example item; the P-Series extension table listed a page at a
//! time and queried by id. Each with the vendor code for what does not exist.

mod common;

use common::clients::Clients;
use pbx_api::client::Error;
use pbx_api::prelude::*;
use pbx_api::wire::ErrorCode;

/// The vendor code a refused request got, or what else happened.
fn code<T: std::fmt::Debug, C: ErrorCode>(result: Result<T, Error<C>>) -> String {
    match result {
        Err(Error::Vendor { error, .. }) => error.code.code().to_owned(),
        other => format!("not a vendor error: {other:?}"),
    }
}

/// Every API 2.0 call up now: its id and each member's (number, state), extension legs
/// first.
async fn calls_v2(c: &Clients) -> Vec<(String, Vec<(String, String)>)> {
    let listed = c.yeastar_v2.call().query().send().await.expect("queried");
    listed
        .calls
        .iter()
        .map(|call| {
            let members = call.members.iter().filter_map(|m| {
                let ext = m.ext.as_ref().map(|e| (&e.number, &e.memberstatus));
                let out = m.outbound.as_ref().map(|o| (&o.to, &o.memberstatus));
                ext.or(out).map(|(n, s)| (n.clone(), s.clone()))
            });
            (call.callid.clone(), members.collect())
        })
        .collect()
}

/// The API 2.0 `extension/query` state of `number`.
async fn ext_state(c: &Clients, number: &str) -> Option<String> {
    let found = c.yeastar_v2.extension().query(number).send().await;
    let found = found.expect("extension queried");
    found.extinfos.first().and_then(|e| e.status.clone())
}

#[tokio::test]
async fn yeastar_v2_attended_transfer_holds_consults_swaps_and_completes() {
    let c = Clients::start().await;
    let v2 = &c.yeastar_v2;
    // A (5550100) calls B (1001), who answers, then consults C (1002).
    let call = c
        .pbx
        .inbound("yeastar_v2", "5550100", "1001")
        .expect("rang");
    v2.call()
        .accept_inbound(call.channel.clone())
        .send()
        .await
        .expect("answered");
    let started = v2
        .call()
        .attended_transfer(call.channel.clone(), "1002")
        .send()
        .await
        .expect("consulting");
    assert_eq!(started.callid.as_deref(), Some(call.id.as_str()));
    let up = calls_v2(&c).await;
    assert_eq!(up.len(), 2, "{up:?}");
    let first = up
        .iter()
        .find(|(id, _)| *id == call.id)
        .expect("first call");
    assert!(first.1.iter().all(|(_, s)| s == "HOLD"), "{up:?}");
    let consult = up
        .iter()
        .find(|(id, _)| *id != call.id)
        .expect("consultation");
    assert_eq!(
        consult.1,
        [
            ("1001".to_owned(), "ANSWERED".to_owned()),
            ("1002".to_owned(), "ANSWERED".to_owned())
        ]
    );
    // B talks to C while A waits; the extension states say so.
    assert_eq!(ext_state(&c, "1001").await.as_deref(), Some("Busy"));
    assert_eq!(ext_state(&c, "1002").await.as_deref(), Some("Busy"));

    // A second consultation from the same call, or to a party in a call, is refused.
    let again = v2.call().attended_transfer(call.channel.clone(), "1003");
    assert_eq!(code(again.send().await), "10008");
    let operate = |word: &'static str| {
        v2.call()
            .attended_transfer_operate(call.channel.clone(), word)
    };
    // Swapping: B back with A, C held; and back again.
    operate("swap").send().await.expect("swapped");
    let up = calls_v2(&c).await;
    let first = up
        .iter()
        .find(|(id, _)| *id == call.id)
        .expect("first call");
    let consult = up
        .iter()
        .find(|(id, _)| *id != call.id)
        .expect("consultation");
    assert!(first.1.iter().all(|(_, s)| s == "ANSWERED"), "{up:?}");
    assert!(consult.1.iter().all(|(_, s)| s == "HOLD"), "{up:?}");
    operate("swap").send().await.expect("swapped back");
    assert_eq!(code(operate("hangup").send().await), "10004");

    // Completing: A talks to C, B has left, the consultation has ended.
    let done = operate("complete").send().await.expect("completed");
    assert_eq!(done.callid.as_deref(), Some(call.id.as_str()));
    let up = calls_v2(&c).await;
    assert_eq!(up.len(), 1, "{up:?}");
    let (id, members) = &up[0];
    assert_eq!(id, &call.id);
    let numbers: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        numbers.contains(&"1002") && !numbers.contains(&"1001"),
        "{up:?}"
    );
    assert!(members.iter().all(|(_, s)| s == "ANSWERED"), "{up:?}");
    assert_eq!(ext_state(&c, "1001").await.as_deref(), Some("Idle"));
    // No transfer is under way any more, and an unknown channel is no call.
    assert_eq!(code(operate("complete").send().await), "10007");
    let unknown = v2.call().attended_transfer("PJSIP/9999-ffffffff", "1003");
    assert_eq!(code(unknown.send().await), "10007");
}

#[tokio::test]
async fn yeastar_v2_attended_transfer_aborted_resumes_the_held_call() {
    let c = Clients::start().await;
    let v2 = &c.yeastar_v2;
    let placed = v2
        .call()
        .dial("1000", "5551234")
        .send()
        .await
        .expect("placed");
    let up = v2.call().query().callid(placed.callid.clone()).send().await;
    let leg = up.expect("queried").calls[0].members[0]
        .ext
        .clone()
        .expect("the extension's leg");
    v2.call()
        .attended_transfer(leg.channelid.clone(), "1005")
        .send()
        .await
        .expect("consulting");
    assert_eq!(ext_state(&c, "1005").await.as_deref(), Some("Busy"));
    v2.call()
        .attended_transfer_operate(leg.channelid.clone(), "abort")
        .send()
        .await
        .expect("aborted");
    let up = calls_v2(&c).await;
    assert_eq!(up.len(), 1, "{up:?}");
    assert_eq!(up[0].0, placed.callid);
    assert!(up[0].1.iter().all(|(_, s)| s == "ANSWERED"), "{up:?}");
    assert_eq!(ext_state(&c, "1005").await.as_deref(), Some("Idle"));
    // The consultation left a record, as an ended call does.
    let records = c.pbx.cdrs(&pbx_sim::CdrFilter {
        family: Some("yeastar_v2".into()),
        number: Some("1005".into()),
        ..pbx_sim::CdrFilter::default()
    });
    assert_eq!(records.len(), 1, "{records:?}");
}

#[tokio::test]
async fn yeastar_s_extension_query_answers_from_the_model_over_the_guide_item() {
    use pbx_api::yeastar_s::extension::query::ExtensionStatus;

    let c = Clients::start().await;
    let s = &c.yeastar_s;
    s.extension()
        .dial_outbound("1003", "5551234")
        .send()
        .await
        .expect("placed");
    let found = s
        .extension()
        .query()
        .extid(["1003", "1004"])
        .send()
        .await
        .expect("queried");
    let got: Vec<_> = found
        .extinfos
        .iter()
        .map(|e| (e.extnumber.as_str(), e.status.clone(), e.callerid.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1003", ExtensionStatus::Busy, "1003"),
            ("1004", ExtensionStatus::Idle, "1004")
        ]
    );
    // What the model has no value of is the guide's example item's.
    let item = &found.extinfos[0];
    assert_eq!(
        (item.language.as_str(), item.ringtimeout.as_str()),
        ("System Default", "30")
    );
    assert_eq!(item.maxregistrations, 1);
    // Without `extid`: every extension of the table, the caller's among them.
    let all = s.extension().query().send().await.expect("all queried");
    let numbers: Vec<&str> = all.extinfos.iter().map(|e| e.extnumber.as_str()).collect();
    assert!(
        numbers.len() >= 10 && numbers.contains(&"1003"),
        "{numbers:?}"
    );
    // An extension the PBX does not have.
    let unknown = s.extension().query().extid(["9999"]).send().await;
    assert_eq!(code(unknown), "10006");
}

#[tokio::test]
async fn yeastar_p_extensions_are_listed_by_page_and_queried_by_stable_id() {
    let c = Clients::start().await;
    let p = &c.yeastar_p;
    // A call makes a new extension known; it gets the next id.
    p.call()
        .dial("2000", "5551234")
        .send()
        .await
        .expect("placed");
    let id = c.pbx.extension_id("2000").expect("2000 has an id");
    let all = p.extension().list().send().await.expect("listed");
    let total = all.total_number.expect("a total");
    assert_eq!(usize::try_from(total).ok(), Some(all.data.len()));
    assert!(
        all.data
            .iter()
            .any(|e| e.id == id as i64 && e.number.as_deref() == Some("2000"))
    );
    // Pages of 4: the second holds the fifth to the eighth, and the total is all of them.
    let page = p.extension().list().page(2).page_size(4).send().await;
    let page = page.expect("a page");
    assert_eq!(page.total_number, Some(total));
    let ids: Vec<i64> = page.data.iter().map(|e| e.id).collect();
    let expected: Vec<i64> = all.data.iter().skip(4).take(4).map(|e| e.id).collect();
    assert_eq!(ids, expected);
    let past = p.extension().list().page(1000).page_size(4).send().await;
    assert!(past.expect("past the last page").data.is_empty());
    // Queried by the ids the list gave: the same extensions, in the order asked.
    let asked = format!("{id},{}", expected[0]);
    let found = p.extension().query(asked).send().await.expect("queried");
    let got: Vec<i64> = found.data.iter().map(|e| e.id).collect();
    assert_eq!(got, [id as i64, expected[0]]);
    // Ids are stable: listing again gives 2000 the same one.
    let again = p.extension().list().send().await.expect("listed again");
    assert!(
        again
            .data
            .iter()
            .any(|e| e.id == id as i64 && e.number.as_deref() == Some("2000"))
    );
    let unknown = p.extension().query(format!("{id},99999")).send().await;
    assert_eq!(code(unknown), "60001");
}
