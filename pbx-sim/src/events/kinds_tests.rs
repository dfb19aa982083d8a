//! Every body the simulator can send, for every family and format, decodes with the family's
//! generated decoder into a declared variant (never the unknown one): each kind of change
//! (the list is checked against `Change` by an exhaustive match), on each way a call goes,
//! through every report shape, the P-Series frames and the Switchvox triggers, plus BootUp.

use pbx_api::wire::event::{FamilyEvents, RawEvent};
use pbx_api::{openvox, switchvox, yeastar_p, yeastar_s, yeastar_v2};

use super::change::{CallFacts, Change, Failure, Happened, Leg};
use super::config::{Trigger, TriggerEvent};
use super::v1::Shape;
use crate::model::Cdr;

/// One of every change, each with what it carries filled in; hung up by each party.
fn changes(answered: bool, from: &str, to: &str) -> Vec<Change> {
    let cdr = Cdr {
        id: "1700000000.7".into(),
        family: "any",
        from: "1000".into(),
        to: "1001".into(),
        start: 1_700_000_000,
        duration: 12,
        disposition: if answered { "ANSWERED" } else { "NO ANSWER" },
        recording: answered.then(|| "rec.wav".to_owned()),
        seq: 7,
        inbound: false,
    };
    let all = vec![
        Change::Dialled,
        Change::Ringing,
        Change::Answered,
        Change::Held(true),
        Change::Held(false),
        Change::Transferred {
            joined: "1002".into(),
        },
        Change::HungUp {
            by: to.into(),
            cdr: Some(cdr.clone()),
        },
        Change::HungUp {
            by: from.into(),
            cdr: Some(cdr),
        },
        Change::HungUp {
            by: from.into(),
            cdr: None,
        },
        Change::Failed(Failure::Busy),
    ];
    // A new kind of change fails to compile here until it is listed above.
    for change in &all {
        match change {
            Change::Dialled
            | Change::Ringing
            | Change::Answered
            | Change::Held(_)
            | Change::Transferred { .. }
            | Change::HungUp { .. }
            | Change::Failed(Failure::Busy) => {}
        }
    }
    all
}

/// Every change on every way a call goes, in `family`.
fn happenings(family: &'static str) -> Vec<Happened> {
    let mut out = Vec::new();
    for leg in [Leg::Internal, Leg::Outbound, Leg::Inbound] {
        let (from, to) = match leg {
            Leg::Internal => ("1000", "1001"),
            Leg::Outbound => ("1000", "5551234"),
            Leg::Inbound => ("+15550100", "1001"),
        };
        for answered in [true, false] {
            for change in changes(answered, from, to) {
                out.push(Happened {
                    call: CallFacts {
                        id: "1700000000.7".into(),
                        family,
                        from: from.into(),
                        to: to.into(),
                        leg,
                        from_channel: "PJSIP/1000-00000001".into(),
                        to_channel: "PJSIP/1001-00000002".into(),
                    },
                    change,
                });
            }
        }
    }
    out
}

/// Decodes `raw` as `E` and fails unless it is a declared event; the count of bodies.
fn declared<E: FamilyEvents>(what: &str, raw: &RawEvent<'_>) {
    let text = String::from_utf8_lossy(raw.body);
    let event = E::decode(raw).unwrap_or_else(|e| panic!("{what}: {e}: {text} {}", raw.query));
    assert!(
        !event.is_unknown(),
        "{what}: not a declared event: {event:?} from {text} {}",
        raw.query
    );
}

fn reports<E: FamilyEvents>(family: &'static str, shape: Option<Shape>) -> usize {
    let mut n = 0;
    for h in happenings(family) {
        let bodies: Vec<String> = match shape {
            Some(shape) => super::v1::bodies(shape, "369300000001", &h)
                .into_iter()
                .map(|b| b.text)
                .collect(),
            None => super::v2::bodies("369300000001", &h),
        };
        for body in bodies {
            declared::<E>(
                &format!("{family} {shape:?} {:?}", h.change),
                &RawEvent::body(body.as_bytes()),
            );
            n += 1;
        }
    }
    if let Some(shape) = shape {
        let boot = super::v1::boot_up("369300000001");
        declared::<E>(
            &format!("{family} {shape:?} BootUp"),
            &RawEvent::body(boot.text.as_bytes()),
        );
        n += 1;
    }
    n
}

#[test]
fn every_report_shape_decodes_into_declared_events() {
    assert!(reports::<openvox::events::Event>("openvox", Some(Shape::OpenVox)) > 50);
    for shape in [Shape::Fixed, Shape::Repeated] {
        assert!(reports::<yeastar_s::events::Event>("yeastar_s", Some(shape)) > 50);
        // API 2.0 logins without `version` 2.0.0 get the v1 reports; the family decodes both.
        assert!(reports::<yeastar_v2::events::Event>("yeastar_v2", Some(shape)) > 50);
    }
    assert!(reports::<yeastar_v2::events::Event>("yeastar_v2", None) > 30);
}

#[test]
fn every_p_series_frame_decodes_into_a_declared_event() {
    let mut topics = std::collections::BTreeSet::new();
    for h in happenings("yeastar_p") {
        for frame in super::p_series::frames("369300000001", &h) {
            topics.insert(frame.topic);
            declared::<yeastar_p::events::Event>(
                &format!("{:?}", h.change),
                &RawEvent::body(frame.text.as_bytes()),
            );
        }
    }
    assert_eq!(
        topics.into_iter().collect::<Vec<_>>(),
        [30008, 30011, 30012, 30015, 30016]
    );
}

#[test]
fn every_switchvox_trigger_decodes_into_a_declared_event() {
    // Every event with every variable the simulator fills, keyed by the variables' names
    // as the family's spec recommends.
    let query = "CALLER_ID_NAME=%CALLER_ID_NAME%&CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&INCOMING_DID=%INCOMING_DID%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%";
    let triggers: Vec<Trigger> = TriggerEvent::ALL
        .iter()
        .map(|(name, event)| Trigger {
            event: *event,
            url: format!("http://127.0.0.1:9/{name}?{query}"),
            post: true,
        })
        .collect();
    let mut names = std::collections::BTreeSet::new();
    for h in happenings("switchvox") {
        for (target, _) in super::switchvox::requests(&triggers, &h) {
            let target = target.unwrap_or_else(|e| panic!("{e}"));
            let (path, query) = target.path.split_once('?').unwrap_or((&target.path, ""));
            names.insert(path.to_owned());
            let raw = RawEvent {
                body: b"",
                path,
                query,
            };
            declared::<switchvox::events::Event>(&format!("{:?}", h.change), &raw);
        }
    }
    assert_eq!(names.len(), TriggerEvent::ALL.len(), "{names:?}");
}
