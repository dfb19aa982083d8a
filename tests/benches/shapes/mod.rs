//! The wire benchmarks' rows: each is one shape (an endpoint's request or response in one
//! format), run by the generated code and by a hand-written equivalent of the same shape.
//! `wire.rs` times them with criterion; `wire_count.rs` runs one side of one row a given
//! number of times, for `scripts/wire-instructions.py` to count its instructions under
//! callgrind. Both read the same rows, so the two measurements cannot drift apart.

mod decode;
mod encode;
pub mod hand;

use std::hint::black_box;

use pbx_api::prelude::*;
use serde::Serialize;

/// One side of a row: what its benchmark is called, and one iteration of it (the result is
/// passed through `black_box` and dropped inside, as criterion's `iter` does).
pub struct Side {
    pub label: &'static str,
    pub run: Box<dyn Fn()>,
}

/// A shape measured both ways, in criterion's group `group` (`encode` or `decode`).
pub struct Row {
    pub group: &'static str,
    pub name: &'static str,
    pub generated: Side,
    pub baseline: Side,
}

impl Row {
    /// The name of one side within its group, `name/label`: criterion's benchmark id after
    /// the group's, and `wire_count`'s after `group/`.
    pub fn name_of(&self, side: &Side) -> String {
        format!("{}/{}", self.name, side.label)
    }
}

/// A row whose generated side is `generated` and whose hand-written side, called `baseline`
/// in the results, is `hand`. Fixtures are `'static` (leaked once) so each closure owns
/// nothing but references.
fn row<A, B, RA, RB>(
    group: &'static str,
    name: &'static str,
    baseline: &'static str,
    generated: A,
    hand: B,
) -> Row
where
    A: Fn() -> RA + 'static,
    B: Fn() -> RB + 'static,
{
    Row {
        group,
        name,
        generated: Side {
            label: "generated",
            run: Box::new(move || {
                black_box(generated());
            }),
        },
        baseline: Side {
            label: baseline,
            run: Box::new(move || {
                black_box(hand());
            }),
        },
    }
}

/// A value that lives for the rest of the benchmark.
fn fixture<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// Every row, encoders first, in the order the results are written down.
pub fn rows() -> Vec<Row> {
    let mut rows = encode::rows();
    rows.extend(decode::rows());
    rows
}

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n";

/// quick-xml's serde output with the XML declaration the generated encoder writes.
fn xml_string<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = String::from(DECL);
    let body = quick_xml::se::to_string(value).unwrap_or_default();
    out.push_str(&body);
    out.into_bytes()
}

/// Whether the direct path (no document tree) decodes `body` as `E`'s success, so that a
/// benchmark of the generated decoder measures the path real answers take.
fn direct<E: Endpoint>(format: Format, body: &[u8]) -> bool {
    let meta = E::META;
    match format {
        Format::Json => meta
            .api
            .envelope
            .read_json_success::<E::Response>(body, meta.rpc_method)
            .is_some(),
        Format::Xml => meta
            .api
            .envelope
            .read_xml_success::<E::Response>(body, meta.rpc_method)
            .is_some(),
    }
}
