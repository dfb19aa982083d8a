//! Wire speed: the generated encoders and decoders against hand-written equivalents of the
//! same shapes (serde derives with serde_json, and quick-xml's serde support), on the seed
//! documents' requests and responses, in the same run. The rows are in `shapes/`, shared with
//! `wire_count.rs` (instruction counts).
//!
//! ```text
//! cargo bench -p pbx-tests --bench wire
//! ```

mod shapes;

use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let rows = shapes::rows();
    for group in ["encode", "decode"] {
        let mut g = c.benchmark_group(group);
        for row in rows.iter().filter(|r| r.group == group) {
            // Each row's two sides are adjacent, so the machine's state is alike for both.
            for side in [&row.generated, &row.baseline] {
                g.bench_function(row.name_of(side), |b| b.iter(|| (side.run)()));
            }
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
