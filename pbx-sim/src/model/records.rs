//! Call records written when calls end, and a recording of each answered one: searched by
//! the query endpoints, and served as bytes and CSV to download handlers
//! ([`Records::recording_bytes`], [`Records::cdr_csv`]).

use std::collections::VecDeque;

use super::calls::{CallState, SimCall};

/// One ended call's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cdr {
    /// The record's id (the call's id).
    pub id: String,
    /// The family the call was in.
    pub family: &'static str,
    /// The calling party.
    pub from: String,
    /// The called party (the last one, after transfers).
    pub to: String,
    /// Start, Unix seconds.
    pub start: u64,
    /// Length in seconds.
    pub duration: u64,
    /// `ANSWERED` or `NO ANSWER`.
    pub disposition: &'static str,
    /// The recording's file name, for answered calls.
    pub recording: Option<String>,
    /// The record's sequence number, from 1 (P-Series CDR and recording `id`s).
    pub seq: u64,
    /// Whether the call came in from outside.
    pub inbound: bool,
}

impl Cdr {
    /// Whether `name` is the record's call id, its sequence number or its recording's file
    /// name.
    pub fn named(&self, name: &str) -> bool {
        self.id == name || self.seq.to_string() == name || self.recording.as_deref() == Some(name)
    }
}

/// Which records a search wants.
#[derive(Debug, Clone, Default)]
pub struct CdrFilter {
    /// Only this family's.
    pub family: Option<String>,
    /// Only calls this number took part in.
    pub number: Option<String>,
    /// Only this record (its call id, sequence number or recording's file name).
    pub id: Option<String>,
    /// Only calls that started at or after this (Unix seconds).
    pub after: Option<u64>,
    /// Only calls that started at or before this (Unix seconds).
    pub before: Option<u64>,
}

impl CdrFilter {
    fn keeps(&self, r: &Cdr) -> bool {
        self.family.as_deref().is_none_or(|f| f == r.family)
            && self
                .number
                .as_deref()
                .is_none_or(|n| n == r.from || n == r.to)
            && self.id.as_deref().is_none_or(|i| r.named(i))
            && self.after.is_none_or(|t| r.start >= t)
            && self.before.is_none_or(|t| r.start <= t)
    }
}

/// The records, oldest first, with a bound so a long run does not grow without end.
#[derive(Debug, Default)]
pub struct Records {
    cdrs: VecDeque<Cdr>,
    next_seq: u64,
}

/// How many records are kept: the newest thousand, enough for any test or demo to find its
/// calls' records, and a bound that keeps a long load run's memory flat.
const KEEP: usize = 1_000;

impl Records {
    /// Writes the record of `call`, which has just ended.
    pub fn write(&mut self, call: &SimCall) -> Cdr {
        let answered = call.state != CallState::Ringing;
        self.next_seq += 1;
        let cdr = Cdr {
            seq: self.next_seq,
            inbound: call.inbound,
            id: call.id.clone(),
            family: call.family,
            from: call.from.clone(),
            to: call.to.clone(),
            start: call.started_unix,
            duration: call.seconds(),
            disposition: if answered { "ANSWERED" } else { "NO ANSWER" },
            recording: answered.then(|| {
                format!(
                    "{}-{}-{}-{}.wav",
                    call.started_unix,
                    call.from,
                    call.to,
                    call.id.replace('.', "")
                )
            }),
        };
        if self.cdrs.len() >= KEEP {
            self.cdrs.pop_front();
        }
        self.cdrs.push_back(cdr.clone());
        cdr
    }

    /// The records `filter` keeps.
    pub fn search(&self, filter: &CdrFilter) -> Vec<Cdr> {
        self.cdrs
            .iter()
            .filter(|r| filter.keeps(r))
            .cloned()
            .collect()
    }

    /// The records `filter` keeps as CSV, a header line first (what a CDR download returns).
    pub fn cdr_csv(&self, filter: &CdrFilter) -> String {
        csv_of(self.search(filter))
    }

    /// The records `filter` keeps that any of `numbers` took part in (all it keeps when
    /// `None`) as CSV, like [`Records::cdr_csv`]: a CDR download for several extensions.
    pub fn cdr_csv_of(&self, filter: &CdrFilter, numbers: Option<&[String]>) -> String {
        let kept = self.cdrs.iter().filter(|r| {
            filter.keeps(r)
                && numbers.is_none_or(|ns| ns.iter().any(|n| *n == r.from || *n == r.to))
        });
        csv_of(kept.cloned().collect())
    }

    /// The recording named `id` (its file name or its call's id) as WAV bytes: a valid
    /// 8 kHz 16-bit mono header and a second of silence per call second (at least one).
    pub fn recording_bytes(&self, id: &str) -> Option<Vec<u8>> {
        let r = self.cdrs.iter().find(|r| r.named(id))?;
        r.recording.as_ref()?;
        Some(wav(r.duration.clamp(1, 60)))
    }

    /// The size in bytes of `r`'s recording ([`Records::recording_bytes`]'s length).
    pub fn recording_size(r: &Cdr) -> u64 {
        44 + r.duration.clamp(1, 60) * 16_000
    }
}

/// Records as CSV, a header line first.
fn csv_of(records: Vec<Cdr>) -> String {
    let mut out = String::from("callid,timestart,callfrom,callto,callduraction,status,recording\n");
    for r in records {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            csv(&r.id),
            r.start,
            csv(&r.from),
            csv(&r.to),
            r.duration,
            r.disposition,
            csv(r.recording.as_deref().unwrap_or(""))
        ));
    }
    out
}

/// A field quoted when it holds a comma, quote or line break.
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// `seconds` of 8 kHz 16-bit mono silence as a WAV file.
fn wav(seconds: u64) -> Vec<u8> {
    let data = u32::try_from(seconds * 16_000).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(44 + data as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&8_000u32.to_le_bytes());
    out.extend_from_slice(&16_000u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data.to_le_bytes());
    out.resize(44 + data as usize, 0);
    out
}
