//! Property tests: for every endpoint, random requests built from its spec's parameters
//! (awkward text included: `<`, `&`, quotes, non-ASCII), kept when the spec's checks accept
//! them, encode and decode back to themselves in every format the endpoint speaks.
//!
//! Likewise every endpoint's responses: random valid responses built from the response fields
//! of its spec file (every field kind, unlisted enum values, lists, nested objects, optional
//! fields absent, `null` or present), read from the JSON a PBX may send, are encoded inside
//! the family's success envelope as the PBX sends them (`Endpoint::encode_response`, what the
//! simulator answers with), and decode back to themselves with `decode_response`, in every
//! format. The JSON they encode to holds exactly the values generated: nothing read is lost.
//!
//! CI runs a few hundred cases per endpoint in a few seconds; `PROPTEST_CASES=10000` runs
//! that many per endpoint for a longer search.

#[path = "properties/response_spec.rs"]
mod response_spec;

use pbx_api::prelude::*;
use pbx_api::wire::write::escape_json;
use pbx_api::wire::{Element, EndpointVisitor, Envelope, ParamKind, ParamMeta};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Text that tests the encoders: markup and quotes, spaces, non-ASCII, and plain digits (which
/// most dial-string constraints accept).
const PIECES: &[&str] = &[
    "1",
    "0",
    "42",
    "9",
    "*",
    "#",
    "+",
    "a",
    "Z",
    "_",
    " ",
    "&",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "é",
    "中",
    "☎",
    ".",
    ",",
    "-",
    "x=1",
    "balance=300",
];

fn value(param: &ParamMeta, entropy: &[u32]) -> Vec<String> {
    let pick = |i: usize| entropy[i % entropy.len()] as usize;
    let text = |offset: usize| {
        let len = 1 + pick(offset) % 6;
        (0..len)
            .map(|i| PIECES[pick(offset + 1 + i) % PIECES.len()])
            .collect::<String>()
    };
    match param.kind {
        ParamKind::Bool => vec![["yes", "no", "1", "0"][pick(0) % 4].to_owned()],
        ParamKind::Integer => vec![(pick(1) % 1000).to_string()],
        ParamKind::Enum => vec![param.values[pick(2) % param.values.len().max(1)].to_owned()],
        ParamKind::List => (0..1 + pick(3) % 3).map(|i| text(10 + 7 * i)).collect(),
        ParamKind::String | ParamKind::Object => vec![text(30)],
    }
}

/// A request for `E` from random values, if the spec accepts them.
fn build<E: Endpoint>(entropy: &[u32], skip: u32) -> Option<E> {
    let mut body = String::from("{");
    let mut first = true;
    for (n, param) in E::META.params.iter().enumerate() {
        if param.kind == ParamKind::Object || (!param.required && (skip >> (n % 32)) & 1 == 1) {
            continue;
        }
        if !first {
            body.push(',');
        }
        first = false;
        escape_json(&mut body, param.name);
        body.push(':');
        let values = value(param, &entropy[n % entropy.len()..]);
        if param.kind == ParamKind::List {
            body.push('[');
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                escape_json(&mut body, v);
            }
            body.push(']');
        } else {
            escape_json(&mut body, &values[0]);
        }
    }
    body.push('}');
    let root = Element::parse_json(body.as_bytes()).ok()?;
    let request = E::read(&root).ok()?;
    request.validate().ok()?;
    Some(request)
}

struct RoundTrip {
    accepted: usize,
}

impl EndpointVisitor for RoundTrip {
    fn visit<E: Endpoint>(&mut self) {
        let mut runner = TestRunner::new(Config {
            cases: cases(256),
            failure_persistence: None,
            ..Config::default()
        });
        let accepted = std::cell::Cell::new(0);
        let strategy = (prop::collection::vec(any::<u32>(), 48), any::<u32>());
        let result = runner.run(&strategy, |(entropy, skip)| {
            let Some(request) = build::<E>(&entropy, skip) else {
                return Ok(());
            };
            accepted.set(accepted.get() + 1);
            for format in E::META.formats {
                if pbx_api::wire::query::has_query(E::META) {
                    // Parameters in the URL: the whole request round-trips, query and body.
                    // At the version that added the endpoint, if a later one did.
                    let version = E::META.since.unwrap_or(E::META.api.version);
                    let http = request
                        .to_http_at(*format, "t", version)
                        .map_err(|e| TestCaseError::fail(format!("{}: {e}", E::META.id)))?;
                    let query: Vec<(String, String)> = http
                        .path_and_query
                        .split_once('?')
                        .map_or("", |(_, q)| q)
                        .split('&')
                        .filter_map(|kv| kv.split_once('='))
                        .map(|(k, v)| (k.to_owned(), v.to_owned()))
                        .collect();
                    let (again, _) =
                        E::decode_lenient_http(*format, &query, &http.body).map_err(|e| {
                            TestCaseError::fail(format!("{} {format}: {e}", E::META.id))
                        })?;
                    prop_assert_eq!(&again, &request, "{} {}", E::META.id, format);
                    continue;
                }
                let body = request
                    .encode(*format)
                    .map_err(|e| TestCaseError::fail(format!("{}: {e}", E::META.id)))?;
                let again = E::decode(*format, &body).map_err(|e| {
                    TestCaseError::fail(format!(
                        "{} {format}: {e}: {}",
                        E::META.id,
                        String::from_utf8_lossy(&body)
                    ))
                })?;
                prop_assert_eq!(&again, &request, "{} {}", E::META.id, format);
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{}: {e}", E::META.id);
        }
        self.accepted += accepted.get();
    }
}

#[test]
fn random_valid_requests_of_every_endpoint_round_trip_in_every_format() {
    let mut visitor = RoundTrip { accepted: 0 };
    pbx_api::for_each_endpoint(&mut visitor);
    eprintln!("{} random requests round-tripped", visitor.accepted);
    // Most generated requests pass their spec's checks; a property that never runs proves nothing.
    assert!(
        visitor.accepted > pbx_api::ENDPOINTS.len() * 40,
        "only {} accepted",
        visitor.accepted
    );
}

/// Cases per endpoint: `default`, or `PROPTEST_CASES` for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// The result fields of a JSON success response, without the envelope.
fn result_fields(envelope: Envelope, mut body: serde_json::Value) -> Option<serde_json::Value> {
    match envelope {
        Envelope::Status | Envelope::Errcode => {
            let members = body.as_object_mut()?;
            for reserved in envelope.reserved_fields() {
                members.remove(*reserved);
            }
            Some(body)
        }
        Envelope::Switchvox => Some(body.get_mut("response")?.get_mut("result")?.take()),
    }
}

struct ResponseRoundTrip {
    cases: usize,
}

impl EndpointVisitor for ResponseRoundTrip {
    fn visit<E: Endpoint>(&mut self) {
        let id = E::META.id;
        let fields = response_spec::response_fields(&response_spec::spec_path(E::META.spec));
        // Control characters only where no XML body could be asked for.
        let json_only = !E::META.supports(Format::Xml);
        let mut runner = TestRunner::new(Config {
            // A response without fields has one value: a few cases say all there is.
            cases: if fields.is_empty() { 2 } else { cases(96) },
            failure_persistence: None,
            ..Config::default()
        });
        let ran = std::cell::Cell::new(0);
        let strategy = response_spec::object(&fields, json_only);
        let result = runner.run(&strategy, |(sent, canonical)| {
            ran.set(ran.get() + 1);
            let sent = sent.to_string();
            let root = Element::parse_json(sent.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("{id}: {e}: {sent}")))?;
            let response = E::Response::read(&root)
                .map_err(|e| TestCaseError::fail(format!("{id}: reading {sent}: {e}")))?;
            for format in E::META.formats {
                let body = E::encode_response(&response, *format);
                let shown = String::from_utf8_lossy(&body);
                let again = E::decode_response(*format, &body)
                    .map_err(|e| TestCaseError::fail(format!("{id} {format}: {e:?}: {shown}")))?;
                prop_assert_eq!(&again, &response, "{} {}: {}", id, format, shown);
                let twice = E::encode_response(&again, *format);
                prop_assert_eq!(
                    String::from_utf8_lossy(&twice),
                    shown,
                    "{} {}: not the same body again",
                    id,
                    format
                );
            }
            // Nothing generated was dropped or changed on the way in: encoding writes it all.
            let body = E::encode_response(&response, Format::Json);
            let written: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|e| TestCaseError::fail(format!("{id}: {e}")))?;
            let written = result_fields(E::META.api.envelope, written).ok_or_else(|| {
                TestCaseError::fail(format!(
                    "{id}: no result in {}",
                    String::from_utf8_lossy(&body)
                ))
            })?;
            let canonical = if E::META.api.envelope == Envelope::Switchvox {
                response_spec::one_or_many(canonical)
            } else {
                canonical
            };
            prop_assert_eq!(
                response_spec::scalars_as_text(&written),
                response_spec::scalars_as_text(&canonical),
                "{}: sent {}",
                id,
                sent
            );
            Ok(())
        });
        if let Err(e) = result {
            panic!("{id}: {e}");
        }
        self.cases += ran.get();
    }
}

#[test]
fn random_valid_responses_of_every_endpoint_round_trip_in_every_format() {
    let mut visitor = ResponseRoundTrip { cases: 0 };
    pbx_api::for_each_endpoint(&mut visitor);
    eprintln!(
        "{} random responses round-tripped over {} endpoints",
        visitor.cases,
        pbx_api::ENDPOINTS.len()
    );
    assert!(
        visitor.cases >= pbx_api::ENDPOINTS.len() * 2,
        "{}",
        visitor.cases
    );
}
