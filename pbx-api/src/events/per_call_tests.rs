//! The per-call view with a small event type read from the bodies events.md quotes (OpenVox
//! and Yeastar reports), including its two hard cases: RING and ALERT with different
//! `callid`s tied by one `inboundid`, and two BYEs with different `callid`s.

use std::time::{Duration, SystemTime};

use pbx_wire::event::{EventMeta, Transport};
use pbx_wire::{DecodeError, Element};

use super::*;
use crate::events::{Connection, Received, queue};

/// A report: its `action` and the call ids anywhere in it, in body order.
#[derive(Debug, Clone)]
struct Report {
    action: String,
    keys: Vec<CallKey>,
}

const ID_FIELDS: [&str; 5] = ["callid", "inboundid", "outboundid", "channel_id", "call_id"];

fn collect(element: &Element<'_>, keys: &mut Vec<CallKey>) {
    for child in &element.children {
        if let Some(field) = ID_FIELDS.iter().find(|f| child.name == **f)
            && let Some(text) = &child.text
        {
            keys.push(CallKey {
                field,
                value: text.to_string(),
            });
        }
        collect(child, keys);
    }
}

impl FamilyEvents for Report {
    const TRANSPORT: Transport = Transport::HttpReport;
    const EVENTS: &'static [EventMeta] = &[];

    fn decode(raw: &crate::events::RawEvent<'_>) -> Result<Self, DecodeError> {
        let root = Element::parse_json(raw.body)?;
        let action = root
            .children_named("action")
            .next()
            .and_then(|a| a.text.as_deref())
            .unwrap_or_default()
            .to_owned();
        let mut keys = Vec::new();
        collect(&root, &mut keys);
        Ok(Report { action, keys })
    }
    fn name(&self) -> &str {
        &self.action
    }
    fn is_unknown(&self) -> bool {
        false
    }
    fn call_keys(&self) -> Vec<CallKey> {
        self.keys.clone()
    }
    fn to_json(&self) -> String {
        format!("{{\"event\":\"{}\"}}", self.action)
    }
}

fn report(body: &str) -> Report {
    match Report::decode(&crate::events::RawEvent::body(body.as_bytes())) {
        Ok(report) => report,
        Err(e) => panic!("test body does not parse: {e}: {body}"),
    }
}

fn event(body: &str) -> EventItem<Report> {
    EventItem::Event(Received {
        event: report(body),
        at: SystemTime::now(),
        from: None,
        resends_dropped: 0,
    })
}

/// Feeds `items` through a stream and the view; the calls, in order.
async fn calls_of(items: Vec<EventItem<Report>>, limits: CallLimits) -> Vec<CallItem<Report>> {
    let (tx, rx) = queue(items.len().max(1));
    for item in items {
        assert!(tx.try_queue(item).is_ok());
    }
    drop(tx);
    let mut view = PerCall::new(rx, limits);
    let mut out = Vec::new();
    while let Some(item) = view.next().await {
        out.push(item);
    }
    out
}

fn names(items: &[CallItem<Report>]) -> Vec<(String, Option<u64>)> {
    items
        .iter()
        .map(|i| match &i.item {
            EventItem::Event(r) => (r.event.action.clone(), i.call.map(CallRef::get)),
            EventItem::State(s) => (format!("{s:?}"), i.call.map(CallRef::get)),
            EventItem::Malformed { .. } => ("malformed".into(), i.call.map(CallRef::get)),
        })
        .collect()
}

#[tokio::test]
async fn alert_and_ring_with_different_callids_are_one_call_through_the_inboundid() {
    let items = vec![
        EventItem::State(Connection::Connected),
        event(
            r#"{"action":"ALERT","callid":"1589948512.1707","inbound":{"from":"103","to":"101","trunk":"to-18-16-2","inboundid":"1589948512.1707"},"sn":"a09805021987"}"#,
        ),
        event(
            r#"{"action":"ExtensionStatus","extension":"101","status":"Ringing","sn":"a09805021987"}"#,
        ),
        event(
            r#"{"action":"RING","callid":"1589948512.1709","ext":{"extid":"101"},"inbound":{"from":"103","to":"101","trunk":"to-18-16-2","inboundid":"1589948512.1707"},"sn":"a09805021987"}"#,
        ),
        event(
            r#"{"action":"ALERT","callid":"1589947952.1670","ext":{"extid":["101"]},"sn":"a09805021987"}"#,
        ),
        event(r#"{"action":"ANSWER","callid":"1589948512.1709","ext":{"extid":["101","106"]}}"#),
        event(
            r#"{"action":"NewCdr","callid":"1589948512.1707","timestart":"2020-05-20 10:11:22","callfrom":"103","callto":"101","callduraction":"10","talkduraction":"5","status":"ANSWERED","type":"Inbound","sn":"a09805021987"}"#,
        ),
    ];
    let out = calls_of(items, CallLimits::default()).await;
    assert_eq!(
        names(&out),
        [
            ("Connected".to_owned(), None),
            ("ALERT".into(), Some(1)),
            ("ExtensionStatus".into(), None),
            ("RING".into(), Some(1)),
            ("ALERT".into(), Some(2)),
            ("ANSWER".into(), Some(1)),
            ("NewCdr".into(), Some(1)),
        ]
    );
    assert!(out.iter().all(|i| i.joined.is_empty()));
}

#[tokio::test]
async fn two_byes_with_different_callids_stay_on_their_call() {
    let items = vec![
        event(
            r#"{"action":"ANSWER","callid":"1589953914.1775","ext":{"extid":"101"},"outbound":{"from":"101","to":"16103","trunk":"to-18-16-2","outboundid":"1589953914.1775"}}"#,
        ),
        event(
            r#"{"action":"BYE","callid":"1589953914.1775","ext":{"extid":["101"]},"outbound":{"from":"101","to":"16103","trunk":"to-18-16-2","outboundid":"1589953914.1775"}}"#,
        ),
        event(
            r#"{"action":"BYE","callid":"1589953914.1777","outbound":{"from":"101","to":"16103","trunk":"to-18-16-2","outboundid":"1589953914.1775"}}"#,
        ),
        event(r#"{"action":"NewCdr","callid":"1589953914.1777","status":"ANSWERED"}"#),
    ];
    let out = calls_of(items, CallLimits::default()).await;
    let calls: Vec<Option<u64>> = names(&out).into_iter().map(|(_, c)| c).collect();
    assert_eq!(calls, [Some(1), Some(1), Some(1), Some(1)]);
}

#[tokio::test]
async fn an_event_naming_two_known_calls_joins_them_into_the_older() {
    let items = vec![
        event(r#"{"action":"ALERT","callid":"1589948179.1692","ext":{"extid":"106"}}"#),
        event(r#"{"action":"RING","callid":"1589948178.1690","ext":{"extid":"101"}}"#),
        event(
            r#"{"action":"ANSWER","callid":"1589948178.1690","inbound":{"inboundid":"1589948179.1692"}}"#,
        ),
        event(r#"{"action":"BYE","callid":"1589948178.1690"}"#),
    ];
    let out = calls_of(items, CallLimits::default()).await;
    let calls: Vec<Option<u64>> = names(&out).into_iter().map(|(_, c)| c).collect();
    assert_eq!(calls, [Some(1), Some(2), Some(1), Some(1)]);
    assert_eq!(out[2].joined, [CallRef(2)]);
    assert!(out[3].joined.is_empty());
}

#[tokio::test]
async fn past_the_call_limit_the_longest_idle_call_is_forgotten() {
    let limits = CallLimits {
        max_calls: 3,
        ..CallLimits::default()
    };
    let (tx, rx) = queue(64);
    let mut view = PerCall::new(rx, limits);
    for n in 0..10 {
        assert!(
            tx.try_queue(event(&format!(r#"{{"action":"RING","callid":"c{n}"}}"#)))
                .is_ok()
        );
        let tagged = view.next().await.map(|i| i.call.map(CallRef::get));
        assert_eq!(tagged, Some(Some(n + 1)));
        assert!(view.calls() <= 3);
    }
    // c9 is remembered, c0 was forgotten and starts a new call.
    assert!(
        tx.try_queue(event(r#"{"action":"BYE","callid":"c9"}"#))
            .is_ok()
    );
    assert!(
        tx.try_queue(event(r#"{"action":"BYE","callid":"c0"}"#))
            .is_ok()
    );
    let bye9 = view.next().await.and_then(|i| i.call);
    let bye0 = view.next().await.and_then(|i| i.call);
    assert_eq!((bye9, bye0), (Some(CallRef(10)), Some(CallRef(11))));
    assert_eq!(view.calls(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_call_idle_past_the_limit_is_forgotten() {
    let limits = CallLimits {
        idle: Duration::from_secs(60),
        ..CallLimits::default()
    };
    let (tx, rx) = queue(8);
    let mut view = PerCall::new(rx, limits);
    let mut tag = async |body: &str| {
        assert!(tx.try_queue(event(body)).is_ok());
        view.next().await.and_then(|i| i.call).map(CallRef::get)
    };
    assert_eq!(tag(r#"{"action":"RING","callid":"a"}"#).await, Some(1));
    tokio::time::advance(Duration::from_secs(59)).await;
    assert_eq!(tag(r#"{"action":"ANSWER","callid":"a"}"#).await, Some(1));
    tokio::time::advance(Duration::from_secs(59)).await;
    assert_eq!(tag(r#"{"action":"BYE","callid":"a"}"#).await, Some(1));
    tokio::time::advance(Duration::from_secs(61)).await;
    assert_eq!(tag(r#"{"action":"RING","callid":"a"}"#).await, Some(2));
}

#[tokio::test]
async fn empty_ids_tie_nothing_and_a_call_keeps_at_most_its_key_limit() {
    let limits = CallLimits {
        max_keys_per_call: 2,
        ..CallLimits::default()
    };
    let items = vec![
        event(r#"{"action":"RING","callid":" ","channel_id":""}"#),
        event(r#"{"action":"RING","callid":"x","inboundid":"y","outboundid":"z"}"#),
        event(r#"{"action":"ANSWER","outboundid":"z"}"#),
        event(r#"{"action":"BYE","inboundid":"y"}"#),
    ];
    let out = calls_of(items, limits).await;
    let calls: Vec<Option<u64>> = names(&out).into_iter().map(|(_, c)| c).collect();
    // `z` was past the limit: it finds no call, so the ANSWER starts one.
    assert_eq!(calls, [None, Some(1), Some(2), Some(1)]);
}
