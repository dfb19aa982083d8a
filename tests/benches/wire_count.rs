//! One side of one wire row, run a given number of times, for counting its instructions under
//! callgrind (`scripts/wire-instructions.py`): instruction counts repeat from run to run on a
//! shared machine, where times move by ±0.2 in ratio.
//!
//! ```text
//! wire_count list                      # every side's id, one per line
//! wire_count <id> <iterations>         # run it; only `counted` is to be measured
//! ```

mod shapes;

use std::hint::black_box;
use std::io::Write;
use std::process::ExitCode;

/// The loop callgrind counts (`--toggle-collect=*wire_count*counted*`): `iterations` runs of
/// `run`, after one uncounted run that warms the allocator and any lazy state.
#[inline(never)]
fn counted(run: &dyn Fn(), iterations: u64) {
    for _ in 0..black_box(iterations) {
        run();
    }
}

fn main() -> ExitCode {
    let rows = shapes::rows();
    let sides = rows.iter().flat_map(|r| {
        [&r.generated, &r.baseline].map(|side| (format!("{}/{}", r.group, r.name_of(side)), side))
    });
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [list] if list == "list" => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) ends the list quietly.
            let _ = sides
                .into_iter()
                .try_for_each(|(id, _)| writeln!(out, "{id}"));
            ExitCode::SUCCESS
        }
        [id, iterations] => {
            let Ok(iterations) = iterations.parse::<u64>() else {
                eprintln!("wire_count: iterations must be a number, not {iterations:?}");
                return ExitCode::FAILURE;
            };
            let Some((_, side)) = sides.into_iter().find(|(i, _)| i == id) else {
                eprintln!("wire_count: no row {id:?} (`wire_count list` lists them)");
                return ExitCode::FAILURE;
            };
            (side.run)();
            counted(&*side.run, iterations);
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: wire_count list | wire_count <id> <iterations>");
            ExitCode::FAILURE
        }
    }
}
