//! The v1 shapes against the vendors' printed examples (same parties, ids and serial).

use super::*;
use crate::events::change::{CallFacts, Failure};

fn call(id: &str, from: &str, to: &str, leg: Leg) -> CallFacts {
    CallFacts {
        id: id.into(),
        family: "yeastar_s",
        from: from.into(),
        to: to.into(),
        leg,
        from_channel: String::new(),
        to_channel: String::new(),
    }
}

fn texts(shape: Shape, sn: &str, call: CallFacts, change: Change) -> Vec<String> {
    bodies(shape, sn, &Happened { call, change })
        .into_iter()
        .map(|b| b.text)
        .collect()
}

#[test]
fn v1_0_0_repeats_ext_as_the_yeastar_samples_do() {
    // YEN api_sample/call-report/{ring-back,ringing,call-answered,answer-a-call,call-released}.md
    let c = || call("1495706238.328", "1002", "1000", Leg::Internal);
    let dial = texts(Shape::Repeated, "sn", c(), Change::Dialled);
    let reports: Vec<&str> = dial
        .iter()
        .map(String::as_str)
        .filter(|t| !t.contains("ExtensionStatus"))
        .collect();
    assert_eq!(
        reports,
        [
            r#"{"action":"ALERT","callid":"1495706238.328","ext":{"extid":"1002"}}"#,
            r#"{"action":"RING","callid":"1495706238.328","ext":{"extid":"1000"},"ext":{"extid":"1002"}}"#,
            r#"{"action":"ANSWERED","callid":"1495706238.328","ext":{"extid":"1002"},"ext":{"extid":"1000"}}"#,
            r#"{"action":"ANSWER","callid":"1495706238.328","ext":{"extid":"1000"},"ext":{"extid":"1002"}}"#,
        ]
    );
    let bye = texts(
        Shape::Repeated,
        "sn",
        c(),
        Change::HungUp {
            by: "1000".into(),
            cdr: None,
        },
    );
    assert_eq!(
        bye.first().map(String::as_str),
        Some(
            r#"{"action":"BYE","callid":"1495706238.328","ext":{"extid":"1000"},"ext":{"extid":"1002"}}"#
        )
    );
    assert!(
        bye.iter()
            .any(|t| t == r#"{"action":"ExtensionStatus","extension":"1000","status":"Idle"}"#)
    );
}

#[test]
fn openvox_reports_are_its_examples() {
    // XS api-bao-gao-shi-li/xiang-ling-hui-ling-bao-gao.md, hu-jiao-shi-bai-bao-gao.md
    let sn = "a09805021987";
    let dial = texts(
        Shape::OpenVox,
        sn,
        call("1589947952.1670", "101", "106", Leg::Internal),
        Change::Dialled,
    );
    assert_eq!(
        dial.first().map(String::as_str),
        Some(
            r#"{"action":"ALERT","callid":"1589947952.1670","ext":{"extid":["101"]},"sn":"a09805021987"}"#
        )
    );
    assert_eq!(
        dial.get(1).map(String::as_str),
        Some(
            r#"{"action":"RING","callid":"1589947952.1670","ext":{"extid":["106","101"]},"sn":"a09805021987"}"#
        )
    );
    assert!(dial.iter().any(|t| t.contains(r#""status":"InUse""#)));
    let failed = texts(
        Shape::OpenVox,
        sn,
        call("1589958470.2092", "102", "106", Leg::Internal),
        Change::Failed(Failure::Busy),
    );
    assert_eq!(
        failed,
        [
            r#"{"action":"CallFailed","reason":480,"callid":"1589958470.2092","ext":{"extid":["102","106"]},"sn":"a09805021987"}"#
        ]
    );
    // An extension calling out: ALERT without `sn`, RING with the `outbound` object first.
    let out = texts(
        Shape::OpenVox,
        sn,
        call("1589948179.1692", "106", "103", Leg::Outbound),
        Change::Dialled,
    );
    assert_eq!(
        out.first().map(String::as_str),
        Some(r#"{"action":"ALERT","callid":"1589948179.1692","ext":{"extid":"106"}}"#)
    );
    assert_eq!(
        out.get(1).map(String::as_str),
        Some(
            r#"{"action":"RING","callid":"1589948179.1692","outbound":{"from":"106","to":"103","trunk":"sim-trunk","outboundid":"1589948179.1692"},"ext":{"extid":"106"}}"#
        )
    );
}

#[test]
fn an_inbound_call_rings_with_invite_for_yeastar_only() {
    let c = || call("1495707950.331", "1000", "1002", Leg::Inbound);
    let yeastar = texts(Shape::Repeated, "sn", c(), Change::Ringing);
    assert_eq!(
        yeastar.first().map(String::as_str),
        // YEN inbound-call-request.md, with the simulator's trunk.
        Some(
            r#"{"action":"Invite","callid":"1495707950.331","inbound":{"from":"1000","to":"1002","trunk":"sim-trunk","inboundid":"1495707950.331"}}"#
        )
    );
    let openvox = texts(Shape::OpenVox, "sn", c(), Change::Ringing);
    assert!(openvox.iter().all(|t| !t.contains("Invite")));
    assert!(openvox.iter().any(|t| t.starts_with(
        r#"{"action":"RING","callid":"1495707950.331","ext":{"extid":"1002"},"inbound":"#
    )));
}
