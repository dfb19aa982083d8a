//! The model's rules, with no HTTP: states, transfers, the answer window, records, queues
//! and conferences.

use std::time::Duration;

use super::*;

#[test]
fn hold_mute_and_transfer_change_the_call_and_unknown_calls_are_not_found() {
    let mut m = Model::default();
    let call = m.calls.start("yeastar_s", "1000", "5551234", false);
    assert_eq!(call.state, CallState::Talking);
    assert_eq!(
        m.calls.hold("yeastar_s", &call.id, true).map(|c| c.state),
        Ok(CallState::Held)
    );
    assert_eq!(
        m.calls
            .hold("yeastar_s", &call.channel, false)
            .map(|c| c.state),
        Ok(CallState::Talking)
    );
    assert_eq!(
        m.calls.mute("yeastar_s", &call.id, true).map(|c| c.muted),
        Ok(true)
    );
    let moved = m
        .calls
        .transfer("yeastar_s", &call.id, "1001")
        .expect("transferred");
    assert_eq!(moved.to, "1001");
    assert_ne!(moved.trunk_channel, call.trunk_channel);
    assert!(m.calls.busy("yeastar_s", "1001"));
    // Another family's call of the same id is not this one.
    assert_eq!(
        m.calls.hold("openvox", &call.id, true),
        Err(CallError::NotFound)
    );
    assert_eq!(m.hang_up("yeastar_s", "9999"), Err(CallError::NotFound));
    let ended = m.hang_up("yeastar_s", &moved.trunk_channel).expect("ended");
    assert_eq!(ended.id, call.id);
    let cdr = m.records.search(&CdrFilter::default());
    assert_eq!(cdr.len(), 1);
    assert_eq!(cdr[0].to, "1001");
}

#[test]
fn inbound_calls_ring_and_are_accepted_or_refused_within_the_window_only() {
    let mut m = Model::default();
    let a = m.calls.start("openvox", "5550100", "1000", true);
    assert_eq!(a.state, CallState::Ringing);
    assert!(a.channel.contains("1000"));
    assert_eq!(
        m.calls
            .accept("openvox", &a.id, m.answer_window)
            .map(|c| c.state),
        Ok(CallState::Talking)
    );
    let b = m.calls.start("openvox", "5550101", "1001", true);
    m.refuse("openvox", &b.id).expect("refused");
    assert!(!m.calls.busy("openvox", "1001"));
    let refused = m.records.search(&CdrFilter {
        number: Some("1001".into()),
        ..CdrFilter::default()
    });
    assert_eq!(refused[0].disposition, "NO ANSWER");
    assert!(m.recording_bytes(&b.id).is_none());
    // After the window: too late either way, and the call stays up.
    m.answer_window = Duration::ZERO;
    let c = m.calls.start("openvox", "5550102", "1002", true);
    std::thread::sleep(Duration::from_millis(5));
    assert_eq!(
        m.calls.accept("openvox", &c.id, m.answer_window),
        Err(CallError::TimedOut)
    );
    assert_eq!(m.refuse("openvox", &c.id), Err(CallError::TimedOut));
    assert!(m.calls.busy("openvox", "1002"));
}

#[test]
fn ids_and_channels_are_in_each_familys_format() {
    let mut m = Model::default();
    let s = m.calls.start("yeastar_s", "1000", "2000", false);
    let (secs, seq) = s.id.split_once('.').expect("seconds.sequence");
    assert!(secs.bytes().all(|b| b.is_ascii_digit()) && seq.bytes().all(|b| b.is_ascii_digit()));
    assert!(s.channel.starts_with("PJSIP/1000-"));
    let v = m.calls.start("switchvox", "1000", "2000", false);
    assert!(v.id.bytes().all(|b| b.is_ascii_digit()), "{}", v.id);
}

#[test]
fn records_search_and_csv_quote_what_needs_it() {
    let mut m = Model::default();
    let a = m.calls.start("yeastar_p", "1000", "55,1", false);
    m.hang_up("yeastar_p", &a.id).expect("ended");
    let b = m.calls.start("yeastar_p", "1001", "2000", false);
    m.hang_up("yeastar_p", &b.id).expect("ended");
    let only = CdrFilter {
        number: Some("1001".into()),
        ..CdrFilter::default()
    };
    assert_eq!(m.records.search(&only).len(), 1);
    let csv = m.cdr_csv(&CdrFilter::default());
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains("\"55,1\""), "{csv}");
    let wav = m.recording_bytes(&a.id).expect("recorded");
    assert_eq!(wav.len(), 44 + 16_000);
}

#[test]
fn queue_agents_and_conference_members() {
    let mut g = Groups::default();
    g.agent_add("yeastar_s", "6700", "1000").expect("added");
    assert_eq!(
        g.agent_add("yeastar_s", "6700", "1000"),
        Err(GroupError::Busy)
    );
    g.agent_pause("yeastar_s", "6700", "1000", true)
        .expect("paused");
    assert!(g.agents("yeastar_s", Some("6700"))[0].paused);
    g.agent_pause("yeastar_s", "6700", "1000", false)
        .expect("unpaused");
    assert!(!g.agents("yeastar_s", None)[0].paused);
    assert_eq!(
        g.agent_pause("yeastar_s", "6701", "1000", true),
        Err(GroupError::NotFound)
    );
    g.agent_remove("yeastar_s", "6700", "1000")
        .expect("removed");
    assert!(g.agents("yeastar_s", Some("6700")).is_empty());
    assert_eq!(
        g.agent_remove("yeastar_s", "6700", "1000"),
        Err(GroupError::NotFound)
    );

    g.member_add("yeastar_v2", "6400", "1000").expect("added");
    g.member_add("yeastar_v2", "6400", "1001").expect("added");
    g.member_mute("yeastar_v2", "6400", "1001", true)
        .expect("muted");
    let members = g.members("yeastar_v2", Some("6400"));
    assert_eq!(members.len(), 2);
    assert!(members.iter().any(|m| m.number == "1001" && m.muted));
    g.member_kick("yeastar_v2", "6400", "1000").expect("kicked");
    assert_eq!(g.members("yeastar_v2", None).len(), 1);
    assert_eq!(
        g.member_kick("yeastar_v2", "6400", "1000"),
        Err(GroupError::NotFound)
    );
    assert!(g.members("yeastar_s", None).is_empty());
}

#[test]
fn a_threeway_attended_transfer_resumes_both_calls_and_ends_the_transfer() {
    let mut m = Model::default();
    let first = m.calls.start("yeastar_v2", "1000", "5551234", false);
    let held = m
        .attended_transfer("yeastar_v2", &first.channel, "1001")
        .expect("consulting");
    assert_eq!(held.state, CallState::Held);
    assert_eq!(
        m.attended_transfer("yeastar_v2", &first.channel, "1002"),
        Err(CallError::Busy)
    );
    let joined = m
        .attended_operate("yeastar_v2", &first.channel, Operate::Threeway)
        .expect("three-way");
    assert_eq!(joined.state, CallState::Talking);
    let states: Vec<CallState> = m.calls.of("yeastar_v2").map(|c| c.state).collect();
    assert_eq!(states, [CallState::Talking, CallState::Talking]);
    assert_eq!(
        m.attended_operate("yeastar_v2", &first.channel, Operate::Complete),
        Err(CallError::NotFound)
    );
    // Hanging up a call of a transfer under way ends the transfer.
    m.attended_transfer("yeastar_v2", &first.channel, "1003")
        .expect("consulting again");
    m.hang_up("yeastar_v2", &first.id).expect("hung up");
    assert!(m.consults.is_empty());
}

#[test]
fn extension_ids_are_stable_and_outside_numbers_are_not_extensions() {
    let mut e = Extensions::default();
    assert_eq!(e.id_of("1000"), Some(1));
    assert_eq!(e.number_of(10), Some("1009"));
    let id = e.learn("2000").expect("an extension");
    assert_eq!(id, 11);
    assert_eq!(e.learn("2000"), Some(id));
    assert_eq!(e.learn("5551234567"), None);
    assert_eq!(e.learn("12a"), None);
    assert_eq!((e.number_of(0), e.number_of(12)), (None, None));
    assert_eq!(e.all().count(), 11);
}
