//! The generator's own cost per endpoint, without a compiler around it: parsing spec text
//! with spans, checking the model and the documented examples, and generating tokens. The
//! rest of a macro expansion (handing tokens to rustc, expanding the derives) is measured by
//! `scripts/generator-scale.py`.
//!
//! ```text
//! cargo bench -p pbx-gen --bench generate
//! ```

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

const FAMILY: &str = include_str!("../../specs/openvox/family.toml");
const DIAL: &str = include_str!("../../specs/openvox/extension/dial_outbound.toml");
const QUERY: &str = include_str!("../../specs/openvox/outbound/query.toml");

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    for (name, text) in [("dial_outbound", DIAL), ("outbound_query", QUERY)] {
        let modules: Vec<String> = (0..100).map(|i| format!("{name}_{i}")).collect();
        let endpoints: Vec<(&str, &str)> = modules.iter().map(|m| (m.as_str(), text)).collect();
        group.bench_function(format!("100 x {name}: tokens"), |b| {
            b.iter(|| pbx_gen::generate_from_text(FAMILY, black_box(&endpoints)))
        });
        group.bench_function(format!("100 x {name}: tokens as text"), |b| {
            b.iter(|| {
                pbx_gen::generate_from_text(FAMILY, black_box(&endpoints)).map(|t| t.to_string())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
