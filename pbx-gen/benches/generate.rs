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
    // Every repository spec, family by family, as the macros expand them (read from disk
    // first, so file reading is in the time too, as it is in a build).
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let families: Vec<std::path::PathBuf> = std::fs::read_dir(&specs)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("family.toml").is_file())
                .collect()
        })
        .unwrap_or_default();
    let endpoints = families.iter().map(|f| count_specs(f)).sum::<usize>();
    group.bench_function(
        format!("every repository spec ({endpoints} endpoints)"),
        |b| {
            b.iter(|| {
                for family in &families {
                    black_box(pbx_gen::expand_family(
                        family,
                        "specs",
                        proc_macro2::Span::call_site(),
                    ));
                }
            })
        },
    );
    group.finish();
}

/// Endpoint files below a family folder (every `.toml` but `family.toml`).
fn count_specs(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| {
            if p.is_dir() {
                count_specs(&p)
            } else if p.extension().is_some_and(|x| x == "toml")
                && p.file_name().is_some_and(|n| n != "family.toml")
            {
                1
            } else {
                0
            }
        })
        .sum()
}

criterion_group!(benches, generate);
criterion_main!(benches);
